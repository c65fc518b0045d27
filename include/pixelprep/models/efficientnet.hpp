// EfficientNetImageProcessor (models/efficientnet/image_processing_pil_efficientnet.py), also
// ALIGN's: resize, center crop, rescale -- then with rescale_offset 1 is subtracted (x * scale
// - 1) --, normalize, and with include_top a second normalize by std alone (mean 0). Its
// _preprocess has no pad step, so do_pad is ignored. Each value step is its own float32
// rounding in transformers, so each runs as its own step here: the rescale, then the offset
// as a normalize by mean 1 and std 1 ((x - 1) / 1 is x - 1 exactly), then the two normalizes.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct EfficientNetOptions : CommonOptions {
    std::optional<bool> rescale_offset;
    std::optional<bool> include_top;
    static constexpr auto fields() {
        return concat_fields(
            common_fields<EfficientNetOptions>(),
            make_fields(OptionField<EfficientNetOptions, bool>{"rescale_offset", &EfficientNetOptions::rescale_offset},
                            OptionField<EfficientNetOptions, bool>{"include_top", &EfficientNetOptions::include_top}));
    }
    friend bool operator==(const EfficientNetOptions&, const EfficientNetOptions&) = default;
};

struct EfficientNetModel {
    using options_type = EfficientNetOptions;
    static constexpr std::string_view class_name = "EfficientNetImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(346, 346);
        o.crop_size = SizeSpec::exact(289, 289);
        o.do_resize = o.do_rescale = o.do_normalize = o.include_top = true;
        o.do_center_crop = o.rescale_offset = false;
        return o;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const bool extra_steps = (truthy(o.rescale_offset) && truthy(o.do_rescale)) || truthy(o.include_top);
        if (!extra_steps) {  // transformers' generic pipeline, less its pad
            options_type generic = o;
            generic.do_pad = false;
            return GenericRecipe::run<B>(std::move(images), generic);
        }
        for (auto& img : images) {
            if (truthy(o.do_resize)) img = steps::resize<B>(img, *o.size, *o.resample);
            if (truthy(o.do_center_crop)) img = steps::center_crop<B>(img, *o.crop_size);
            const int c = channels_of(img);
            if (truthy(o.do_rescale)) {
                img = op::rescale<B>(img, *o.rescale_factor);
                if (truthy(o.rescale_offset)) {
                    const std::vector<double> one(std::size_t(c), 1.0);
                    img = op::normalize<B>(img, one, one);
                }
            }
            if (truthy(o.do_normalize))
                img = op::normalize<B>(img, o.image_mean->for_channels(c), o.image_std->for_channels(c));
            if (truthy(o.include_top)) {
                if (!o.image_std)
                    throw InvalidArgument("EfficientNetImageProcessor: include_top normalizes by image_std, which is None");
                const std::vector<double> zero(std::size_t(c), 0.0);
                img = op::normalize<B>(img, zero, o.image_std->for_channels(c));
            }
        }
        return steps::pixel_values(std::move(images));
    }
};

}  // namespace pixelprep
