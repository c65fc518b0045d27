// Image decoding that keeps the file's Pillow mode: the pixels as PIL.Image.open(path) holds
// them, before any convert() and without EXIF orientation (Image.open does not apply it).
// What `pixelprep resize` reads, so that it resizes and saves exactly as Pillow would.
//
// Modes: PNG opens as "1" (1-bit gray), "L" (2/4/8-bit gray), "I;16" (16-bit gray), "LA",
// "RGB" (8/16-bit), "RGBA" (8/16-bit RGBA and 16-bit gray+alpha, as Pillow's PngImagePlugin
// maps them) or "P"; JPEG as "L", "RGB" or "CMYK"; WebP as "RGB" or "RGBA". Other formats
// throw UnsupportedFormat naming the format. Compiled code in pixelprep_io.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/io/decode.hpp"

namespace pixelprep::io {

struct ModeImage {
    // Pillow's mode name: "1", "L", "LA", "P", "RGB", "RGBA", "I;16" or "CMYK".
    std::string mode;
    int height = 0;
    int width = 0;
    // Every mode but "I;16": HWC uint8, one channel per band as Pillow's tobytes() gives them
    // ("1": 0 or 255 per pixel; "P": palette indices; "CMYK": ink, 255 = full).
    ImageU8 pixels;
    // "I;16" only: height * width gray samples, row-major (`pixels` is then empty).
    std::vector<std::uint16_t> gray16;
    // "P" only: the palette entries the file defines (PNG's PLTE), in order.
    std::vector<std::array<std::uint8_t, 3>> palette;
    // PNG's tRNS chunk, what Pillow keeps in info["transparency"] and writes back on save:
    // "P": one alpha per palette entry; "1"/"L"/"I;16": {gray}; "RGB": {red, green, blue}.
    std::optional<std::vector<std::uint16_t>> transparency;
};

// Reads and decodes a file keeping its mode. Uses options.max_pixels; never orients (the
// EXIF orientation is not applied, whatever options.apply_exif_orientation says).
ModeImage decode_image_file_keep_mode(const std::string& path, const DecodeOptions& options = {});

// Decodes an in-memory file keeping its mode; name_for_errors is what error messages call it.
ModeImage decode_image_bytes_keep_mode(std::span<const std::uint8_t> bytes, const std::string& name_for_errors,
                                       const DecodeOptions& options = {});

}  // namespace pixelprep::io
