// FuyuImageProcessor (models/fuyu/image_processing_pil_fuyu.py). A flat list is one image
// per sample, a nested list one sample per inner list (make_list_of_list_of_images). Each
// image larger than `size` (height, width) in either side is scaled down by
// min(height / h, width / w) (Python floats; sides int()-truncated), smaller ones are kept;
// then, in the image's own dtype (uint8 for decoded images), padded at the bottom/right to
// `size` with numpy's pad (`padding_mode`, `padding_value` for "constant": 1 by default),
// and only then rescaled and normalized (mean and std 0.5: the pad becomes -0.992...).
// Outputs, one row per sample, from its *first* image as transformers records them:
// `images` (images, C, H, W) per sample, `image_unpadded_heights` / `image_unpadded_widths`
// (1,) int64 of the resized size, `image_scale_factors` (1,) float64 = resized height /
// original height, and `image_sizes` (2,) int64 = the original size.
// `patch_size` is kept for the processor (its patch counts), not read by preprocess.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/stack_group.hpp"
#include "pixelprep/numerics/numpy_pad.hpp"

namespace pixelprep {

struct FuyuOptions : CommonOptions {
    std::optional<SizeSpec> patch_size;
    std::optional<ChannelValues> padding_value;  // a number
    std::optional<std::string> padding_mode;
    static constexpr auto fields() {
        using O = FuyuOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, SizeSpec>{"patch_size", &O::patch_size},
                                              OptionField<O, ChannelValues>{"padding_value", &O::padding_value},
                                              OptionField<O, std::string>{"padding_mode", &O::padding_mode}));
    }
    friend bool operator==(const FuyuOptions&, const FuyuOptions&) = default;
};

struct FuyuModel {
    using options_type = FuyuOptions;
    static constexpr std::string_view class_name = "FuyuImageProcessor";
    static constexpr bool flat_list_is_one_image_per_sample = true;
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.do_resize = o.do_pad = o.do_normalize = o.do_rescale = true;
        o.size = SizeSpec::exact(1080, 1920);
        o.patch_size = SizeSpec::exact(30, 30);
        o.resample = Resample::bilinear;
        o.padding_value = ChannelValues{{1.0}, true};
        o.padding_mode = "constant";
        o.image_mean = ChannelValues{{0.5}, true};
        o.image_std = ChannelValues{{0.5}, true};
        return o;
    }

    static geometry::HeightWidth canvas_of(const options_type& o) {
        if (!o.size || !o.size->height || !o.size->width)
            throw InvalidArgument("FuyuImageProcessor: size must have height and width, got " +
                                  (o.size ? o.size->to_string() : std::string("None")));
        return {*o.size->height, *o.size->width};
    }

    // FuyuImageProcessorPil.resize: only an image larger than the canvas is scaled down.
    static geometry::HeightWidth target_size(int height, int width, geometry::HeightWidth canvas) {
        if (width <= canvas.width && height <= canvas.height) return {height, width};
        const double scale = std::min(double(canvas.height) / height, double(canvas.width) / width);
        const geometry::HeightWidth out{geometry::python_int(height * scale, "FuyuImageProcessor resize"),
                                        geometry::python_int(width * scale, "FuyuImageProcessor resize")};
        if (out.height <= 0 || out.width <= 0)
            throw InvalidArgument("FuyuImageProcessor: a " + std::to_string(height) + "x" + std::to_string(width) +
                                  " image scaled into " + std::to_string(canvas.height) + "x" +
                                  std::to_string(canvas.width) + " becomes " + std::to_string(out.height) + "x" +
                                  std::to_string(out.width) + " (Pillow refuses sizes below 1)");
        return out;
    }

    static WorkingImage pad(const WorkingImage& image, geometry::HeightWidth canvas, const options_type& o) {
        const std::string mode_name = o.padding_mode.value_or("constant");
        const std::optional<numerics::NumpyPadMode> mode = numerics::numpy_pad_mode(mode_name);
        if (!mode)
            throw InvalidArgument("FuyuImageProcessor: padding_mode '" + mode_name +
                                  "' is not one pixelprep implements (numpy's constant, edge, reflect, symmetric, wrap)");
        if (o.padding_value && !o.padding_value->number())
            throw InvalidArgument("FuyuImageProcessor: padding_value must be a number");
        const double value = o.padding_value ? *o.padding_value->number() : 0.0;
        return std::visit(
            [&](const auto& img) -> WorkingImage {
                const int dh = canvas.height - img.height(), dw = canvas.width - img.width();
                if (dh <= 0 && dw <= 0) return img;  // nothing to pad (transformers' test)
                if (dh < 0 || dw < 0)
                    throw InvalidArgument("FuyuImageProcessor: a " + std::to_string(img.height()) + "x" +
                                          std::to_string(img.width()) + " image is larger than size " +
                                          std::to_string(canvas.height) + "x" + std::to_string(canvas.width) +
                                          " in one side and smaller in the other; numpy's pad fails on the negative "
                                          "width (\"index can't contain negative values\")");
                detail::check_pixel_limit(canvas.height, canvas.width, "pad");
                return numerics::numpy_pad_bottom_right(img, canvas.height, canvas.width, *mode, value, class_name);
            },
            image);
    }

    template <class B> static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> samples, const options_type& o) {
        const geometry::HeightWidth canvas = canvas_of(o);
        std::vector<Tensor> images, heights, widths, scales, sizes;
        for (auto& sample : samples) {
            if (sample.empty()) continue;
            const geometry::HeightWidth original{height_of(sample.front()), width_of(sample.front())};
            for (auto& img : sample)
                if (truthy(o.do_resize))
                    img = op::resize<B>(img, target_size(height_of(img), width_of(img), canvas), *o.resample);
            const geometry::HeightWidth resized{height_of(sample.front()), width_of(sample.front())};
            for (auto& img : sample) {
                if (truthy(o.do_pad)) img = pad(img, canvas, o);
                img = steps::rescale_normalize<B>(std::move(img), o);
            }
            const BatchFeature per_image = steps::pixel_values(std::move(sample));
            images.push_back(stack_group(per_image.list("pixel_values"), class_name, "image", "sample"));
            heights.emplace_back(Array<std::int64_t>(std::vector<std::size_t>{1}, resized.height));
            widths.emplace_back(Array<std::int64_t>(std::vector<std::size_t>{1}, resized.width));
            scales.emplace_back(Array<double>(std::vector<std::size_t>{1}, double(resized.height) / original.height));
            Array<std::int64_t> size(std::vector<std::size_t>{2});
            size.data()[0] = original.height;
            size.data()[1] = original.width;
            sizes.emplace_back(std::move(size));
        }
        BatchFeature out;
        out.set_list("images", std::move(images));
        out.set_list("image_unpadded_heights", std::move(heights));
        out.set_list("image_unpadded_widths", std::move(widths));
        out.set_list("image_scale_factors", std::move(scales));
        out.set_list("image_sizes", std::move(sizes));
        return out;
    }
};

}  // namespace pixelprep
