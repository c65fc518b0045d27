// BaseImageProcessor's class attributes, the starting point of every model's defaults.
#pragma once

#include "pixelprep/options/common_options.hpp"

namespace pixelprep {

template <class O> O base_defaults() {
    O o{};
    o.default_to_square = true;
    o.rescale_factor = 1.0 / 255.0;
    return o;
}

}  // namespace pixelprep
