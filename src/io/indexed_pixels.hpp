// Internal: packed samples, gray scaling and palette lookup as Pillow's raw modes and its
// "P" -> RGB conversion do them, shared by PNG, GIF, BMP, TIFF and AVIF.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace pixelprep::io::detail {

// 256 RGB entries. Pillow's P -> RGB conversion looks every index up in a 256-entry table in
// which the entries the file does not define are black.
using Palette = std::array<std::array<std::uint8_t, 3>, 256>;

// Sample x of a row of packed samples (depth 1, 2, 4 or 8 bits), most significant bits first.
inline unsigned packed_sample(const std::uint8_t* row, std::size_t x, int depth) {
    const std::size_t bit = x * std::size_t(depth);
    const unsigned shift = unsigned(8 - depth) - unsigned(bit % 8);
    return (row[bit / 8] >> shift) & ((1u << depth) - 1u);
}

// A gray sample of 1, 2 or 4 bits scaled to 0..255 as Pillow's "1"/"L;2"/"L;4" raw modes do
// (times 255, 85 or 17).
inline std::uint8_t scale_gray_sample(unsigned v, int depth) {
    return std::uint8_t(v * (255u / ((1u << depth) - 1u)));
}

inline void put_palette_entry(std::uint8_t* out, const Palette& palette, unsigned index) {
    const auto& rgb = palette[index & 0xFF];
    out[0] = rgb[0];
    out[1] = rgb[1];
    out[2] = rgb[2];
}

inline void put_gray(std::uint8_t* out, std::uint8_t v) { out[0] = out[1] = out[2] = v; }

// The table of an "L" image read through indices: gray = index.
inline Palette gray_ramp_palette() {
    Palette p{};
    for (unsigned i = 0; i < 256; ++i) p[i] = {std::uint8_t(i), std::uint8_t(i), std::uint8_t(i)};
    return p;
}

// Runs of pixels, out of line (indexed_pixels.cpp): fuzz/coverage_ignore.txt leaves these
// loops, whose branches depend only on the run length, out of the coverage instrumentation.

// `count` RGB pixels of one colour.
void fill_rgb_run(std::uint8_t* out, std::size_t count, const std::array<std::uint8_t, 3>& rgb);

// `count` palette indices as RGB pixels.
void map_indices_to_rgb(const std::uint8_t* indices, std::size_t count, const Palette& palette, std::uint8_t* out);

// The first three samples of `count` pixels of `channels` (3 or more) 8-bit samples each.
void copy_rgb_samples(const std::uint8_t* pixels, std::size_t channels, std::size_t count, std::uint8_t* out);

}  // namespace pixelprep::io::detail
