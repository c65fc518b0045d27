// EomtImageProcessor (models/eomt/image_processing_pil_eomt.py; eomt_dinov3 uses the same
// class). Per image: the PIL backend's resize (shortest_edge + longest_edge: DETR's
// get_size_with_aspect_ratio), then with do_split_image overlapping windows of
// size.shortest_edge along the longer side, then with do_pad zeros bottom/right up to
// (shortest_edge, longest_edge or shortest_edge) -- on the uint8 image, before rescale, so the
// padding ends as -mean/std -- then rescale and normalize. Every image (or window) is one item
// of pixel_values (numpy stacks them, so they must agree in shape).
// patch_offsets is transformers' list of [image index, start, end] per window (int64 tensors),
// and an empty list without splitting (numpy makes that a float64 array of shape (0,)).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/plan/image_plan.hpp"

namespace pixelprep {

struct EomtOptions : CommonOptions {
    std::optional<bool> do_split_image;
    std::optional<int> ignore_index;  // used only with segmentation maps
    static constexpr auto fields() {
        using O = EomtOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, bool>{"do_split_image", &O::do_split_image},
                                              OptionField<O, int>{"ignore_index", &O::ignore_index}));
    }
    friend bool operator==(const EomtOptions&, const EomtOptions&) = default;
};

struct EomtModel {
    using options_type = EomtOptions;
    static constexpr std::string_view class_name = "EomtImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::shortest_longest(640, 640);
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.do_split_image = o.do_pad = false;
        return o;
    }

    // One window of _split_image: rows (or columns, for a landscape or square image) [start,
    // end) of the resized image; numpy's slice keeps what lies inside it.
    struct Window {
        int start = 0, end = 0;
    };

    // _split_image: ceil(long / P) windows of P = size.shortest_edge, the overlap spread
    // evenly (Python float arithmetic, int() truncation).
    static std::vector<Window> split_windows(int height, int width, const options_type& o) {
        const int patch = patch_side(o, "do_split_image");
        const int longer = std::max(height, width);
        const long long n = static_cast<long long>(std::ceil(double(longer) / double(patch)));
        if (n > 65536)
            throw LimitError(std::string(class_name) + ": do_split_image would cut a side of " + std::to_string(longer) +
                             " into " + std::to_string(n) + " windows of " + std::to_string(patch) + " (at most 65536)");
        const double overlap = n > 1 ? double(n * patch - longer) / double(n - 1) : 0.0;
        std::vector<Window> out;
        for (long long i = 0; i < n; ++i) {
            const int start = geometry::python_int(double(i) * (double(patch) - overlap), "EoMT _split_image");
            out.push_back({start, start + patch});
        }
        return out;
    }

    template <class B>
    static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        std::vector<plan::ImagePlan> plans;
        std::vector<std::size_t> image_of;
        std::vector<std::int64_t> flat_offsets;
        for (std::size_t k = 0; k < images.size(); ++k) {
            const int h = height_of(images[k]), w = width_of(images[k]);
            const geometry::HeightWidth size = truthy(o.do_resize) ? geometry::resize_output_size(h, w, *o.size)
                                                                   : geometry::HeightWidth{h, w};
            std::vector<geometry::CropWindow> windows;
            if (truthy(o.do_split_image)) {
                for (const Window& s : split_windows(size.height, size.width, o)) {
                    // numpy's slice of [start, end): what of it lies inside the image.
                    const bool rows = size.height > size.width;
                    const int extent = rows ? size.height : size.width;
                    const int first = std::min(s.start, extent), last = std::min(s.end, extent);
                    windows.push_back(rows ? geometry::CropWindow{first, 0, last - first, size.width}
                                           : geometry::CropWindow{0, first, size.height, last - first});
                    flat_offsets.insert(flat_offsets.end(), {std::int64_t(k), std::int64_t(s.start), std::int64_t(s.end)});
                }
            } else {
                windows.push_back(plan::ImagePlan::whole(size));
            }
            for (const auto& window : windows) {
                plan::ImagePlan p;
                int image = truthy(o.do_resize) ? p.derive(-1, size, o.resample, plan::ImagePlan::whole(size)) : -1;
                if (window != plan::ImagePlan::whole(size)) image = p.derive(image, size, std::nullopt, window);
                if (truthy(o.do_pad)) {
                    // _pad: zeros bottom/right up to the target, never a crop; outside the
                    // window's own image, so the zeros are the image's (before rescale).
                    const int th = patch_side(o, "do_pad");
                    const int tw = o.size->longest_edge && *o.size->longest_edge ? *o.size->longest_edge : th;
                    const geometry::HeightWidth from{window.height, window.width};
                    const geometry::HeightWidth padded{std::max(from.height, th), std::max(from.width, tw)};
                    if (padded.height != from.height || padded.width != from.width)  // derive holds it to the pixel limit
                        image = p.derive(image, from, std::nullopt, plan::ImagePlan::whole(padded));
                }
                if (image < 0) image = p.derive(-1, size, std::nullopt, plan::ImagePlan::whole(size));
                p.views.push_back({image, plan::ChannelsFirst{0, p.size_of(image).height, p.size_of(image).width}});
                plans.push_back(std::move(p));
                image_of.push_back(k);
            }
        }
        BatchFeature out = generic::run_one_view_plans<B>(images, plans, o, image_of);
        std::vector<Tensor> offset_items;
        for (std::size_t i = 0; i + 2 < flat_offsets.size(); i += 3) {
            Array<std::int64_t> item(std::vector<std::size_t>{3});
            std::copy_n(flat_offsets.begin() + std::ptrdiff_t(i), 3, item.data());
            offset_items.push_back(std::move(item));
        }
        out.set_int_lists("patch_offsets", std::move(offset_items));
        return out;
    }

private:
    // size.shortest_edge, which the window and the pad target are sized by.
    static int patch_side(const options_type& o, const char* option) {
        if (!o.size || !o.size->shortest_edge || *o.size->shortest_edge <= 0)
            throw InvalidArgument(std::string(class_name) + ": " + option + " needs a positive size['shortest_edge'], got size " +
                                  (o.size ? o.size->to_string() : std::string("None")));
        return *o.size->shortest_edge;
    }
};

}  // namespace pixelprep
