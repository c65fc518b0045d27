// Internal: PNG samples to RGB the way Pillow's PNG modes convert("RGB").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "indexed_pixels.hpp"
#include "pixelprep/core/image.hpp"

namespace pixelprep::io::detail {

struct PngLayout {
    int width = 0;
    int height = 0;
    int bit_depth = 0;   // 1, 2, 4, 8 or 16
    int color_type = 0;  // 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
};

// Entries the PLTE chunk does not define are black, as in Pillow.
using PngPalette = Palette;

// 16-bit sample i of a row, in host order as libspng's SPNG_FMT_PNG leaves it.
inline std::uint16_t sample16(const std::uint8_t* row, std::size_t i) {
    std::uint16_t v;
    std::memcpy(&v, row + 2 * i, 2);  // possibly unaligned
    return v;
}

// Gray sample x of a 1, 2, 4 or 8-bit row as Pillow's "1" / "L;2" / "L;4" / "L" unpackers
// give it (scale_gray_sample: by 255, 85 or 17).
inline std::uint8_t gray8_sample(const std::uint8_t* row, std::size_t x, int depth) {
    return depth == 8 ? row[x] : scale_gray_sample(packed_sample(row, x, depth), depth);
}

// rows: the image as PNG stores it, deinterlaced, `stride` bytes per row, 16-bit samples in
// host byte order, sub-byte samples packed most significant bit first (libspng's
// SPNG_FMT_PNG). Conversion per Pillow mode:
//   gray 1-bit "1": 0 / 255; 2-bit and 4-bit "L;2"/"L;4": scaled by 85 / 17; 8-bit "L";
//   gray 16-bit "I;16": clamped at 255 (not scaled); gray+alpha 8-bit "LA": gray;
//   gray+alpha 16-bit opens as RGBA from "LA;16B": the high byte of the gray;
//   RGB / RGBA 16-bit ("RGB;16B", "RGBA;16B"): the high byte; palette "P": lookup.
// Alpha and tRNS never change the RGB values.
ImageU8 png_to_rgb(const std::uint8_t* rows, std::size_t stride, const PngLayout& layout, const PngPalette& palette);

}  // namespace pixelprep::io::detail
