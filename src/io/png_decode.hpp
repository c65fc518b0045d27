// Internal: PNG decoding with libspng, matched to Pillow's PngImagePlugin.
#pragma once

#include <optional>
#include <vector>

#include "decoded_image.hpp"
#include "png_pixels.hpp"

namespace pixelprep::io::detail {

// A PNG's samples as the file stores them, for the mode-keeping decode (png_mode.cpp).
struct StoredPng {
    PngLayout layout;
    PngPalette palette{};     // indices past the PLTE entries stay black
    int palette_entries = 0;  // PLTE entries (palette images only)
    std::vector<std::uint8_t> rows;  // libspng's SPNG_FMT_PNG, height rows of equal length
    // The tRNS chunk: palette alpha per entry, {gray}, or {red, green, blue}.
    std::optional<std::vector<std::uint16_t>> transparency;
};

// Decodes a PNG (bytes start with the PNG signature) to RGB as Image.open(...).convert("RGB").
DecodedImage decode_png(const Input& in);

// Decodes a PNG's samples without converting them, with the same chunk checks and repairs
// as decode_png (the metadata walk that finds the orientation included).
StoredPng decode_png_stored(const Input& in);

}  // namespace pixelprep::io::detail
