// pixelprep::io::decode_image_bytes_keep_mode on small known inputs: the mode each PNG, JPEG
// and WebP variant opens as in Pillow, its exact samples, palette and tRNS, and no EXIF
// orientation. (resize-modes compares the whole `pixelprep resize` path with Pillow itself.)
#include <catch2/catch.hpp>

#include "pixelprep/io/decode_keep_mode.hpp"
#include "test_files.hpp"

using namespace pixelprep;
using namespace pixelprep_test;

namespace {

io::ModeImage decode(const Bytes& b) { return io::decode_image_bytes_keep_mode(b, "test"); }

Bytes pixels_of(const io::ModeImage& img) { return Bytes(img.pixels.begin(), img.pixels.end()); }

}  // namespace

TEST_CASE("keep-mode PNG: gray depths open as 1, L (scaled) and I;16", "[io][keep-mode]") {
    const io::ModeImage one = decode(make_png(4, 1, 1, 0, {0b1010'0000}));
    CHECK(one.mode == "1");
    CHECK(pixels_of(one) == Bytes{255, 0, 255, 0});
    const io::ModeImage two = decode(make_png(4, 1, 2, 0, {0b00'01'10'11}));
    CHECK(two.mode == "L");
    CHECK(pixels_of(two) == Bytes{0, 85, 170, 255});
    const io::ModeImage sixteen = decode(make_png(2, 1, 16, 0, {0x12, 0x34, 0xFF, 0x01}));
    CHECK(sixteen.mode == "I;16");
    CHECK(sixteen.pixels.empty());
    CHECK(sixteen.gray16 == std::vector<std::uint16_t>{0x1234, 0xFF01});
}

TEST_CASE("keep-mode PNG: alpha and 16-bit color types", "[io][keep-mode]") {
    const io::ModeImage la = decode(make_png(2, 1, 8, 4, {10, 0, 20, 255}));
    CHECK(la.mode == "LA");
    CHECK(pixels_of(la) == Bytes{10, 0, 20, 255});
    // 16-bit gray+alpha opens as RGBA (Pillow's raw mode "LA;16B"): the high bytes.
    const io::ModeImage la16 = decode(make_png(1, 1, 16, 4, {0xAB, 0xCD, 0x12, 0x34}));
    CHECK(la16.mode == "RGBA");
    CHECK(pixels_of(la16) == Bytes{0xAB, 0xAB, 0xAB, 0x12});
    const io::ModeImage rgba16 = decode(make_png(1, 1, 16, 6, {1, 2, 3, 4, 5, 6, 7, 8}));
    CHECK(rgba16.mode == "RGBA");
    CHECK(pixels_of(rgba16) == Bytes{1, 3, 5, 7});
    const io::ModeImage rgb16 = decode(make_png(1, 1, 16, 2, {9, 8, 7, 6, 5, 4}));
    CHECK(rgb16.mode == "RGB");
    CHECK(pixels_of(rgb16) == Bytes{9, 7, 5});
}

TEST_CASE("keep-mode PNG: palette indices, entries and tRNS", "[io][keep-mode]") {
    const Bytes plte = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const io::ModeImage p = decode(make_png(4, 1, 4, 3, {0x01, 0x20}, {{"PLTE", plte}, {"tRNS", {255, 0}}}));
    CHECK(p.mode == "P");
    CHECK(pixels_of(p) == Bytes{0, 1, 2, 0});
    REQUIRE(p.palette.size() == 3);
    CHECK(p.palette[2] == std::array<std::uint8_t, 3>{7, 8, 9});
    REQUIRE(p.transparency);
    CHECK(*p.transparency == std::vector<std::uint16_t>{255, 0});
    const io::ModeImage gray = decode(make_png(1, 1, 8, 0, {7}, {{"tRNS", {0, 7}}}));
    REQUIRE(gray.transparency);
    CHECK(*gray.transparency == std::vector<std::uint16_t>{7});
    CHECK_FALSE(decode(make_png(1, 1, 8, 0, {7})).transparency);
}

TEST_CASE("keep-mode JPEG and WebP: L, RGB, CMYK; no EXIF orientation", "[io][keep-mode]") {
    const io::ModeImage gray = decode(make_jpeg(9, 6, 1));
    CHECK(gray.mode == "L");
    CHECK(gray.pixels.channels() == 1);
    const ImageU8 rgb = io::decode_image_bytes(make_jpeg(9, 6, 1), "test");
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 9; ++x) CHECK(gray.pixels.at(y, x, 0) == rgb.at(y, x, 0));
    CHECK(decode(make_jpeg(4, 4, 4)).mode == "CMYK");

    const io::ModeImage rotated = decode(make_jpeg(20, 10, 3, exif_orientation(6)));
    CHECK(rotated.mode == "RGB");
    CHECK(rotated.width == 20);  // Image.open does not apply the orientation
    CHECK(rotated.height == 10);

    const Bytes px = test_pixels(5, 3, 3);
    const io::ModeImage webp = decode(make_webp_lossless(5, 3, px));
    CHECK(webp.mode == "RGB");
    CHECK(pixels_of(webp) == px);
}

TEST_CASE("keep-mode decode errors name the input", "[io][keep-mode]") {
    CHECK_THROWS_AS(decode({}), UnsupportedFormat);
    CHECK_THROWS_WITH(decode({'h', 'i', '!', '!'}), Catch::Contains("test: unsupported or unrecognized format"));
}
