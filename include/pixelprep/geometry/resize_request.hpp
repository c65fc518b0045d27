// The checks of a Pillow resize request, before any table is built: both backends refuse
// the same requests with the same words.
#pragma once

#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"

namespace pixelprep::geometry {

// An 8-bit image of `channels` channels (`empty`: no pixels) to out_height x out_width.
inline void check_resize_request(bool empty, int channels, int out_height, int out_width) {
    if (out_height <= 0 || out_width <= 0 || out_height > max_image_side || out_width > max_image_side)
        throw InvalidArgument("resize: invalid output size " + std::to_string(out_height) + "x" +
                              std::to_string(out_width) + " (height x width; each must be in 1.." +
                              std::to_string(max_image_side) + ")");
    if (empty) throw ImageError("resize: the input image is empty");
    if (channels < 1 || channels > 4)
        throw ImageError("resize: " + std::to_string(channels) +
                         " channels; Pillow resizes 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA)");
}

}  // namespace pixelprep::geometry
