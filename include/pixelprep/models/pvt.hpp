// PvtImageProcessor (models/pvt/image_processing_pil_pvt.py): a square 224 bicubic resize
// with ImageNet's default statistics, no crop. PVT-v2 uses the same class.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct PvtModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "PvtImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_rescale = o.do_normalize = true;
        return o;
    }
};

}  // namespace pixelprep
