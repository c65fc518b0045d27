#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

#include "pixelprep/cpu/resize.hpp"

using namespace pixelprep;

namespace {
ImageU8 random_image(int h, int w, int c, unsigned seed) {
    std::mt19937 rng(seed);
    ImageU8 img(h, w, c);
    for (auto& v : img.storage()) v = std::uint8_t(rng() & 0xff);
    return img;
}
}  // namespace

TEST_CASE("a 1x1 image upscales to a constant for every filter", "[resize]") {
    ImageU8 one(1, 1, 3);
    one.at(0, 0, 0) = 7;
    one.at(0, 0, 1) = 128;
    one.at(0, 0, 2) = 255;
    for (Resample f : all_resample_filters) {
        const ImageU8 big = cpu::resize(one, 5, 9, f);
        REQUIRE(big.height() == 5);
        REQUIRE(big.width() == 9);
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 9; ++x) {
                CHECK(big.at(y, x, 0) == 7);
                CHECK(big.at(y, x, 1) == 128);
                CHECK(big.at(y, x, 2) == 255);
            }
    }
}

TEST_CASE("a constant image stays constant at any size and aspect ratio", "[resize]") {
    for (Resample f : all_resample_filters)
        for (auto [h, w, oh, ow] : {std::array{1000, 1, 3, 1}, std::array{1, 1000, 1, 1}, std::array{37, 53, 300, 2}}) {
            ImageU8 img(h, w, 1, Layout::hwc, 201);
            const ImageU8 out = cpu::resize(img, oh, ow, f);
            for (auto v : out) REQUIRE(v == 201);
        }
}

TEST_CASE("same size is a plain copy, even for RGBA (no premultiply round trip)", "[resize]") {
    ImageU8 img = random_image(6, 5, 4, 1);
    for (Resample f : all_resample_filters) CHECK(cpu::resize(img, 6, 5, f) == img);
}

TEST_CASE("BOX 2:1 averages pairs and rounds halves up", "[resize]") {
    ImageU8 row(1, 4, 1);
    row.at(0, 0, 0) = 10;
    row.at(0, 1, 0) = 21;
    row.at(0, 2, 0) = 0;
    row.at(0, 3, 0) = 255;
    const ImageU8 out = cpu::resize(row, 1, 2, Resample::box);
    CHECK(out.at(0, 0, 0) == 16);   // 15.5 -> 16
    CHECK(out.at(0, 1, 0) == 128);  // 127.5 -> 128
}

TEST_CASE("bicubic and lanczos overshoot is clamped to 0..255", "[resize]") {
    ImageU8 step(1, 8, 1);
    for (int x = 0; x < 8; ++x) step.at(0, x, 0) = x < 4 ? 0 : 255;
    for (Resample f : {Resample::bicubic, Resample::lanczos}) {
        const ImageU8 up = cpu::resize(step, 1, 29, f);
        CHECK(up.at(0, 0, 0) == 0);
        CHECK(up.at(0, 28, 0) == 255);
    }
}

TEST_CASE("RGBA is premultiplied: colour under alpha 0 is lost, as in Pillow", "[resize]") {
    ImageU8 img = random_image(8, 8, 4, 2);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) img.at(y, x, 3) = 0;
    const ImageU8 out = cpu::resize(img, 3, 5, Resample::bilinear);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 5; ++x)
            for (int c = 0; c < 4; ++c) CHECK(out.at(y, x, c) == 0);
    // NEAREST copies pixels and never premultiplies.
    const ImageU8 nn = cpu::resize(img, 4, 4, Resample::nearest);
    CHECK(nn.at(0, 0, 0) == img.at(1, 1, 0));
}

TEST_CASE("CHW input gives the CHW layout of the HWC result", "[resize]") {
    const ImageU8 hwc = random_image(17, 23, 3, 3);
    const ImageU8 chw = to_layout(hwc, Layout::chw);
    for (Resample f : all_resample_filters) {
        const ImageU8 a = cpu::resize(hwc, 9, 31, f);
        const ImageU8 b = cpu::resize(chw, 9, 31, f);
        CHECK(b.layout() == Layout::chw);
        CHECK(to_layout(b, Layout::hwc) == a);
    }
}

TEST_CASE("1000:1 aspect ratios resize in both directions", "[resize]") {
    const ImageU8 tall = random_image(3000, 3, 3, 4);
    const ImageU8 t = cpu::resize(tall, 30, 2, Resample::bicubic);
    CHECK(t.height() == 30);
    CHECK(t.width() == 2);
    const ImageU8 wide = random_image(2, 2000, 1, 5);
    const ImageU8 w = cpu::resize(wide, 4, 2, Resample::lanczos);
    CHECK(w.height() == 4);
    CHECK(w.width() == 2);
}

TEST_CASE("resize rejects bad sizes and channel counts with the value named", "[resize][errors]") {
    const ImageU8 img = random_image(4, 4, 3, 6);
    CHECK_THROWS_WITH(cpu::resize(img, 0, 4, Resample::bilinear), Catch::Contains("0x4"));
    CHECK_THROWS_AS(cpu::resize(img, 4, -2, Resample::bilinear), InvalidArgument);
    CHECK_THROWS_AS(cpu::resize(img, 4, max_image_side + 1, Resample::bilinear), InvalidArgument);
    const ImageU8 five(2, 2, 5);
    CHECK_THROWS_WITH(cpu::resize(five, 1, 1, Resample::bicubic), Catch::Contains("5 channels"));
    CHECK_THROWS_AS(cpu::resize(ImageU8{}, 1, 1, Resample::bicubic), ImageError);
}

TEST_CASE("a table too large for the shared caches is built once per call with CallTables", "[resize]") {
    // 1000 -> 213344 bicubic rows: ~1M weights, above max_cached_weights, so the shared cache
    // does not keep it. A plan's bands each ask for it; with the call's cache they share one.
    cpu::detail::CallTables call;
    const auto a = cpu::cached_axis_coefficients(Resample::bicubic, 1000, 213344, &call.axes);
    const auto b = cpu::cached_axis_coefficients(Resample::bicubic, 1000, 213344, &call.axes);
    CHECK(a.get() == b.get());
    const auto c = cpu::cached_axis_coefficients(Resample::bicubic, 1000, 213344);  // no call: built for this use
    CHECK(c.get() != a.get());
    CHECK(c->weights == a->weights);
    CHECK(c->first == a->first);

    // The rule itself: small tables go to the shared cache, large ones to the call's, and
    // without a call's cache each use builds its own.
    cpu::BoundedCache<int, int> shared(4), per_call(4);
    int built = 0;
    const auto make = [&] { return ++built; };
    CHECK(*cpu::shared_or_per_call(shared, &per_call, false, 1, make) == 1);
    CHECK(*cpu::shared_or_per_call(shared, &per_call, false, 1, make) == 1);
    CHECK(*cpu::shared_or_per_call(shared, static_cast<cpu::BoundedCache<int, int>*>(nullptr), false, 1, make) == 2);
    CHECK(*cpu::shared_or_per_call(shared, static_cast<cpu::BoundedCache<int, int>*>(nullptr), false, 1, make) == 3);
    CHECK(*cpu::shared_or_per_call(shared, static_cast<cpu::BoundedCache<int, int>*>(nullptr), true, 1, make) == 4);
    CHECK(*cpu::shared_or_per_call(shared, &per_call, true, 1, make) == 4);
    CHECK(built == 4);
}
