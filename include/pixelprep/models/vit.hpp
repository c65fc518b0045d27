// ViTImageProcessor (models/vit/image_processing_pil_vit.py): a square bilinear resize.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct VitModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "ViTImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_rescale = o.do_normalize = true;
        return o;
    }
};

}  // namespace pixelprep
