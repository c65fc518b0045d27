// SamImageProcessor (models/sam/image_processing_pil_sam.py), also SAM-HQ's: the longest side
// resized to size's longest_edge (the other in proportion, each rounded half up), then the
// generic crop, rescale and normalize, and the pad bottom/right to pad_size (1024x1024 by
// default; the batch's largest size without one). Its outputs add `original_sizes` (each
// input's height, width) and `reshaped_input_sizes` (each resized image's), int64 (B, 2).
// Segmentation maps -- mask_size and mask_pad_size -- are the labels side, not part of
// pixelprep; the two keys are kept so that a config saves as it loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct SamOptions : CommonOptions {
    std::optional<SizeSpec> mask_size;
    std::optional<SizeSpec> mask_pad_size;
    static constexpr auto fields() {
        return concat_fields(common_fields<SamOptions>(),
                              make_fields(OptionField<SamOptions, SizeSpec>{"mask_size", &SamOptions::mask_size},
                                              OptionField<SamOptions, SizeSpec>{"mask_pad_size", &SamOptions::mask_pad_size}));
    }
    friend bool operator==(const SamOptions&, const SamOptions&) = default;
};

struct SamModel {
    using options_type = SamOptions;
    static constexpr std::string_view class_name = "SamImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::longest(1024);
        o.mask_size = SizeSpec::longest(256);
        o.pad_size = SizeSpec::exact(1024, 1024);
        o.mask_pad_size = SizeSpec::exact(256, 256);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = o.do_pad = true;
        return o;
    }

    // _get_preprocess_shape: scale = longest_edge / max(h, w); each side int(side * scale + 0.5).
    static geometry::HeightWidth resize_size(int height, int width, const options_type& o) {
        if (!o.size->longest_edge || *o.size->longest_edge == 0)
            throw InvalidArgument("SamImageProcessor: The `size` dictionary must contain the key `longest_edge`. Got " +
                                  o.size->to_string());
        const double scale = *o.size->longest_edge * 1.0 / std::max(height, width);
        const geometry::HeightWidth s{geometry::python_int(height * scale + 0.5, "SAM resize"),
                                      geometry::python_int(width * scale + 0.5, "SAM resize")};
        if (s.height <= 0 || s.width <= 0)
            throw InvalidArgument("SamImageProcessor: longest_edge " + std::to_string(*o.size->longest_edge) +
                                  " resizes a " + std::to_string(height) + "x" + std::to_string(width) + " image to " +
                                  std::to_string(s.height) + "x" + std::to_string(s.width) +
                                  " (Pillow refuses sizes below 1)");
        return s;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const auto target = [&](int height, int width) { return resize_size(height, width, o); };
        Array<std::int64_t> original(std::vector<std::size_t>{images.size(), 2});
        Array<std::int64_t> reshaped(std::vector<std::size_t>{images.size(), 2});
        for (std::size_t i = 0; i < images.size(); ++i) {
            geometry::HeightWidth s{height_of(images[i]), width_of(images[i])};
            original(i, 0) = s.height;
            original(i, 1) = s.width;
            if (truthy(o.do_resize)) s = target(s.height, s.width);
            reshaped(i, 0) = s.height;
            reshaped(i, 1) = s.width;
        }
        BatchFeature out = run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = true});
        out.set_tensor("original_sizes", std::move(original));
        out.set_tensor("reshaped_input_sizes", std::move(reshaped));
        return out;
    }
};

}  // namespace pixelprep
