// Gemma3ImageProcessor (models/gemma3/image_processing_pil_gemma3.py): optional pan-and-scan
// crops of wide or tall images (computed on the original, before any resize), then the
// original and each crop are resized to `size` (bilinear), rescaled and normalized.
// Outputs: pixel_values (sum of 1 + crops, C, H, W) and num_crops int64 per image.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct Gemma3Options : CommonOptions {
    std::optional<bool> do_pan_and_scan;
    std::optional<int> pan_and_scan_min_crop_size;
    std::optional<int> pan_and_scan_max_num_crops;
    std::optional<double> pan_and_scan_min_ratio_to_activate;
    static constexpr auto fields() {
        using O = Gemma3Options;
        return concat_fields(
            common_fields<O>(),
            make_fields(OptionField<O, bool>{"do_pan_and_scan", &O::do_pan_and_scan},
                            OptionField<O, int>{"pan_and_scan_min_crop_size", &O::pan_and_scan_min_crop_size},
                            OptionField<O, int>{"pan_and_scan_max_num_crops", &O::pan_and_scan_max_num_crops},
                            OptionField<O, double>{"pan_and_scan_min_ratio_to_activate", &O::pan_and_scan_min_ratio_to_activate}));
    }
    friend bool operator==(const Gemma3Options&, const Gemma3Options&) = default;
};

namespace geometry {
// One pan-and-scan crop box in the original image (clipped at the right/bottom edge).
struct CropBox {
    int top, left, height, width;
    friend bool operator==(const CropBox&, const CropBox&) = default;
};

// Gemma3's pan_and_scan: split the long side into n crops, n = round-half-up(long/short),
// at most long/min_crop, at least 2, at most max_crops; none when the ratio is below
// min_ratio or a crop would be smaller than min_crop.
inline std::vector<CropBox> pan_and_scan(int height, int width, int min_crop, int max_crops, double min_ratio) {
    if (min_crop <= 0) throw InvalidArgument("pan_and_scan_min_crop_size must be positive, got " + std::to_string(min_crop));
    const bool wide = width >= height;
    const int long_side = wide ? width : height, short_side = wide ? height : width;
    if (double(long_side) / short_side < min_ratio) return {};
    long long n = static_cast<long long>(std::floor(double(long_side) / short_side + 0.5));
    n = std::min(static_cast<long long>(std::floor(double(long_side) / min_crop)), n);
    n = std::max<long long>(2, n);
    n = std::min<long long>(max_crops, n);
    if (n <= 0) return {};
    const int crops_w = wide ? int(n) : 1, crops_h = wide ? 1 : int(n);
    const int cw = int(std::ceil(double(width) / crops_w)), ch = int(std::ceil(double(height) / crops_h));
    if (std::min(cw, ch) < min_crop) return {};
    std::vector<CropBox> boxes;
    for (int i = 0; i < crops_h; ++i)
        for (int j = 0; j < crops_w; ++j) {
            const int top = ch * i, left = cw * j;
            boxes.push_back({top, left, std::min(ch, height - top), std::min(cw, width - left)});
        }
    return boxes;
}
}  // namespace geometry

struct Gemma3Model {
    using options_type = Gemma3Options;
    static constexpr std::string_view class_name = "Gemma3ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(224, 224);
        o.default_to_square = true;
        o.do_convert_rgb = o.do_resize = o.do_rescale = o.do_normalize = true;
        return o;
    }

    static std::vector<geometry::CropBox> crops(int h, int w, const options_type& o) {
        if (!o.pan_and_scan_min_crop_size || !o.pan_and_scan_max_num_crops || !o.pan_and_scan_min_ratio_to_activate)
            throw InvalidArgument("Gemma3: do_pan_and_scan needs pan_and_scan_min_crop_size, pan_and_scan_max_num_crops "
                                  "and pan_and_scan_min_ratio_to_activate (transformers raises TypeError on None)");
        return geometry::pan_and_scan(h, w, *o.pan_and_scan_min_crop_size, *o.pan_and_scan_max_num_crops,
                                      *o.pan_and_scan_min_ratio_to_activate);
    }

    // The original and its crops, each resized to `size`, are bounded like one image
    // before any crop is cut (a 1-pixel min_crop on a long strip could ask for millions).
    static void check_view_pixels(int h, int w, const std::vector<geometry::CropBox>& boxes, const options_type& o) {
        const double limit = double(max_image_pixels());
        auto pixels = [&](int vh, int vw) {
            if (!truthy(o.do_resize)) return double(vh) * double(vw);
            const auto out = geometry::resize_output_size(vh, vw, *o.size);
            return double(out.height) * double(out.width);
        };
        double total = pixels(h, w);
        for (const auto& b : boxes)
            if ((total += pixels(b.height, b.width)) > limit) break;
        if (total > limit)
            throw LimitError("Gemma3: the image and its " + std::to_string(boxes.size()) +
                             " pan-and-scan crops exceed the limit of " + std::to_string(max_image_pixels()) +
                             " pixels per image (pixelprep::set_max_image_pixels)");
    }

    // Every view (the image, then its pan-and-scan crops) is a plan of its own: the crop a
    // window of the input (no copy on the CPU), then the resize, written into the view's own
    // float32 array (pixel_values is one array per view, as transformers lists them). With
    // neither rescale nor normalize the view keeps the dtype the steps give it (uint8, or
    // float where transformers' resize gives float back), so it is finished step by step.
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        struct ViewPlan {
            std::size_t image;
            plan::ImagePlan plan;
            geometry::HeightWidth size;
        };
        std::vector<ViewPlan> views;
        Array<std::int64_t> num_crops(std::vector<std::size_t>{images.size()});
        for (std::size_t i = 0; i < images.size(); ++i) {
            const WorkingImage& img = images[i];
            const int h = height_of(img), w = width_of(img);
            std::vector<geometry::CropBox> boxes;
            if (truthy(o.do_pan_and_scan)) boxes = crops(h, w, o);
            if (!boxes.empty()) check_view_pixels(h, w, boxes, o);
            num_crops(i) = std::int64_t(boxes.size());
            const auto add_view = [&](const geometry::CropBox* box) {
                plan::ImagePlan p;
                geometry::HeightWidth size{h, w};
                int image = -1;
                if (box != nullptr) {
                    // A box can come out empty (the clipped last one): the error an empty image gets.
                    pixelprep::detail::check_dims(box->height, box->width, channels_of(img), "Image");
                    image = p.derive(-1, size, std::nullopt, {box->top, box->left, box->height, box->width});
                    size = {box->height, box->width};
                }
                if (truthy(o.do_resize)) {
                    const geometry::HeightWidth out = geometry::resize_output_size(size.height, size.width, *o.size);
                    image = p.derive(image, out, *o.resample, plan::ImagePlan::whole(out));
                    size = out;
                }
                if (image < 0) image = p.derive(-1, size, std::nullopt, plan::ImagePlan::whole(size));
                p.views.push_back({image, plan::ChannelsFirst{0, size.height, size.width}});
                views.push_back({i, std::move(p), size});
            };
            add_view(nullptr);
            for (const auto& b : boxes) add_view(&b);
        }
        std::vector<Tensor> values;
        values.reserve(views.size());
        if (truthy(o.do_rescale) || truthy(o.do_normalize)) {
            std::vector<Array<float>> arrays(views.size());
            std::vector<plan::Job> jobs;
            for (std::size_t k = 0; k < views.size(); ++k) {
                const ViewPlan& v = views[k];
                arrays[k] = output_array<float>({std::size_t(channels_of(images[v.image])), std::size_t(v.size.height),
                                                 std::size_t(v.size.width)});
                jobs.push_back({&images[v.image], &v.plan, arrays[k].data()});
            }
            op::execute_plans<B>(jobs, o);
            for (auto& a : arrays) values.push_back(std::move(a));
        } else {  // each view keeps the dtype the steps give it
            for (const ViewPlan& v : views) values.push_back(to_tensor(op::execute_views<B>(images[v.image], v.plan, o).front()));
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(values));
        out.set_tensor("num_crops", std::move(num_crops));
        return out;
    }

    // Gemma3Processor: 256 tokens per view (mm_tokens_per_image), the original plus its crops.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        const std::int64_t n = truthy(o.do_pan_and_scan) ? std::int64_t(crops(height, width, o).size()) : 0;
        return 256 * (1 + n);
    }
};

}  // namespace pixelprep
