// Pillow's integer conversions to RGB that the decoders apply (numerics/pixel_math.hpp):
// CMYK (JPEG, TIFF) and 16-bit gray (PNG, TIFF). The whole decoders are checked against
// Pillow by decode-parity; these pin the formulas themselves.
#include <catch2/catch.hpp>

#include <cstdint>

#include "pixelprep/numerics/pixel_math.hpp"

using namespace pixelprep;

TEST_CASE("CMYK uses Pillow's integer formula", "[convert]") {
    CHECK(numerics::cmyk_channel_to_rgb(255, 0) == 0);
    CHECK(numerics::cmyk_channel_to_rgb(0, 0) == 255);
    CHECK(numerics::cmyk_channel_to_rgb(128, 64) == 95);  // nk = 191; 191 - round(128 * 191 / 255) = 191 - 96
    CHECK(numerics::cmyk_channel_to_rgb(0, 64) == 191);
    CHECK(numerics::cmyk_channel_to_rgb(255, 64) == 0);
    CHECK(numerics::cmyk_channel_to_rgb(0, 255) == 0);
}

TEST_CASE("16-bit gray clamps at 255 instead of scaling", "[convert]") {
    CHECK(numerics::gray16_to_u8(200) == 200);
    CHECK(numerics::gray16_to_u8(255) == 255);
    CHECK(numerics::gray16_to_u8(256) == 255);
    CHECK(numerics::gray16_to_u8(65535) == 255);
}
