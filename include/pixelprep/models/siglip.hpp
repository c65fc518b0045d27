// SiglipImageProcessor (models/siglip/image_processing_pil_siglip.py): a square bicubic
// resize, no crop, converts to RGB.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct SiglipModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "SiglipImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(224, 224);
        o.default_to_square = false;
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        return o;
    }
};

}  // namespace pixelprep
