// Internal: a PNG's stored samples in the mode Pillow's PngImagePlugin opens them as.
#pragma once

#include "pixelprep/io/decode_keep_mode.hpp"
#include "png_decode.hpp"

namespace pixelprep::io::detail {

// Pillow's _MODES table: gray 1-bit "1"; 2/4/8-bit "L" (scaled by 85 / 17 / 1); 16-bit
// "I;16"; RGB 8/16-bit "RGB" (16-bit: the high byte); palette "P"; gray+alpha 8-bit "LA";
// gray+alpha 16-bit "RGBA" (raw mode "LA;16B": the high bytes); RGBA 8/16-bit "RGBA".
// The tRNS chunk is kept for the modes Pillow keeps it for ("1", "L", "I;16", "RGB", "P").
ModeImage png_to_mode(StoredPng&& png);

}  // namespace pixelprep::io::detail
