// Internal: TIFF decoding (the first page) with libtiff, as Pillow's TIFF plugin does it.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// The II*\0 / MM\0* (and BigTIFF) signatures Pillow's TIFF plugin accepts.
bool is_tiff(std::span<const std::uint8_t> bytes);

// The first page as Image.open(...).convert("RGB") gives it. Pillow applies the TIFF
// Orientation tag while loading (TiffImageFile.load_end calls exif_transpose), so the result
// is already oriented, whatever DecodeOptions::apply_exif_orientation says, and its
// orientation sources are empty.
DecodedImage decode_tiff(const Input& in);

}  // namespace pixelprep::io::detail
