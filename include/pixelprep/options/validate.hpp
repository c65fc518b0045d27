// transformers' validate_preprocess_arguments, on merged options, with its messages.
#pragma once

#include "pixelprep/core/errors.hpp"
#include "pixelprep/options/common_options.hpp"

namespace pixelprep {

inline bool truthy(const std::optional<bool>& b) { return b.value_or(false); }

inline void validate_preprocess_arguments(const CommonOptions& o) {
    if (truthy(o.do_rescale) && !o.rescale_factor)
        throw InvalidArgument("`rescale_factor` must be specified if `do_rescale` is `True`.");
    if (truthy(o.do_normalize) && (!o.image_mean || !o.image_std))
        throw InvalidArgument("`image_mean` and `image_std` must both be specified if `do_normalize` is `True`.");
    if (truthy(o.do_center_crop) && !o.crop_size)
        throw InvalidArgument("`crop_size` must be specified if `do_center_crop` is `True`.");
    if (truthy(o.do_resize) && !(o.size && o.resample))
        throw InvalidArgument("`size` and `resample` must be specified if `do_resize` is `True`.");
}

}  // namespace pixelprep
