// DeiTImageProcessor (models/deit/image_processing_pil_deit.py): resize to 256x256, crop 224.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct DeitModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "DeiTImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(256, 256);
        o.crop_size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = true;
        return o;
    }
};

}  // namespace pixelprep
