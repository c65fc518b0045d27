// Encodes an 8-bit image (1, 2, 3 or 4 channels, HWC) as PNG with libspng.
#pragma once

#include <string>

#include "pixelprep/core/image.hpp"

namespace pixelprep::cli {

void write_png(const std::string& path, const ImageU8& hwc);

}  // namespace pixelprep::cli
