#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "pixelprep/numerics/coefficients.hpp"
#include "pixelprep/numerics/filters.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

using namespace pixelprep;
using namespace pixelprep::numerics;

TEST_CASE("kernels have Pillow's support edges", "[numerics]") {
    CHECK(box_kernel(-0.5) == 0.0);  // half-open on the left
    CHECK(box_kernel(0.5) == 1.0);
    CHECK(bilinear_kernel(-1.0) == 0.0);
    CHECK(bilinear_kernel(0.25) == 0.75);
    CHECK(bicubic_kernel(0.0) == 1.0);
    CHECK(bicubic_kernel(1.0) == 0.0);
    CHECK(bicubic_kernel(0.5) == 0.5625);  // ((1.5*0.5 - 2.5)*0.25 + 1)
    CHECK(bicubic_kernel(1.5) == -0.0625);
    CHECK(lanczos_kernel(3.0) == 0.0);      // asymmetric test: x < 3
    CHECK(lanczos_kernel(-3.0) != 0.0);     // but -3 is inside (a rounding-size value)
    CHECK(std::fabs(lanczos_kernel(-3.0)) < 1e-15);
    CHECK(hamming_kernel(1.0) == 0.0);
    CHECK(hamming_kernel(0.0) == 1.0);
    // The float constants 0.54f/0.46f make hamming differ from the all-double formula.
    const double x = 0.3 * pi;
    CHECK(hamming_kernel(0.3) == std::sin(x) / x * (double(0.54f) + double(0.46f) * std::cos(x)));
    CHECK(hamming_kernel(0.3) != std::sin(x) / x * (0.54 + 0.46 * std::cos(x)));
}

TEST_CASE("tap weights are normalised and cover Pillow's rounded spans", "[numerics]") {
    for (Resample f : {Resample::box, Resample::bilinear, Resample::hamming, Resample::bicubic, Resample::lanczos}) {
        for (auto [in, out] : {std::pair{640, 224}, std::pair{7, 13}, std::pair{1, 5}, std::pair{1000, 1}}) {
            const AxisGeometry g = axis_geometry(f, 0.0f, float(in), out);
            std::vector<double> w(std::size_t(g.ksize));
            for (int i = 0; i < out; ++i) {
                const TapSpan span = tap_weights(f, g, 0.0f, in, i, w.data());
                REQUIRE(span.first >= 0);
                REQUIRE(span.count >= 1);
                REQUIRE(span.first + span.count <= in);
                REQUIRE(span.count <= g.ksize);
                double sum = 0;
                long long qsum = 0;
                for (int k = 0; k < g.ksize; ++k) {
                    sum += w[std::size_t(k)];
                    qsum += quantize_weight(w[std::size_t(k)]);
                }
                CHECK(sum == Approx(1.0).epsilon(1e-12));
                CHECK(std::llabs(qsum - (1LL << precision_bits)) <= g.ksize);
            }
        }
    }
}

TEST_CASE("quantisation rounds half away from zero; clip8 floors and clamps", "[numerics]") {
    const double lsb = 1.0 / double(1 << precision_bits);
    CHECK(quantize_weight(0.5 * lsb) == 1);
    CHECK(quantize_weight(-0.5 * lsb) == -1);
    CHECK(quantize_weight(0.49 * lsb) == 0);
    CHECK(quantize_weight(1.0) == (1 << precision_bits));
    CHECK(clip8(-1) == 0);  // arithmetic shift: -1 >> 22 == -1
    CHECK(clip8((300 << precision_bits)) == 255);
    CHECK(clip8((17 << precision_bits) + (1 << precision_bits) - 1) == 17);
    CHECK(clip8(accumulator_init() + (16 << precision_bits)) == 16);  // 16.5 rounds up via the init
}

TEST_CASE("Pillow 13 resizes vertically first when the height shrinks twice as much", "[numerics]") {
    // 400x400 -> h 40: the boundary is w = 220 (2 * (400 - w) < 360).
    CHECK_FALSE(vertical_pass_first(400, 400, 220, 40));
    CHECK(vertical_pass_first(400, 400, 221, 40));
    CHECK_FALSE(vertical_pass_first(100, 100, 300, 150));  // height grows: never
    CHECK(vertical_pass_first(10, 6000, 5, 60));            // very tall image
    CHECK_FALSE(vertical_pass_first(6000, 10, 60, 5));      // very wide image
}

TEST_CASE("NEAREST accumulates the source position from half a step", "[numerics]") {
    double pos = 2.0 * 0.5;
    CHECK(nearest_next_index(pos, 2.0, 4) == 1);
    CHECK(nearest_next_index(pos, 2.0, 4) == 3);
    pos = -0.25;
    CHECK(nearest_next_index(pos, 1.0, 4) == -1);  // Pillow's COORD() of a negative position
}

TEST_CASE("MULDIV255 equals round(a * b / 255) for every pair of bytes", "[numerics]") {
    for (unsigned a = 0; a < 256; ++a)
        for (unsigned b = 0; b < 256; ++b)
            REQUIRE(muldiv255(a, b) == unsigned(std::floor(a * b / 255.0 + 0.5)));
}

TEST_CASE("unpremultiply truncates and leaves alpha 0 and 255 untouched", "[numerics]") {
    CHECK(unpremultiply(100, 0) == 100);
    CHECK(unpremultiply(100, 255) == 100);
    CHECK(unpremultiply(10, 128) == 19);   // 2550 / 128 = 19.92 -> 19
    CHECK(unpremultiply(200, 100) == 255); // clamped
    CHECK(rgb_to_luma(255, 255, 255) == 255);
    CHECK(rgb_to_luma(255, 0, 0) == 76);
}
