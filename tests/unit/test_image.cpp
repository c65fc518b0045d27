#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

#include "pixelprep/core/image.hpp"

using namespace pixelprep;

TEST_CASE("contiguous views compute HWC and CHW strides", "[image]") {
    std::vector<std::uint8_t> buf(2 * 3 * 4);
    std::iota(buf.begin(), buf.end(), 0);
    const auto hwc = ImageView::hwc(buf.data(), 2, 3, 4);
    CHECK(hwc.stride_c == 1);
    CHECK(hwc.stride_x == 4);
    CHECK(hwc.stride_y == 12);
    CHECK(hwc.at<std::uint8_t>(1, 2, 3) == 1 * 12 + 2 * 4 + 3);
    CHECK(hwc.is_contiguous());

    const auto chw = ImageView::chw(buf.data(), 4, 2, 3);
    CHECK(chw.height == 2);
    CHECK(chw.width == 3);
    CHECK(chw.channels == 4);
    CHECK(chw.at<std::uint8_t>(1, 2, 3) == 3 * 6 + 1 * 3 + 2);
}

TEST_CASE("a strided window is materialised without touching pixels outside it", "[image]") {
    std::vector<std::uint8_t> buf(5 * 6);
    std::iota(buf.begin(), buf.end(), 0);
    ImageView v = ImageView::hwc(buf.data(), 5, 6, 1);
    // rows 1..3, columns 2..4 of the 5x6 gray image
    v.data = buf.data() + 1 * 6 + 2;
    v.height = 3;
    v.width = 3;
    CHECK_FALSE(v.is_contiguous());
    const ImageU8 crop = materialize<std::uint8_t>(v, Layout::hwc);
    CHECK(crop.at(0, 0, 0) == 8);
    CHECK(crop.at(2, 2, 0) == 3 * 6 + 4);
}

TEST_CASE("layout conversion round-trips", "[image]") {
    ImageF32 img(3, 4, 3, Layout::hwc);
    for (std::size_t i = 0; i < img.size(); ++i) img.data()[i] = float(i) * 0.5f;
    const ImageF32 chw = to_layout(img, Layout::chw);
    CHECK(chw.layout() == Layout::chw);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 4; ++x)
            for (int c = 0; c < 3; ++c) CHECK(chw.at(y, x, c) == img.at(y, x, c));
    CHECK(to_layout(chw, Layout::hwc) == img);
    // CHW memory order: channel planes one after another
    CHECK(chw.data()[1 * 12 + 0] == img.at(0, 0, 1));
}

TEST_CASE("invalid image descriptions are rejected with the values named", "[image][errors]") {
    std::uint8_t px = 0;
    CHECK_THROWS_WITH(ImageView::hwc(&px, 0, 3, 3), Catch::Contains("0x3x3"));
    CHECK_THROWS_AS(ImageView::hwc(&px, 1, -1, 3), InvalidArgument);
    CHECK_THROWS_AS(ImageView::hwc<std::uint8_t>(nullptr, 1, 1, 1), InvalidArgument);
    CHECK_THROWS_AS(ImageU8(1, max_image_side + 1, 3), InvalidArgument);
    CHECK_THROWS_AS(ImageU8(1, 1, 65), InvalidArgument);
    float f = 0;
    CHECK_THROWS_WITH(materialize<std::uint8_t>(ImageView::hwc(&f, 1, 1, 1), Layout::hwc),
                      Catch::Contains("expected a uint8 image, got float32"));
}
