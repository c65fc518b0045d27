// MobileNetV2ImageProcessor (models/mobilenet_v2/image_processing_pil_mobilenet_v2.py):
// MobileNetV1's defaults and steps plus an inert do_reduce_labels; its _preprocess has no pad
// step, so do_pad is ignored.
#pragma once

#include <string_view>

#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/mobilenet_v1.hpp"
#include "pixelprep/models/reduce_labels_options.hpp"

namespace pixelprep {

struct MobileNetV2Model : GenericRecipeWithout<LeftOut::pad> {
    using options_type = ReduceLabelsOptions;
    static constexpr std::string_view class_name = "MobileNetV2ImageProcessor";
    static options_type defaults() {
        options_type o;
        static_cast<CommonOptions&>(o) = MobileNetV1Model::defaults();
        o.do_reduce_labels = false;
        return o;
    }
};

}  // namespace pixelprep
