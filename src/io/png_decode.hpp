// Internal: PNG decoding with libspng, matched to Pillow's PngImagePlugin.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// Decodes a PNG (bytes start with the PNG signature) to RGB as Image.open(...).convert("RGB").
DecodedImage decode_png(const Input& in);

}  // namespace pixelprep::io::detail
