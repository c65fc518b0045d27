#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "pixelprep/cpu/rescale_normalize.hpp"

using namespace pixelprep;

TEST_CASE("rescale multiplies in double and rounds once to float32", "[rescale]") {
    ImageU8 all(1, 256, 1);
    for (int x = 0; x < 256; ++x) all.at(0, x, 0) = std::uint8_t(x);
    const double factor = 1.0 / 255.0;
    const ImageF32 r = cpu::rescale(all, factor);
    int differs_from_float_math = 0;
    for (int x = 0; x < 256; ++x) {
        REQUIRE(r.at(0, x, 0) == static_cast<float>(double(x) * factor));
        differs_from_float_math += r.at(0, x, 0) != float(x) * float(factor);
    }
    // The double path matters: float32 arithmetic would give other bits for some values.
    CHECK(differs_from_float_math > 0);
}

TEST_CASE("normalize is (x - float32(mean)) / float32(std) per channel in both layouts", "[normalize]") {
    const std::array<double, 3> mean{0.48145466, 0.4578275, 0.40821073};
    const std::array<double, 3> std_dev{0.26862954, 0.26130258, 0.27577711};
    ImageF32 hwc(4, 5, 3);
    for (std::size_t i = 0; i < hwc.size(); ++i) hwc.data()[i] = float(i) / 59.0f;
    const ImageF32 chw = to_layout(hwc, Layout::chw);
    const ImageF32 nh = cpu::normalize(hwc, mean, std_dev);
    const ImageF32 nc = cpu::normalize(chw, mean, std_dev);
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 5; ++x)
            for (int c = 0; c < 3; ++c) {
                const float expect = (hwc.at(y, x, c) - float(mean[std::size_t(c)])) / float(std_dev[std::size_t(c)]);
                REQUIRE(nh.at(y, x, c) == expect);
                REQUIRE(nc.at(y, x, c) == expect);
            }
}

TEST_CASE("normalize of uint8 casts to float32 first; scalars broadcast", "[normalize]") {
    ImageU8 img(1, 2, 1);
    img.at(0, 0, 0) = 0;
    img.at(0, 1, 0) = 255;
    const std::array<double, 1> m{127.5}, s{127.5};
    const ImageF32 n = cpu::normalize(img, m, s);
    CHECK(n.at(0, 0, 0) == -1.0f);
    CHECK(n.at(0, 1, 0) == 1.0f);
    ImageF32 three(1, 1, 3, Layout::chw, 1.0f);
    const ImageF32 b = cpu::normalize(three, 0.5, 0.25);
    for (int c = 0; c < 3; ++c) CHECK(b.at(0, 0, c) == 2.0f);
}

TEST_CASE("a mean or std whose length is not the channel count is an error", "[normalize][errors]") {
    ImageF32 img(2, 2, 1);
    const std::array<double, 3> three{0.5, 0.5, 0.5};
    const std::array<double, 1> one{0.5};
    CHECK_THROWS_WITH(cpu::normalize(img, three, one), Catch::Contains("mean must have 1 elements") &&
                                                           Catch::Contains("got 3"));
    CHECK_THROWS_WITH(cpu::normalize(img, one, three), Catch::Contains("std must have 1 elements"));
    ImageF32 rgb(2, 2, 3);
    CHECK_THROWS_AS(cpu::normalize(rgb, one, one), InvalidArgument);
}
