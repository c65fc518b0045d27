// Per-pixel integer and float formulas shared by every backend: Pillow's convert()
// arithmetic (src/libImaging/Convert.c) and numpy's rescale/normalize as transformers'
// PIL backend runs them. Plain functions, no containers, no exceptions.
#pragma once

#include <cmath>
#include <cstdint>

#include "pixelprep/config.hpp"

namespace pixelprep::numerics {

// Pillow's MULDIV255: a*b/255 rounded, with two shifts instead of a division.
PIXELPREP_HD std::uint8_t muldiv255(unsigned a, unsigned b) {
    const unsigned t = a * b + 128;
    return static_cast<std::uint8_t>(((t >> 8) + t) >> 8);
}

PIXELPREP_HD std::uint8_t clamp_u8(int v) { return static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v)); }

// RGBA -> RGBa (premultiplied), Pillow's rgbA2rgba, used around every non-NEAREST resize.
PIXELPREP_HD std::uint8_t premultiply(std::uint8_t color, std::uint8_t alpha) { return muldiv255(color, alpha); }

// RGBa -> RGBA, Pillow's rgba2rgbA: integer division (truncation), alpha 0 and 255 untouched.
PIXELPREP_HD std::uint8_t unpremultiply(std::uint8_t color, std::uint8_t alpha) {
    if (alpha == 0 || alpha == 255) return color;
    return clamp_u8((255 * int(color)) / int(alpha));
}

// CMYK -> RGB (Pillow's cmyk2rgb): one channel, given its ink and the key.
PIXELPREP_HD std::uint8_t cmyk_channel_to_rgb(std::uint8_t ink, std::uint8_t key) {
    const int nk = 255 - key;
    return clamp_u8(nk - muldiv255(ink, unsigned(nk)));
}

// RGB -> L (ITU-R 601-2 luma, Pillow's L24 with rounding).
PIXELPREP_HD std::uint8_t rgb_to_luma(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    return static_cast<std::uint8_t>((r * 19595u + g * 38470u + b * 7471u + 0x8000u) >> 16);
}

// I;16 -> 8 bit as Pillow's I16_RGB does it: a clamp at 255, not a scale by 1/256.
PIXELPREP_HD std::uint8_t gray16_to_u8(std::uint16_t v) { return static_cast<std::uint8_t>(v > 255 ? 255 : v); }

// numpy: image.astype(float64) * scale, then .astype(float32). One rounding, at the end.
PIXELPREP_HD float rescale_value(double value, double factor) { return static_cast<float>(value * factor); }

// numpy float32: (x - mean) / std with mean and std already rounded to float32.
PIXELPREP_HD float normalize_value(float x, float mean, float std_dev) { return (x - mean) / std_dev; }

}  // namespace pixelprep::numerics

namespace pixelprep::numerics {

// transformers' convert_to_rgb for a uint8 RGBA array: alpha-blend onto white in float64,
// then np.round (half to even) back to uint8.
PIXELPREP_HD std::uint8_t blend_on_white_u8(std::uint8_t color, std::uint8_t alpha) {
    const double a = alpha / 255.0;
    const double v = a * color + (1 - a) * 255;
    return static_cast<std::uint8_t>(std::nearbyint(v));
}

// The same for a float32 RGBA array in [0, 1]: float32 arithmetic, white = 1.0.
PIXELPREP_HD float blend_on_white_f32(float color, float alpha) {
    const float a = alpha / 1.0f;
    return a * color + (1.0f - a) * 1.0f;
}

}  // namespace pixelprep::numerics
