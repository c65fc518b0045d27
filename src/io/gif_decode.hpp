// Internal: GIF decoding (the first frame) with giflib, as Pillow's GIF plugin opens it.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// The first frame as Image.open(...).convert("RGB") gives it. GIF has no EXIF, so the
// result's orientation sources are empty.
DecodedImage decode_gif(const Input& in);

}  // namespace pixelprep::io::detail
