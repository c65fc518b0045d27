// CpuPolicy's VLM operations: crop and pad_centered (windows that keep dtype and layout) and
// patchify (Qwen2-VL's flattening), the latter against a loop written from the layout
// transformers produces: reshape (C, T, gh/m, m, p, gw/m, m, p) -> transpose to
// (gh/m, gw/m, m, m, C, T, p, p) -> (gh*gw, C*T*p*p).
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "pixelprep/cpu_policy.hpp"

using namespace pixelprep;

namespace {

template <class T> Image<T> random_image(std::mt19937& rng, int h, int w, int c, Layout layout) {
    Image<T> img(h, w, c, layout);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < c; ++k)
                img.at(y, x, k) = std::is_same_v<T, float> ? T(std::uniform_real_distribution<float>(-3, 3)(rng))
                                                           : T(rng() & 0xff);
    return img;
}

// Output row = ((by * (gw/m) + bx) * m + iy) * m + ix, column = ((ch * T + tt) * p + py) * p + px,
// value = image(y = (by*m + iy)*p + py, x = (bx*m + ix)*p + px, ch).
template <class T> std::vector<float> reference_patches(const Image<T>& img, int p, int m, int t) {
    const int gh = img.height() / p, gw = img.width() / p, c = img.channels();
    std::vector<float> out;
    for (int by = 0; by < gh / m; ++by)
        for (int bx = 0; bx < gw / m; ++bx)
            for (int iy = 0; iy < m; ++iy)
                for (int ix = 0; ix < m; ++ix)
                    for (int ch = 0; ch < c; ++ch)
                        for (int tt = 0; tt < t; ++tt)
                            for (int py = 0; py < p; ++py)
                                for (int px = 0; px < p; ++px)
                                    out.push_back(float(img.at((by * m + iy) * p + py, (bx * m + ix) * p + px, ch)));
    return out;
}

template <class T> bool same_pixels(const Image<T>& a, const Image<T>& b) {
    if (a.height() != b.height() || a.width() != b.width() || a.channels() != b.channels()) return false;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            for (int k = 0; k < a.channels(); ++k)
                if (a.at(y, x, k) != b.at(y, x, k)) return false;
    return true;
}

}  // namespace

TEST_CASE("patchify matches the reshape/transpose reference", "[patchify]") {
    std::mt19937 rng(7);
    const int patches[] = {1, 2, 3, 14};
    for (int i = 0; i < 120; ++i) {
        const int p = patches[i % 4], m = 1 + int(rng() % 3), t = 1 + int(rng() % 3), c = 1 + int(rng() % 4);
        const int h = p * m * (1 + int(rng() % (p == 14 ? 3 : 6))), w = p * m * (1 + int(rng() % (p == 14 ? 3 : 6)));
        const Layout layout = i % 2 ? Layout::chw : Layout::hwc;
        INFO("h=" << h << " w=" << w << " c=" << c << " p=" << p << " m=" << m << " t=" << t << " "
                  << layout_name(layout));
        const ImageF32 f = random_image<float>(rng, h, w, c, layout);
        const pixelprep::Array<float> got = CpuPolicy::patchify(f, p, m, t);
        const std::vector<float> want = reference_patches(f, p, m, t);
        REQUIRE(got.shape().size() == 2);
        CHECK(got.shape()[0] == std::size_t(h / p) * std::size_t(w / p));
        CHECK(got.shape()[1] == std::size_t(c * t * p * p));
        REQUIRE(got.size() == want.size());
        CHECK(std::memcmp(got.data(), want.data(), want.size() * sizeof(float)) == 0);
        if (i % 3 == 0) {  // uint8 elements become float32 exactly
            const ImageU8 u = random_image<std::uint8_t>(rng, h, w, c, layout);
            const pixelprep::Array<float> gu = CpuPolicy::patchify(u, p, m, t);
            const std::vector<float> wu = reference_patches(u, p, m, t);
            REQUIRE(gu.size() == wu.size());
            CHECK(std::memcmp(gu.data(), wu.data(), wu.size() * sizeof(float)) == 0);
        }
    }
}

TEST_CASE("patchify refuses grids it cannot cut", "[patchify]") {
    const ImageF32 img(28, 42, 3, Layout::chw);
    CHECK_THROWS_AS(CpuPolicy::patchify(img, 14, 2, 2), InvalidArgument);  // 42 is not a multiple of 28
    CHECK_THROWS_WITH(CpuPolicy::patchify(img, 14, 2, 2), Catch::Contains("multiples of patch * merge = 28"));
    CHECK_THROWS_AS(CpuPolicy::patchify(img, 0, 2, 2), InvalidArgument);
    CHECK_THROWS_AS(CpuPolicy::patchify(img, 14, 1, 0), InvalidArgument);
    CHECK_NOTHROW(CpuPolicy::patchify(img, 14, 1, 2));
}

TEST_CASE("crop keeps dtype and layout and copies the window", "[crop]") {
    std::mt19937 rng(11);
    for (int i = 0; i < 60; ++i) {
        const int h = 1 + int(rng() % 30), w = 1 + int(rng() % 30), c = 1 + int(rng() % 4);
        const Layout layout = i % 2 ? Layout::chw : Layout::hwc;
        const int top = int(rng() % unsigned(h)), left = int(rng() % unsigned(w));
        const int ch = 1 + int(rng() % unsigned(h - top)), cw = 1 + int(rng() % unsigned(w - left));
        const ImageU8 img = random_image<std::uint8_t>(rng, h, w, c, layout);
        const WorkingImage out = CpuPolicy::crop(img, top, left, ch, cw);
        REQUIRE(std::holds_alternative<ImageU8>(out));
        const ImageU8& got = std::get<ImageU8>(out);
        CHECK(got.layout() == layout);
        ImageU8 want(ch, cw, c, layout);
        for (int y = 0; y < ch; ++y)
            for (int x = 0; x < cw; ++x)
                for (int k = 0; k < c; ++k) want.at(y, x, k) = img.at(top + y, left + x, k);
        CHECK(same_pixels(got, want));
    }
    const ImageF32 f(5, 6, 3, Layout::hwc, 0.5f);
    const WorkingImage fo = CpuPolicy::crop(f, 1, 2, 3, 4);
    REQUIRE(std::holds_alternative<ImageF32>(fo));
    CHECK(std::get<ImageF32>(fo).height() == 3);
    CHECK(std::get<ImageF32>(fo).width() == 4);
}

TEST_CASE("crop refuses windows outside the image, naming the values", "[crop]") {
    const ImageU8 img(10, 8, 3, Layout::chw);
    CHECK_THROWS_WITH(CpuPolicy::crop(img, 5, 0, 6, 8),
                      "crop: the window top=5, left=0, height=6, width=8 is not a non-empty window inside the 10x8 image");
    CHECK_THROWS_AS(CpuPolicy::crop(img, -1, 0, 2, 2), InvalidArgument);
    CHECK_THROWS_AS(CpuPolicy::crop(img, 0, -1, 2, 2), InvalidArgument);
    CHECK_THROWS_AS(CpuPolicy::crop(img, 0, 0, 0, 2), InvalidArgument);
    CHECK_THROWS_AS(CpuPolicy::crop(img, 0, 7, 2, 2), InvalidArgument);
    CHECK_THROWS_AS(CpuPolicy::crop(img, 2147483000, 0, 2000, 2), InvalidArgument);  // no int overflow
    CHECK_NOTHROW(CpuPolicy::crop(img, 0, 0, 10, 8));
}

TEST_CASE("pad_centered puts the odd pixel bottom/right", "[pad]") {
    ImageU8 img(2, 3, 1, Layout::hwc);
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x) img.at(y, x, 0) = std::uint8_t(1 + y * 3 + x);
    for (Layout layout : {Layout::hwc, Layout::chw}) {
        const WorkingImage out = CpuPolicy::pad_centered(to_layout(img, layout), 5, 6);  // top 1, left 1
        const ImageU8& p = std::get<ImageU8>(out);
        CHECK(p.layout() == layout);
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 6; ++x) {
                const bool inside = y >= 1 && y < 3 && x >= 1 && x < 4;
                CHECK(int(p.at(y, x, 0)) == (inside ? 1 + (y - 1) * 3 + (x - 1) : 0));
            }
    }
    CHECK_THROWS_WITH(CpuPolicy::pad_centered(img, 1, 6), "pad_centered: the 1x6 canvas is smaller than the 2x3 image");
}
