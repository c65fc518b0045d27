// Internal: BMP decoding as Pillow's BMP plugin does it.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// The image as Image.open(...).convert("RGB") gives it. BMP has no EXIF, so the result's
// orientation sources are empty.
DecodedImage decode_bmp(const Input& in);

}  // namespace pixelprep::io::detail
