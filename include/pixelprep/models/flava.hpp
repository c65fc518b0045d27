// FlavaImageProcessor (models/flava/image_processing_pil_flava.py): pixel_values are the
// generic resize, center crop, rescale and normalize (no pad). With return_codebook_pixels,
// `codebook_pixel_values` are the same steps run again with the codebook_* options (LANCZOS
// 112 by default, mean 0 and std 1), then map_pixels: 0.8 * x + 0.1, in float32 as numpy
// computes it with a Python float. return_image_mask's `bool_masked_pos` comes from Python's
// `random` module (a fresh random mask per call), which no other implementation can
// reproduce, so it is refused with a message that says so.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct FlavaOptions : CommonOptions {
    std::optional<bool> return_image_mask;
    std::optional<int> input_size_patches;
    std::optional<int> total_mask_patches;
    std::optional<int> mask_group_min_patches;
    std::optional<int> mask_group_max_patches;
    std::optional<double> mask_group_min_aspect_ratio;
    std::optional<double> mask_group_max_aspect_ratio;
    std::optional<bool> return_codebook_pixels;
    std::optional<bool> codebook_do_resize;
    std::optional<SizeSpec> codebook_size;
    std::optional<Resample> codebook_resample;
    std::optional<bool> codebook_do_center_crop;
    std::optional<SizeSpec> codebook_crop_size;
    std::optional<bool> codebook_do_rescale;
    std::optional<double> codebook_rescale_factor;
    std::optional<bool> codebook_do_map_pixels;
    std::optional<bool> codebook_do_normalize;
    std::optional<ChannelValues> codebook_image_mean;
    std::optional<ChannelValues> codebook_image_std;
    static constexpr auto fields() {
        using O = FlavaOptions;
        return concat_fields(
            common_fields<O>(),
            make_fields(OptionField<O, bool>{"return_image_mask", &O::return_image_mask},
                            OptionField<O, int>{"input_size_patches", &O::input_size_patches},
                            OptionField<O, int>{"total_mask_patches", &O::total_mask_patches},
                            OptionField<O, int>{"mask_group_min_patches", &O::mask_group_min_patches},
                            OptionField<O, int>{"mask_group_max_patches", &O::mask_group_max_patches},
                            OptionField<O, double>{"mask_group_min_aspect_ratio", &O::mask_group_min_aspect_ratio},
                            OptionField<O, double>{"mask_group_max_aspect_ratio", &O::mask_group_max_aspect_ratio},
                            OptionField<O, bool>{"return_codebook_pixels", &O::return_codebook_pixels},
                            OptionField<O, bool>{"codebook_do_resize", &O::codebook_do_resize},
                            OptionField<O, SizeSpec>{"codebook_size", &O::codebook_size},
                            OptionField<O, Resample>{"codebook_resample", &O::codebook_resample},
                            OptionField<O, bool>{"codebook_do_center_crop", &O::codebook_do_center_crop},
                            OptionField<O, SizeSpec>{"codebook_crop_size", &O::codebook_crop_size},
                            OptionField<O, bool>{"codebook_do_rescale", &O::codebook_do_rescale},
                            OptionField<O, double>{"codebook_rescale_factor", &O::codebook_rescale_factor},
                            OptionField<O, bool>{"codebook_do_map_pixels", &O::codebook_do_map_pixels},
                            OptionField<O, bool>{"codebook_do_normalize", &O::codebook_do_normalize},
                            OptionField<O, ChannelValues>{"codebook_image_mean", &O::codebook_image_mean},
                            OptionField<O, ChannelValues>{"codebook_image_std", &O::codebook_image_std}));
    }
    friend bool operator==(const FlavaOptions&, const FlavaOptions&) = default;
};

struct FlavaModel {
    using options_type = FlavaOptions;
    static constexpr std::string_view class_name = "FlavaImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = o.crop_size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = true;
        o.return_image_mask = o.return_codebook_pixels = false;
        o.input_size_patches = 14;
        o.total_mask_patches = 75;
        o.mask_group_min_patches = 16;
        o.mask_group_min_aspect_ratio = 0.3;  // the max patches and max aspect ratio: None
        o.codebook_do_resize = o.codebook_do_center_crop = o.codebook_do_rescale = o.codebook_do_map_pixels =
            o.codebook_do_normalize = true;
        o.codebook_size = o.codebook_crop_size = SizeSpec::exact(112, 112);
        o.codebook_resample = Resample::lanczos;
        o.codebook_rescale_factor = 1.0 / 255.0;
        o.codebook_image_mean = ChannelValues{{0.0, 0.0, 0.0}, false};
        o.codebook_image_std = ChannelValues{{1.0, 1.0, 1.0}, false};
        return o;
    }

    // The codebook pass's options as the generic pipeline reads them. transformers validates
    // only the main pass's options. A codebook step that is on while its value is null fails
    // inside that step there (size, crop size, rescale factor) or returns NaN everywhere (mean,
    // std), so pixelprep refuses each, naming the codebook key. A null codebook_resample is the
    // one null transformers handles: its resize falls back to bilinear.
    static PlainOptions codebook_options(const options_type& o) {
        const auto refuse_null = [](bool step_on, bool has_value, const char* step, const char* key,
                                    const char* there) {
            if (step_on && !has_value)
                throw InvalidArgument(std::string("FlavaImageProcessor: key '") + key + "' is null while '" + step +
                                      "' and return_codebook_pixels are true; the codebook pass needs a value (" +
                                      there + ")");
        };
        const char* fails = "transformers fails inside that step";
        const char* nan = "transformers returns NaN for every pixel";
        refuse_null(truthy(o.codebook_do_resize), o.codebook_size.has_value(), "codebook_do_resize", "codebook_size",
                    fails);
        refuse_null(truthy(o.codebook_do_center_crop), o.codebook_crop_size.has_value(), "codebook_do_center_crop",
                    "codebook_crop_size", fails);
        refuse_null(truthy(o.codebook_do_rescale), o.codebook_rescale_factor.has_value(), "codebook_do_rescale",
                    "codebook_rescale_factor", fails);
        refuse_null(truthy(o.codebook_do_normalize), o.codebook_image_mean.has_value(), "codebook_do_normalize",
                    "codebook_image_mean", nan);
        refuse_null(truthy(o.codebook_do_normalize), o.codebook_image_std.has_value(), "codebook_do_normalize",
                    "codebook_image_std", nan);
        PlainOptions c;
        static_cast<CommonOptions&>(c) = o;
        c.do_resize = o.codebook_do_resize;
        c.size = o.codebook_size;
        c.resample = o.codebook_resample.value_or(Resample::bilinear);
        c.do_center_crop = o.codebook_do_center_crop;
        c.crop_size = o.codebook_crop_size;
        c.do_rescale = o.codebook_do_rescale;
        c.rescale_factor = o.codebook_rescale_factor;
        c.do_normalize = o.codebook_do_normalize;
        c.image_mean = o.codebook_image_mean;
        c.image_std = o.codebook_image_std;
        c.do_pad = false;
        return c;
    }

    // map_pixels: (1 - 2 * 0.1) * x + 0.1 with x float32 (numpy keeps float32 for a Python
    // float): two float32 roundings, the product's then the sum's.
    static void map_pixels(std::vector<Tensor>& items) {
        for (Tensor& t : items) {
            auto* a = std::get_if<Array<float>>(&t);
            if (a == nullptr)
                throw InvalidArgument("FlavaImageProcessor: codebook_do_map_pixels on uint8 codebook pixels (neither "
                                      "codebook_do_rescale nor codebook_do_normalize) gives float64 in transformers, "
                                      "which pixelprep does not return; rescale or normalize them first");
            for (float& x : *a) {
                const float product = 0.8f * x;
                x = product + 0.1f;
            }
        }
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        if (truthy(o.return_image_mask))
            throw InvalidArgument("FlavaImageProcessor: key 'return_image_mask': true asks for bool_masked_pos, a mask "
                                  "transformers draws with Python's random module on each call, which cannot be "
                                  "reproduced; set return_image_mask to false and draw masks in the training code");
        o.do_pad = false;  // not a step of its _preprocess
        std::optional<BatchFeature> codebook;
        if (truthy(o.return_codebook_pixels)) codebook = GenericRecipe::run<B>(images, codebook_options(o));
        BatchFeature out = GenericRecipe::run<B>(std::move(images), o);
        if (codebook) {
            std::vector<Tensor> items = std::get<std::vector<Tensor>>(codebook->take("pixel_values"));
            if (truthy(o.codebook_do_map_pixels)) map_pixels(items);
            out.set_list("codebook_pixel_values", std::move(items));
        }
        return out;
    }
};

}  // namespace pixelprep
