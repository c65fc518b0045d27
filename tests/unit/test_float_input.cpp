#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>

#include "pixelprep/cpu_policy.hpp"

using namespace pixelprep;

TEST_CASE("uint8 passes through untouched", "[float-input]") {
    const std::array<std::uint8_t, 3> px{1, 2, 3};
    const auto r = to_pil_ready(ImageView::hwc(px.data(), 1, 1, 3));
    CHECK_FALSE(r.scaled_by_255);
    CHECK(r.image.at(0, 0, 2) == 3);
}

TEST_CASE("integer-valued floats pass through with truncation (numpy allclose)", "[float-input]") {
    const std::array<float, 4> px{0.0f, 255.0f, 200.001f, 17.0f};  // 200.001 is allclose to 200
    const auto r = to_pil_ready(ImageView::hwc(px.data(), 1, 4, 1));
    CHECK_FALSE(r.scaled_by_255);
    CHECK(r.image.at(0, 1, 0) == 255);
    CHECK(r.image.at(0, 2, 0) == 200);
    CHECK(r.image.at(0, 3, 0) == 17);
}

TEST_CASE("floats in [0, 1] are scaled by 255 in double, stored float32, truncated", "[float-input]") {
    const std::array<float, 4> px{0.5f, 1.0f, 0.6f, 0.999f};
    const auto r = to_pil_ready(ImageView::hwc(px.data(), 1, 4, 1));
    CHECK(r.scaled_by_255);
    CHECK(r.image.at(0, 0, 0) == 127);  // 127.5 truncates
    CHECK(r.image.at(0, 1, 0) == 255);
    CHECK(r.image.at(0, 2, 0) == std::uint8_t(float(double(0.6f) * 255.0)));
    CHECK(r.image.at(0, 3, 0) == 254);
}

TEST_CASE("an image of only 0.0 and 1.0 counts as integer-valued, as in transformers", "[float-input]") {
    const std::array<float, 2> px{0.0f, 1.0f};
    const auto r = to_pil_ready(ImageView::hwc(px.data(), 1, 2, 1));
    CHECK_FALSE(r.scaled_by_255);
    CHECK(r.image.at(0, 1, 0) == 1);
}

TEST_CASE("float values outside both ranges are errors naming the range", "[float-input][errors]") {
    const std::array<float, 2> big{3.0f, 300.0f};
    CHECK_THROWS_WITH(to_pil_ready(ImageView::hwc(big.data(), 1, 2, 1)),
                      Catch::Contains("outside the range [0, 255]") && Catch::Contains("300"));
    const std::array<float, 2> neg{-0.5f, 0.5f};
    CHECK_THROWS_WITH(to_pil_ready(ImageView::hwc(neg.data(), 1, 2, 1)), Catch::Contains("outside the range [0, 1]"));
    const std::array<float, 2> nan{std::numeric_limits<float>::quiet_NaN(), 0.5f};
    CHECK_THROWS_AS(to_pil_ready(ImageView::hwc(nan.data(), 1, 2, 1)), ImageError);
    const std::array<float, 1> inf{std::numeric_limits<float>::infinity()};
    CHECK_THROWS_AS(to_pil_ready(ImageView::hwc(inf.data(), 1, 1, 1)), ImageError);
}

TEST_CASE("CpuPolicy::resize returns float32 k/255 for [0, 1] input and uint8 otherwise", "[float-input]") {
    ImageF32 unit(2, 2, 1, Layout::chw, 0.5f);
    const WorkingImage out = CpuPolicy::resize(unit, {3, 3}, Resample::bilinear);
    REQUIRE(std::holds_alternative<ImageF32>(out));
    CHECK(std::get<ImageF32>(out).at(1, 1, 0) == float(127.0 * (1.0 / 255.0)));
    CHECK(layout_of(out) == Layout::chw);
    ImageF32 integral(2, 2, 1, Layout::chw, 7.0f);
    CHECK(std::holds_alternative<ImageU8>(CpuPolicy::resize(integral, {3, 3}, Resample::bilinear)));
}
