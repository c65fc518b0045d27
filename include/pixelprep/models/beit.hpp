// BeitImageProcessor (models/beit/image_processing_pil_beit.py), pixels only: segmentation
// maps are not supported, so do_reduce_labels is accepted but has no effect on pixels
// (transformers forces it off for images too).
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/reduce_labels_options.hpp"

namespace pixelprep {

struct BeitModel : GenericRecipe {
    using options_type = ReduceLabelsOptions;
    static constexpr std::string_view class_name = "BeitImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(224, 224);
        o.default_to_square = true;
        o.crop_size = SizeSpec::exact(224, 224);
        o.do_center_crop = false;
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.do_reduce_labels = false;
        return o;
    }
};

}  // namespace pixelprep
