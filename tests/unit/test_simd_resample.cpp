// Every SIMD level of the resampling passes against the scalar reference, forced through
// resize's `level` argument: random sizes (shrinking, growing, one-pixel and wide images),
// all six filters, 1-4 channels, and extreme pixel values that load every weight's sign.
// The scalar path itself is checked against real Pillow by pillow-differential.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "pixelprep/cpu/fused_preprocess.hpp"
#include "pixelprep/cpu/rescale_normalize.hpp"
#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/cpu/simd/lane_taps.hpp"
#include "pixelprep/cpu/simd/lane_taps_avx2.hpp"
#include "pixelprep/cpu/simd/level.hpp"
#include "pixelprep/numerics/coefficient_table.hpp"

using namespace pixelprep;

namespace {
ImageU8 noise(int h, int w, int c, std::mt19937& rng, bool extremes) {
    ImageU8 img(h, w, c);
    for (auto& v : img.storage()) v = extremes ? std::uint8_t((rng() & 1) ? 255 : 0) : std::uint8_t(rng() & 0xff);
    return img;
}
}  // namespace

TEST_CASE("the SIMD resize levels give the scalar bits", "[resize][simd]") {
    std::mt19937 rng(20261129);
    const cpu::SimdLevel levels[] = {cpu::SimdLevel::sse41, cpu::SimdLevel::avx2, cpu::SimdLevel::avx512, cpu::SimdLevel::neon};
    int compared = 0;
    for (int it = 0; it < 1500; ++it) {
        const int c = 1 + int(rng() % 4);
        const int big = it % 10 == 0 ? 600 : 90;
        int h = 1 + int(rng() % unsigned(big)), w = 1 + int(rng() % unsigned(big));
        if (it % 7 == 0) h = 1 + int(rng() % 3);
        if (it % 11 == 0) w = 1 + int(rng() % 3);
        const int oh = 1 + int(rng() % 130), ow = 1 + int(rng() % 130);
        const Resample f = all_resample_filters[rng() % std::size(all_resample_filters)];
        const ImageU8 img = noise(h, w, c, rng, it % 5 == 0);
        const ImageU8 ref = cpu::resize(img, oh, ow, f, cpu::SimdLevel::scalar);
        for (cpu::SimdLevel level : levels) {
            if (!cpu::simd_level_available(level)) continue;  // the CPU lacks it: nothing to compare
            INFO(std::string(cpu::simd_level_name(level)) << " " << resample_name(f) << " c=" << c << " " << h << "x" << w
                                                         << " -> " << oh << "x" << ow);
            CHECK(cpu::resize(img, oh, ow, f, level) == ref);
            ++compared;
        }
    }
    if (cpu::cpu_simd_level() == cpu::SimdLevel::scalar) WARN("no SSE4.1 or NEON on this CPU: only the scalar path ran");
    else CHECK(compared > 0);
}

TEST_CASE("the SIMD resize levels give the scalar bits from 1/20 to 20x and up to 4096 wide", "[resize][simd]") {
    // Every filter at scales 20x, 7x (the lane kernel's limit), 2x, 1.01x, 1/1.01, 1/7 and 1/20
    // on each axis, rows from 1 to 4096 pixels wide, few rows so that it stays quick.
    std::mt19937 rng(20261203);
    const cpu::SimdLevel levels[] = {cpu::SimdLevel::sse41, cpu::SimdLevel::avx2, cpu::SimdLevel::avx512, cpu::SimdLevel::neon};
    const double scales[] = {20.0, 7.0, 2.0, 1.01, 1.0 / 1.01, 1.0 / 7.0, 1.0 / 20.0};  // in / out
    const int widths[] = {1, 3, 43, 300, 1021, 4096};
    int compared = 0;
    for (Resample f : all_resample_filters)
        for (double sx : scales)
            for (int w : widths) {
                const double sy = scales[rng() % std::size(scales)];
                const int c = 1 + int(rng() % 4), h = 1 + int(rng() % 24);
                const int ow = std::clamp(int(w / sx), 1, 4096), oh = std::clamp(int(h / sy), 1, 96);
                const ImageU8 img = noise(h, w, c, rng, rng() % 4 == 0);
                const ImageU8 ref = cpu::resize(img, oh, ow, f, cpu::SimdLevel::scalar);
                for (cpu::SimdLevel level : levels) {
                    if (!cpu::simd_level_available(level)) continue;
                    INFO(cpu::simd_level_name(level) << " " << resample_name(f) << " c=" << c << " " << h << "x" << w << " -> "
                                                     << oh << "x" << ow);
                    CHECK(cpu::resize(img, oh, ow, f, level) == ref);
                    ++compared;
                }
            }
    if (cpu::cpu_simd_level() == cpu::SimdLevel::scalar) WARN("no SSE4.1 or NEON on this CPU: only the scalar path ran");
    else CHECK(compared > 0);
}

TEST_CASE("set_simd_level narrows the level and never goes past the CPU", "[simd]") {
    const cpu::SimdLevel before = cpu::set_simd_level(cpu::SimdLevel::scalar);
    CHECK(cpu::simd_level() == cpu::SimdLevel::scalar);
    cpu::set_simd_level(cpu::SimdLevel::avx2);
    CHECK(cpu::simd_level_available(cpu::simd_level()));
    cpu::set_simd_level(before);
}

TEST_CASE("the fused resize-crop-normalize path equals the separate steps", "[resize][fused]") {
    std::mt19937 rng(7);
    const std::vector<double> mean{0.48145466, 0.4578275, 0.40821073}, sd{0.26862954, 0.26130258, 0.27577711};
    for (int it = 0; it < 200; ++it) {
        const int c = it % 2 ? 3 : 1;
        const int h = 8 + int(rng() % 300), w = 8 + int(rng() % 300);
        const int oh = 4 + int(rng() % 120), ow = 4 + int(rng() % 120);
        const int ch = 1 + int(rng() % unsigned(oh)), cw = 1 + int(rng() % unsigned(ow));
        const Resample f = all_resample_filters[1 + rng() % (std::size(all_resample_filters) - 1)];
        if (f == Resample::nearest) continue;
        const ImageU8 img = noise(h, w, c, rng, false);
        const std::vector<double> m(mean.begin(), mean.begin() + c), s(sd.begin(), sd.begin() + c);
        const cpu::ValueMap map = cpu::make_value_map(c, 1.0 / 255.0, &m, &s);
        INFO(resample_name(f) << " c=" << c << " " << h << "x" << w << " -> " << oh << "x" << ow << " crop " << ch << "x" << cw);
        const ImageF32 expected =
            cpu::normalize(cpu::rescale(cpu::center_crop(cpu::resize(img, oh, ow, f, cpu::SimdLevel::scalar), ch, cw), 1.0 / 255.0), m, s);
        const auto fused = cpu::fused_resize_crop_map(img, cpu::FusedResize{oh, ow, f, std::pair<int, int>(ch, cw)}, &map);
        REQUIRE(fused.has_value());
        const ImageF32& got = std::get<ImageF32>(*fused);
        REQUIRE(got.layout() == Layout::chw);
        CHECK(to_layout(expected, Layout::chw) == got);
        const auto plain = cpu::fused_resize_crop_map(img, cpu::FusedResize{oh, ow, f, std::pair<int, int>(ch, cw)}, nullptr);
        CHECK(std::get<ImageU8>(*plain) == cpu::center_crop(cpu::resize(img, oh, ow, f, cpu::SimdLevel::scalar), ch, cw));
    }
}

TEST_CASE("the rescale-normalize table equals rescale then normalize", "[fused]") {
    std::mt19937 rng(11);
    const std::vector<double> mean{0.48145466, 0.4578275, 0.40821073, 0.5}, sd{0.26862954, 0.26130258, 0.27577711, 0.5};
    for (int c = 1; c <= 4; ++c)
        for (Layout layout : {Layout::hwc, Layout::chw}) {
            const ImageU8 img = to_layout(noise(17, 23, c, rng, false), layout);
            const std::vector<double> m(mean.begin(), mean.begin() + c), s(sd.begin(), sd.begin() + c);
            // The table's output is channels-first whatever the input layout (same values).
            const auto chw = [](const ImageF32& f) { return to_layout(f, Layout::chw); };
            for (double factor : {1.0 / 255.0, 0.5, 1.0}) {
                CHECK(cpu::map_values(img, cpu::make_value_map(c, factor, &m, &s)) ==
                      chw(cpu::normalize(cpu::rescale(img, factor), m, s)));
                CHECK(cpu::map_values(img, cpu::make_value_map(c, factor, nullptr, nullptr)) == chw(cpu::rescale(img, factor)));
            }
            CHECK(cpu::map_values(img, cpu::make_value_map(c, std::nullopt, &m, &s)) == chw(cpu::normalize(img, m, s)));
        }
}

TEST_CASE("the computed value map equals its table at every SIMD level, for every value and run length", "[fused][simd]") {
    // Every byte value of every channel in runs of each length around the vector width (the
    // last vector step overlaps the one before it), through map_channel and map_to_planes.
    const std::vector<std::vector<double>> means{{0.48145466, 0.4578275, 0.40821073, 0.5}, {0.5, 0.5, 0.5, 0.5}, {0, 0, 0, 0}};
    const std::vector<std::vector<double>> sds{{0.26862954, 0.26130258, 0.27577711, 0.5}, {0.5, 0.5, 0.5, 0.5}, {1e-3, 7, 0.1, 1}};
    const cpu::SimdLevel levels[] = {cpu::SimdLevel::scalar, cpu::SimdLevel::sse41, cpu::SimdLevel::avx2, cpu::SimdLevel::avx512};
    int compared = 0;
    for (int c = 1; c <= 4; ++c)
        for (std::size_t k = 0; k < means.size(); ++k)
            // 0.0051431950865965664 is one of the factors whose float32 split differs from the
            // float64 product (at v = 49): its map must keep the float64 formula.
            for (std::optional<double> factor : {std::optional<double>(1.0 / 255.0), std::optional<double>(0.5),
                                                 std::optional<double>(0.0051431950865965664), std::optional<double>()}) {
                const std::vector<double> m(means[k].begin(), means[k].begin() + c), s(sds[k].begin(), sds[k].begin() + c);
                for (bool normalize : {true, false}) {
                    const cpu::ValueMap map = cpu::make_value_map(c, factor, normalize ? &m : nullptr, normalize ? &s : nullptr);
                    std::vector<std::uint8_t> pixels(std::size_t(256 + 40) * std::size_t(c));
                    for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = std::uint8_t((i * 7 + i / 5) & 0xff);
                    for (int n : {1, 7, 8, 9, 14, 15, 16, 17, 31, 63, 64, 65, 128, 296}) {
                        for (cpu::SimdLevel level : levels) {
                            if (!cpu::simd_level_available(level)) continue;
                            std::vector<float> planes(std::size_t(n) * std::size_t(c), -1.0f);
                            cpu::map_to_planes(pixels.data(), std::size_t(n), c, map, 0, planes.data(), std::ptrdiff_t(n), level);
                            for (int ch = 0; ch < c; ++ch) {
                                std::vector<float> run(std::size_t(n), -1.0f);
                                cpu::map_channel(pixels.data(), std::size_t(n), c, ch, map, ch, run.data(), level);
                                for (int i = 0; i < n; ++i) {
                                    const float want = map.table[std::size_t(ch) * 256 + pixels[std::size_t(i * c + ch)]];
                                    INFO(cpu::simd_level_name(level) << " c=" << c << " ch=" << ch << " n=" << n << " i=" << i);
                                    REQUIRE(std::memcmp(&run[std::size_t(i)], &want, sizeof want) == 0);
                                    REQUIRE(std::memcmp(&planes[std::size_t(ch) * std::size_t(n) + std::size_t(i)], &want,
                                                        sizeof want) == 0);
                                }
                            }
                            ++compared;
                        }
                    }
                }
            }
    CHECK(compared > 0);
    // One channel of a multi-channel map (a channels-first plane): the map's channel 2.
    const std::vector<double> m{0.1, 0.2, 0.3, 0.4}, s{0.5, 0.25, 0.125, 0.3};
    const cpu::ValueMap map4 = cpu::make_value_map(4, 1.0 / 255.0, &m, &s);
    std::vector<std::uint8_t> bytes(300);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = std::uint8_t(255 - i);
    for (cpu::SimdLevel level : levels) {
        if (!cpu::simd_level_available(level)) continue;
        std::vector<float> plane(bytes.size(), -1.0f);
        cpu::map_to_planes(bytes.data(), bytes.size(), 1, map4, 2, plane.data(), std::ptrdiff_t(bytes.size()), level);
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            INFO(cpu::simd_level_name(level) << " i=" << i);
            REQUIRE(std::memcmp(&plane[i], &map4.table[2 * 256 + bytes[i]], sizeof(float)) == 0);
        }
    }
    // Three channels from the map's channel 1 on, planes in reverse (a negative plane step),
    // as BGR output takes them: the AVX2 RGB kernel with a first channel and a plane sign.
    for (cpu::SimdLevel level : levels) {
        if (!cpu::simd_level_available(level)) continue;
        const std::size_t n = 99;  // 12 steps of 8 and 3 left to the per-channel map
        std::vector<float> planes(3 * n, -1.0f);
        cpu::map_to_planes(bytes.data(), n, 3, map4, 1, planes.data() + 2 * n, -std::ptrdiff_t(n), level);
        for (std::size_t c = 0; c < 3; ++c)
            for (std::size_t i = 0; i < n; ++i) {
                INFO(cpu::simd_level_name(level) << " c=" << c << " i=" << i);
                const float want = map4.table[(1 + c) * 256 + bytes[3 * i + c]];
                REQUIRE(std::memcmp(&planes[(2 - c) * n + i], &want, sizeof want) == 0);
            }
    }
}

TEST_CASE("a rescale factor goes to float32 only where all 256 values keep their bits", "[fused]") {
    // The split is checked value by value against numerics::rescale_value; here the check
    // itself is checked: factors it accepts agree everywhere, and known misses are refused.
    float high = 0, low = 0;
    for (double factor : {1.0 / 255.0, 0.00392156862745098, 1.0 / 127.5, 0.5, 1.0, 2.0 / 255.0, 1.0 / 65535.0}) {
        INFO("factor " << factor);
        REQUIRE(cpu::split_rescale_factor(factor, high, low));
        for (int v = 0; v < 256; ++v) {
            const float want = numerics::rescale_value(double(v), factor), got = float(v) * high + float(v) * low;
            REQUIRE(std::memcmp(&want, &got, sizeof want) == 0);
        }
    }
    // Each of these differs from the float64 product at the value given.
    for (auto [factor, v] : {std::pair{0.0051431950865965664, 49}, std::pair{0.023422389291219828, 1},
                             std::pair{0.0063460296635177351, 221}}) {
        INFO("factor " << factor);
        CHECK_FALSE(cpu::split_rescale_factor(factor, high, low));
        const float split = float(v) * high + float(v) * low, want = numerics::rescale_value(double(v), factor);
        CHECK(std::memcmp(&want, &split, sizeof want) != 0);
    }
    CHECK_FALSE(cpu::split_rescale_factor(std::numeric_limits<double>::infinity(), high, low));
    CHECK_FALSE(cpu::split_rescale_factor(1e300, high, low));  // past float32's range
    CHECK(cpu::make_value_map(3, 1.0 / 255.0, nullptr, nullptr).formula.float32_rescale);
    CHECK_FALSE(cpu::make_value_map(3, 0.0051431950865965664, nullptr, nullptr).formula.float32_rescale);
    CHECK_FALSE(cpu::make_value_map(3, std::nullopt, nullptr, nullptr).formula.float32_rescale);
}

TEST_CASE("a single large image split into row bands over threads gives the one-thread bits", "[resize][threads]") {
    std::mt19937 rng(31);
    const int before = set_cpu_threads(3);
    REQUIRE(cpu::row_bands(std::size_t(1200) * 1000, 224) == 3);  // the split really happens
    for (int it = 0; it < 12; ++it) {
        const int c = 1 + it % 4;
        const int h = 700 + int(rng() % 600), w = 700 + int(rng() % 600);
        const int oh = 1 + int(rng() % 400), ow = 1 + int(rng() % 400);
        const Resample f = all_resample_filters[1 + rng() % (std::size(all_resample_filters) - 1)];
        const ImageU8 img = noise(h, w, c, rng, it % 3 == 0);
        INFO(resample_name(f) << " c=" << c << " " << h << "x" << w << " -> " << oh << "x" << ow);
        set_cpu_threads(3);
        const ImageU8 banded = cpu::resize(img, oh, ow, f);
        set_cpu_threads(1);
        CHECK(banded == cpu::resize(img, oh, ow, f));
    }
    set_cpu_threads(1);
    CHECK(cpu::row_bands(std::size_t(1200) * 1000, 224) == 1);
    set_cpu_threads(before);
}

TEST_CASE("the vector value map computes the table's bits", "[fused][simd]") {
    if (cpu::cpu_simd_level() != cpu::SimdLevel::avx512) {
        WARN("no AVX-512 on this CPU: the vector value map cannot run here");
        return;
    }
    std::mt19937 rng(5);
    const std::vector<double> mean{0.48145466, 0.4578275, 0.40821073, 0.5}, sd{0.26862954, 0.26130258, 0.27577711, 0.5};
    for (int c = 1; c <= 4; ++c)
        for (int variant = 0; variant < 4; ++variant) {
            const ImageU8 img = noise(37, 41, c, rng, false);  // 1517 pixels: 94 vector steps and a tail
            const std::vector<double> m(mean.begin(), mean.begin() + c), s(sd.begin(), sd.begin() + c);
            const double factor = variant == 1 ? 0.00392156862745098 : variant == 2 ? 1.0 / 127.5 : 1.0 / 255.0;
            const cpu::ValueMap map = cpu::make_value_map(c, variant == 3 ? std::nullopt : std::optional<double>(factor),
                                                          variant == 1 ? nullptr : &m, variant == 1 ? nullptr : &s);
            INFO("c=" << c << " variant " << variant);
            CHECK(cpu::map_values(img, map, cpu::SimdLevel::avx512) == cpu::map_values(img, map, cpu::SimdLevel::scalar));
        }
}

TEST_CASE("the lane-layout horizontal kernels give the scalar bits where their tables apply", "[resize][simd]") {
    // Rows wide enough for the lane tables (simd/lane_taps.hpp, AVX-512, and
    // simd/lane_taps_avx2.hpp, AVX2): enlargements near 1x (Qwen2-VL),
    // shrinks up to 20x (every layout: one phase from 64- or 128-byte windows, two and four
    // phases), every filter and channel count, output ranges that start inside the row (a
    // window's columns), and rows that start on a cache line or anywhere else (the windows
    // that start on a multiple of 64 bytes read across lines then).
    std::mt19937 rng(20261203);
    int applied = 0, compared = 0, applied_avx2 = 0;
    std::map<std::pair<int, int>, int> layouts;  // (phases, window) -> tables built
    std::map<std::pair<int, int>, int> layouts_avx2;  // (channels, phases) -> AVX2 tables built
    std::map<std::pair<int, int>, int> split_avx2;    // (channels, phases) -> of those, split tables
    for (int it = 0; it < 600; ++it) {
        const int c = 1 + int(rng() % 4);
        // Every seventh width a multiple of 64, so every row starts at the same place in a line.
        const int w = it % 7 == 0 ? 64 * (2 + int(rng() % 40)) : 60 + int(rng() % (it % 3 == 2 ? 3000 : 700));
        const int rows = 1 + int(rng() % 9);
        const double reach = it % 3 == 0 ? 8.0 : it % 3 == 1 ? 2.5 : 20.0;
        const double scale = 0.5 + double(rng() % 1000) / 1000.0 * reach;  // in / out
        const int ow = std::max(1, int(w / scale));
        const Resample f = all_resample_filters[1 + rng() % (std::size(all_resample_filters) - 1)];  // not NEAREST
        const auto cx = numerics::make_axis_coefficients(f, w, ow);
        const int x0 = it % 4 == 0 ? int(rng() % unsigned(ow)) : 0;
        const int x1 = it % 4 == 0 ? x0 + 1 + int(rng() % unsigned(ow - x0)) : ow;
        const ImageU8 img = noise(rows, w, c, rng, it % 5 == 0);
        const int misalign = it % 2 == 0 ? 0 : 1 + int(rng() % 63);
        std::vector<std::uint8_t> source(img.size() + std::size_t(misalign));
        std::memcpy(source.data() + misalign, img.data(), img.size());
        const std::size_t out_bytes = std::size_t(x1 - x0) * std::size_t(c) * std::size_t(rows);
        std::vector<std::uint8_t> ref(out_bytes), got(out_bytes, 0xAB);
        const cpu::detail::U8Plane plane{misalign == 0 ? img.data() : source.data() + misalign, w, rows, std::ptrdiff_t(w) * c};
        const std::ptrdiff_t stride = std::ptrdiff_t(x1 - x0) * c;
        auto run = [&](cpu::SimdLevel level, std::vector<std::uint8_t>& out) {
            switch (c) {
                case 1: cpu::detail::horizontal_pass<1>(plane, 0, rows, cx, f, x0, x1, {out.data(), stride}, level); break;
                case 2: cpu::detail::horizontal_pass<2>(plane, 0, rows, cx, f, x0, x1, {out.data(), stride}, level); break;
                case 3: cpu::detail::horizontal_pass<3>(plane, 0, rows, cx, f, x0, x1, {out.data(), stride}, level); break;
                default: cpu::detail::horizontal_pass<4>(plane, 0, rows, cx, f, x0, x1, {out.data(), stride}, level); break;
            }
        };
        run(cpu::SimdLevel::scalar, ref);
        if (const auto table = cpu::simd::make_lane_taps(cx, c, x0, x1, int(reinterpret_cast<std::uintptr_t>(plane.data) % 64))) {
            ++applied;
            ++layouts[{table->phases, table->window}];
        }
        const auto avx2_table = cpu::simd::make_lane_taps_avx2(cx, c, x0, x1);
        if (avx2_table) {
            ++applied_avx2;
            ++layouts_avx2[{c, avx2_table->layout.phases}];
            if (avx2_table->layout.split) ++split_avx2[{c, avx2_table->layout.phases}];
        }
        INFO(resample_name(f) << " c=" << c << " " << w << " -> " << ow << " [" << x0 << ", " << x1 << ") rows " << rows
                              << " misaligned by " << misalign);
        if (avx2_table && cpu::simd_level_available(cpu::SimdLevel::avx2)) {
            run(cpu::SimdLevel::avx2, got);
            CHECK(got == ref);
            std::fill(got.begin(), got.end(), std::uint8_t(0xAB));
        }
        if (cpu::cpu_simd_level() != cpu::SimdLevel::avx512) continue;
        run(cpu::SimdLevel::avx512, got);
        CHECK(got == ref);
        ++compared;
    }
    // The AVX2 tables: one phase for every channel count but four (whose tap-major kernel
    // wastes no lanes), two and four phases for one channel's large shrinks.
    CHECK(applied_avx2 > 150);
    CHECK(layouts_avx2.count({4, 1}) == 0);
    // Each with halves split (one 32-byte load) and contiguous (where the split does not fit).
    for (const std::pair<int, int>& layout : {std::pair{1, 1}, {1, 2}, {1, 4}, {2, 1}, {3, 1}}) {
        INFO("AVX2 channels " << layout.first << ", phases " << layout.second);
        CHECK(layouts_avx2[layout] >= 5);
        CHECK(layouts_avx2[layout] > split_avx2[layout]);
    }
    for (const std::pair<int, int>& layout : {std::pair{1, 1}, {2, 1}, {3, 1}}) {
        INFO("AVX2 channels " << layout.first << ", phases " << layout.second);
        CHECK(split_avx2[layout] >= 4);
    }
    // CLIP-224 from 640x480's horizontal pass (640 -> 298, columns [37, 261)) takes the split
    // layout for one to three channels, and 1..13 rows cover the three-row steps and the rest.
    for (int c = 1; c <= 3; ++c) {
        const auto cx = numerics::make_axis_coefficients(Resample::bicubic, 640, 298);
        const auto table = cpu::simd::make_lane_taps_avx2(cx, c, 37, 261);
        INFO("channels " << c);
        REQUIRE(table.has_value());
        CHECK(table->layout.split);
        CHECK(table->layout.phases == 1);
        for (const auto& w : table->windows) CHECK(w[1] == w[0] + 16);
        if (!cpu::simd_level_available(cpu::SimdLevel::avx2)) continue;
        for (int rows = 1; rows <= 13; ++rows) {
            const ImageU8 img = noise(rows, 640, c, rng, false);
            const cpu::detail::U8Plane plane{img.data(), 640, rows, std::ptrdiff_t(640) * c};
            const std::ptrdiff_t stride = std::ptrdiff_t(224) * c;
            std::vector<std::uint8_t> ref(std::size_t(stride) * std::size_t(rows)), got(ref.size(), 0xAB);
            for (auto [level, out] : {std::pair{cpu::SimdLevel::scalar, &ref}, std::pair{cpu::SimdLevel::avx2, &got}}) {
                switch (c) {
                    case 1: cpu::detail::horizontal_pass<1>(plane, 0, rows, cx, Resample::bicubic, 37, 261, {out->data(), stride}, level); break;
                    case 2: cpu::detail::horizontal_pass<2>(plane, 0, rows, cx, Resample::bicubic, 37, 261, {out->data(), stride}, level); break;
                    default: cpu::detail::horizontal_pass<3>(plane, 0, rows, cx, Resample::bicubic, 37, 261, {out->data(), stride}, level); break;
                }
            }
            INFO("rows " << rows);
            CHECK(got == ref);
        }
    }
    if (!cpu::simd_level_available(cpu::SimdLevel::avx2)) WARN("no AVX2 on this CPU: its lane kernel was not run");
    CHECK(applied > 300);  // the cases above mostly fit a layout; the rest take the tap-major kernel
    for (const std::pair<int, int>& layout : {std::pair{1, 64}, {1, 128}, {2, 128}, {4, 128}}) {
        INFO("phases " << layout.first << ", window " << layout.second);
        CHECK(layouts[layout] >= 5);
    }
    if (cpu::cpu_simd_level() != cpu::SimdLevel::avx512) WARN("no AVX-512 VBMI/VNNI on this CPU: the lane kernel was not run");
    else CHECK(compared == 600);
}
