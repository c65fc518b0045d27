// SegformerImageProcessor (models/segformer/image_processing_pil_segformer.py), also UperNet's:
// an exact 512x512 bilinear resize with ImageNet's default statistics and an inert
// do_reduce_labels. Its _preprocess is resize -> rescale -> normalize only: do_center_crop and
// do_pad are ignored even when a config sets them.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/reduce_labels_options.hpp"

namespace pixelprep {

struct SegformerModel : GenericRecipeWithout<LeftOut::center_crop_and_pad> {
    using options_type = ReduceLabelsOptions;
    static constexpr std::string_view class_name = "SegformerImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::exact(512, 512);
        o.default_to_square = true;
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.do_reduce_labels = false;
        return o;
    }
};

}  // namespace pixelprep
