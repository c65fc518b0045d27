// Internal: JPEG decoding with libjpeg-turbo, set up as Pillow's JpegDecode.c sets it up.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// Decodes a JPEG (bytes start with FF D8 FF) to RGB as Image.open(...).convert("RGB") does.
DecodedImage decode_jpeg(const Input& in);

// Decodes a JPEG keeping Pillow's mode: 1 channel ("L"), 3 ("RGB") or 4 ("CMYK", ink values
// as Pillow's raw mode "CMYK;I" gives them).
ImageU8 decode_jpeg_stored(const Input& in);

}  // namespace pixelprep::io::detail
