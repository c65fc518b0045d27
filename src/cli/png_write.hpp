// Writes an image in its Pillow mode as PNG with libspng, as PIL.Image.save(path) would:
// the same bit depth and color type per mode, the palette, and the transparency Pillow
// carries over from info["transparency"].
#pragma once

#include <string>

#include "pixelprep/io/decode_keep_mode.hpp"

namespace pixelprep::cli {

// Modes "1", "L", "LA", "P", "RGB", "RGBA", "I;16". Any other mode (e.g. "CMYK") throws
// ImageError naming the path and the mode, as Pillow raises "cannot write mode CMYK as PNG".
void write_png(const std::string& path, const io::ModeImage& image);

}  // namespace pixelprep::cli
