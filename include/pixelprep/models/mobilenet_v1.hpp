// MobileNetV1ImageProcessor (models/mobilenet_v1/image_processing_pil_mobilenet_v1.py):
// shortest edge 256 bilinear, center crop 224, statistics 0.5; no RGB conversion by default
// (RGBA and LA inputs keep their channels).
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct MobileNetV1Model : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "MobileNetV1ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::shortest(256);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = true;
        return o;
    }
};

}  // namespace pixelprep
