#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

#include "pixelprep/cpu/convert.hpp"

using namespace pixelprep;
using cpu::PixelFormat;

TEST_CASE("L and LA become gray RGB; alpha is dropped, not composited", "[convert]") {
    const std::array<std::uint8_t, 4> la{10, 0, 200, 128};
    const ImageU8 rgb = cpu::convert_to_rgb(ImageView::hwc(la.data(), 1, 2, 2), PixelFormat::LA);
    CHECK(rgb.at(0, 0, 0) == 10);
    CHECK(rgb.at(0, 0, 2) == 10);
    CHECK(rgb.at(0, 1, 1) == 200);
    const std::array<std::uint8_t, 1> l{77};
    CHECK(cpu::convert_to_rgb(ImageView::hwc(l.data(), 1, 1, 1), PixelFormat::L).at(0, 0, 1) == 77);
}

TEST_CASE("RGBA drops alpha unchanged", "[convert]") {
    const std::array<std::uint8_t, 4> rgba{1, 2, 3, 0};
    const ImageU8 rgb = cpu::convert_to_rgb(ImageView::hwc(rgba.data(), 1, 1, 4), PixelFormat::RGBA);
    CHECK(rgb.at(0, 0, 0) == 1);
    CHECK(rgb.at(0, 0, 1) == 2);
    CHECK(rgb.at(0, 0, 2) == 3);
}

TEST_CASE("CMYK uses Pillow's integer formula", "[convert]") {
    const std::array<std::uint8_t, 12> cmyk{255, 0, 0, 0, /**/ 128, 0, 255, 64, /**/ 0, 0, 0, 255};
    const ImageU8 rgb = cpu::convert_to_rgb(ImageView::hwc(cmyk.data(), 1, 3, 4), PixelFormat::CMYK);
    CHECK(rgb.at(0, 0, 0) == 0);
    CHECK(rgb.at(0, 0, 1) == 255);
    CHECK(rgb.at(0, 1, 0) == 95);  // nk = 191; 191 - round(128 * 191 / 255) = 191 - 96
    CHECK(rgb.at(0, 1, 1) == 191);
    CHECK(rgb.at(0, 1, 2) == 0);
    CHECK(rgb.at(0, 2, 0) == 0);
}

TEST_CASE("16-bit gray clamps at 255 instead of scaling", "[convert]") {
    const std::array<std::uint16_t, 3> g{200, 255, 65535};
    const ImageU8 rgb = cpu::gray16_to_rgb(g.data(), 1, 3);
    CHECK(rgb.at(0, 0, 0) == 200);
    CHECK(rgb.at(0, 1, 1) == 255);
    CHECK(rgb.at(0, 2, 2) == 255);
}

TEST_CASE("a format whose channel count does not match is an error", "[convert][errors]") {
    const std::array<std::uint8_t, 3> rgb{1, 2, 3};
    CHECK_THROWS_WITH(cpu::convert_to_rgb(ImageView::hwc(rgb.data(), 1, 1, 3), PixelFormat::CMYK),
                      Catch::Contains("mode CMYK has 4 channels, the image has 3"));
    const std::array<float, 3> f{0, 0, 0};
    CHECK_THROWS_AS(cpu::convert_to_rgb(ImageView::hwc(f.data(), 1, 1, 3), PixelFormat::RGB), ImageError);
    CHECK_THROWS_AS(cpu::gray16_to_rgb(nullptr, 1, 1), InvalidArgument);
}
