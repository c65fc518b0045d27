#include <catch2/catch.hpp>

#include "pixelprep/cpu/center_crop.hpp"
#include "pixelprep/cpu/pad.hpp"

using namespace pixelprep;

namespace {
// Pixel value encodes its source position so a crop can be traced back.
ImageU8 labelled(int h, int w, Layout layout = Layout::hwc) {
    ImageU8 img(h, w, 2, layout);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            img.at(y, x, 0) = std::uint8_t(1 + y);
            img.at(y, x, 1) = std::uint8_t(1 + x);
        }
    return img;
}
}  // namespace

TEST_CASE("center_crop inside the image uses (H - crop) // 2", "[crop]") {
    const ImageU8 img = labelled(7, 6);
    const ImageU8 c = cpu::center_crop(img, 4, 3);  // top = 3 // 2 = 1, left = 3 // 2 = 1
    CHECK(c.height() == 4);
    CHECK(c.width() == 3);
    CHECK(c.at(0, 0, 0) == 2);
    CHECK(c.at(0, 0, 1) == 2);
    CHECK(c.at(3, 2, 0) == 5);
    CHECK(c.at(3, 2, 1) == 4);
}

TEST_CASE("center_crop larger than the image pads with zeros, odd pixel top/left", "[crop]") {
    const ImageU8 img = labelled(3, 4);
    const ImageU8 c = cpu::center_crop(img, 6, 6);  // deficits 3 (odd) and 2 (even)
    // rows: 2 zero rows on top, the 3 image rows, 1 zero row at the bottom
    for (int x = 0; x < 6; ++x) {
        CHECK(c.at(0, x, 0) == 0);
        CHECK(c.at(1, x, 0) == 0);
        CHECK(c.at(5, x, 0) == 0);
    }
    // columns: 1 zero column on each side
    CHECK(c.at(2, 0, 1) == 0);
    CHECK(c.at(2, 1, 1) == 1);
    CHECK(c.at(2, 4, 1) == 4);
    CHECK(c.at(2, 5, 1) == 0);
    CHECK(c.at(2, 1, 0) == 1);
    CHECK(c.at(4, 1, 0) == 3);
}

TEST_CASE("center_crop larger in one dimension only crops the other", "[crop]") {
    const ImageU8 img = labelled(2, 9, Layout::chw);
    const ImageU8 c = cpu::center_crop(img, 5, 4);  // rows: deficit 3 -> 2 on top; cols: (9-4)//2 = 2
    CHECK(c.layout() == Layout::chw);
    CHECK(c.at(0, 0, 0) == 0);
    CHECK(c.at(2, 0, 0) == 1);
    CHECK(c.at(2, 0, 1) == 3);
    CHECK(c.at(3, 3, 1) == 6);
    CHECK(c.at(4, 3, 0) == 0);
}

TEST_CASE("center_crop of a 1x1 image and float images", "[crop]") {
    ImageF32 one(1, 1, 1, Layout::chw, 0.25f);
    const ImageF32 c = cpu::center_crop(one, 2, 2);  // deficit 1: the pixel lands bottom/right
    CHECK(c.at(0, 0, 0) == 0.0f);
    CHECK(c.at(1, 1, 0) == 0.25f);
    CHECK_THROWS_WITH(cpu::center_crop(one, 0, 2), Catch::Contains("0x2"));
}

TEST_CASE("pad adds zeros at the bottom and right only", "[pad]") {
    const ImageU8 img = labelled(2, 3, Layout::chw);
    const ImageU8 p = cpu::pad_bottom_right(img, 4, 5);
    CHECK(p.layout() == Layout::chw);
    CHECK(p.at(0, 0, 0) == 1);
    CHECK(p.at(1, 2, 1) == 3);
    CHECK(p.at(2, 0, 0) == 0);
    CHECK(p.at(0, 3, 1) == 0);
    const ImageF32 f(1, 1, 1, Layout::chw, 2.0f);
    CHECK(cpu::pad_bottom_right(f, 2, 2, -1.0f).at(1, 1, 0) == -1.0f);
    CHECK_THROWS_WITH(cpu::pad_bottom_right(img, 1, 5), Catch::Contains("Padding dimensions are negative") &&
                                                            Catch::Contains("image_size=(2, 3)"));
}
