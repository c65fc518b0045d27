// pixelprep::io on small known inputs: exact pixels for lossless formats, Pillow's mode
// conversions, and the EXIF orientation switch. (decode-parity compares with Pillow itself.)
#include <catch2/catch.hpp>

#include "pixelprep/io/decode.hpp"
#include "test_files.hpp"

using namespace pixelprep;
using namespace pixelprep_test;

namespace {

ImageU8 decode(const Bytes& b, bool orient = true) {
    io::DecodeOptions options;
    options.apply_exif_orientation = orient;
    return io::decode_image_bytes(b, "test", options);
}

Bytes pixels_of(const ImageU8& img) { return Bytes(img.begin(), img.end()); }

}  // namespace

TEST_CASE("8-bit RGB PNG and lossless WebP decode to the exact pixels", "[io]") {
    const Bytes rgb = test_pixels(7, 5, 3);
    for (const Bytes& file : {make_png(7, 5, 8, 2, rgb), make_webp_lossless(7, 5, rgb)}) {
        const ImageU8 img = decode(file);
        REQUIRE(img.height() == 5);
        REQUIRE(img.width() == 7);
        REQUIRE(img.channels() == 3);
        CHECK(pixels_of(img) == rgb);
    }
}

TEST_CASE("PNG modes convert as Pillow's convert(\"RGB\")", "[io]") {
    SECTION("RGBA drops alpha") {
        const Bytes rgba = {1, 2, 3, 0, 4, 5, 6, 255};
        CHECK(pixels_of(decode(make_png(2, 1, 8, 6, rgba))) == Bytes{1, 2, 3, 4, 5, 6});
    }
    SECTION("16-bit RGB keeps the high byte") {
        const Bytes rgb16 = {0x12, 0x34, 0xAB, 0xCD, 0x00, 0xFF};
        CHECK(pixels_of(decode(make_png(1, 1, 16, 2, rgb16))) == Bytes{0x12, 0xAB, 0x00});
    }
    SECTION("16-bit gray (I;16) clamps at 255") {
        const Bytes gray16 = {0x00, 0x05, 0x00, 0xFF, 0x01, 0x00};  // 5, 255, 256
        CHECK(pixels_of(decode(make_png(3, 1, 16, 0, gray16))) == Bytes{5, 5, 5, 255, 255, 255, 255, 255, 255});
    }
    SECTION("16-bit gray+alpha opens as RGBA: the gray's high byte") {
        const Bytes ga16 = {0x12, 0x34, 0xFF, 0xFF};
        CHECK(pixels_of(decode(make_png(1, 1, 16, 4, ga16))) == Bytes{0x12, 0x12, 0x12});
    }
    SECTION("1-, 2- and 4-bit gray scale to 0..255") {
        CHECK(pixels_of(decode(make_png(3, 1, 1, 0, {0b10100000}))) == Bytes{255, 255, 255, 0, 0, 0, 255, 255, 255});
        CHECK(pixels_of(decode(make_png(4, 1, 2, 0, {0b00011011}))) ==
              Bytes{0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255});
        CHECK(pixels_of(decode(make_png(2, 1, 4, 0, {0x0F}))) == Bytes{0, 0, 0, 255, 255, 255});
    }
    SECTION("palette: lookup, tRNS ignored, missing entries black") {
        const Bytes plte = {10, 20, 30, 40, 50, 60};
        const Bytes png = make_png(3, 1, 8, 3, {0, 1, 7}, {{"PLTE", plte}, {"tRNS", {0, 128}}});
        CHECK(pixels_of(decode(png)) == Bytes{10, 20, 30, 40, 50, 60, 0, 0, 0});
    }
}

TEST_CASE("grayscale JPEG replicates the gray value", "[io]") {
    const ImageU8 img = decode(make_jpeg(9, 6, 1));
    REQUIRE(img.channels() == 3);
    for (std::size_t i = 0; i < img.size(); i += 3) {
        CHECK(img.data()[i] == img.data()[i + 1]);
        CHECK(img.data()[i] == img.data()[i + 2]);
    }
}

TEST_CASE("EXIF orientation is applied by default and can be turned off", "[io][exif]") {
    const Bytes plain = make_jpeg(20, 10, 3);
    const ImageU8 stored = decode(plain);
    REQUIRE(stored.width() == 20);
    for (std::uint16_t o = 1; o <= 8; ++o) {
        const Bytes jpeg = make_jpeg(20, 10, 3, exif_orientation(o));
        const ImageU8 raw = decode(jpeg, false);
        CHECK(raw == stored);  // the APP1 segment does not change the pixels
        const ImageU8 img = decode(jpeg);
        const bool swapped = o >= 5;
        CHECK(img.width() == (swapped ? 10 : 20));
        CHECK(img.height() == (swapped ? 20 : 10));
        // Corner pixels: where the stored top-left (0,0) lands for each orientation.
        const int h = img.height(), w = img.width();
        const std::pair<int, int> top_left[] = {{0, 0}, {0, 0}, {0, w - 1}, {h - 1, w - 1}, {h - 1, 0},
                                                {0, 0}, {0, w - 1}, {h - 1, w - 1}, {h - 1, 0}};
        const auto [y, x] = top_left[o];
        for (int c = 0; c < 3; ++c) CHECK(img.at(y, x, c) == stored.at(0, 0, c));
    }
}

TEST_CASE("GIF, BMP and TIFF decode to the exact pixels", "[io]") {
    const Bytes rgb = test_pixels(7, 5, 3);
    SECTION("24-bit BMP") { CHECK(pixels_of(decode(make_bmp24(7, 5, rgb))) == rgb); }
    SECTION("8-bit RGB TIFF") { CHECK(pixels_of(decode(make_tiff(7, 5, 3, 2, rgb))) == rgb); }
    SECTION("GIF: palette lookup") {
        const Bytes palette = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
        const Bytes indices = {0, 1, 2, 3, 3, 2};
        Bytes want;
        for (std::uint8_t i : indices) want.insert(want.end(), palette.begin() + 3 * i, palette.begin() + 3 * i + 3);
        const ImageU8 img = decode(make_gif(3, 2, indices, palette));
        CHECK(img.height() == 2);
        CHECK(img.width() == 3);
        CHECK(pixels_of(img) == want);
    }
}

TEST_CASE("TIFF orientation is applied even with apply_exif_orientation off, as Pillow loads it", "[io]") {
    const Bytes rgb = test_pixels(7, 5, 3);
    const Bytes tiff = make_tiff(7, 5, 3, 2, rgb, {{274, 6}});  // Orientation: rotate 270
    for (bool orient : {true, false}) {
        const ImageU8 img = decode(tiff, orient);
        REQUIRE(img.height() == 7);
        REQUIRE(img.width() == 5);
        // Output (y, x) is input (h - 1 - x, y).
        for (int y = 0; y < 7; ++y)
            for (int x = 0; x < 5; ++x)
                for (int c = 0; c < 3; ++c)
                    CHECK(img.data()[(std::size_t(y) * 5 + std::size_t(x)) * 3 + std::size_t(c)] ==
                          rgb[(std::size_t(4 - x) * 7 + std::size_t(y)) * 3 + std::size_t(c)]);
    }
}

TEST_CASE("AVIF decodes to RGB of the stored size", "[io]") {
    const Bytes avif = make_avif(9, 6, test_pixels(9, 6, 3));
    if (avif.empty()) {
        WARN("skipped: this libavif has no AV1 encoder to make a test file");
        return;
    }
    const ImageU8 img = decode(avif);
    CHECK(img.height() == 6);
    CHECK(img.width() == 9);
    CHECK(img.channels() == 3);
}
