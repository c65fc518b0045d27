// Internal: JPEG decoding with libjpeg-turbo, set up as Pillow's JpegDecode.c sets it up.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// Decodes a JPEG (bytes start with FF D8 FF) to RGB as Image.open(...).convert("RGB") does.
DecodedImage decode_jpeg(const Input& in);

}  // namespace pixelprep::io::detail
