// Internal: the transposition exif_transpose applies for each EXIF orientation.
#pragma once

#include "pixelprep/core/image.hpp"

namespace pixelprep::io::detail {

// Pillow's mapping: 2 FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE,
// 6 ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90 (rotations counter-clockwise). Other values
// return the image unchanged. img: HWC uint8.
ImageU8 apply_orientation(ImageU8 img, int orientation);

}  // namespace pixelprep::io::detail
