// Reads a manifest of (input .npy, expected .npy, output size, filter) written by
// pillow_differential.py, resizes each input with pixelprep at every SIMD level this CPU has
// (scalar, SSE4.1, AVX2, AVX-512; NEON on AArch64: printed first as a LEVELS line), and reports every case
// whose bytes differ from Pillow's at any level (output format and exit codes:
// tests/support/manifest_checker.hpp).
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/cpu/simd/level.hpp"
#include "pixelprep/numerics/pillow_reduce.hpp"
#include "../support/manifest_checker.hpp"

namespace {

pixelprep::ImageU8 to_image(const xt::xarray<std::uint8_t>& a) {
    if (a.dimension() != 3) throw std::runtime_error("expected an HWC array");
    pixelprep::ImageU8 img(int(a.shape(0)), int(a.shape(1)), int(a.shape(2)));
    std::copy(a.begin(), a.end(), img.data());
    return img;
}

std::vector<pixelprep::cpu::SimdLevel> levels_of_this_cpu() {
    using pixelprep::cpu::SimdLevel;
    std::vector<SimdLevel> levels;
    for (SimdLevel l : {SimdLevel::scalar, SimdLevel::sse41, SimdLevel::avx2, SimdLevel::avx512, SimdLevel::neon})
        if (pixelprep::cpu::simd_level_available(l)) levels.push_back(l);
    return levels;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<pixelprep::cpu::SimdLevel> levels = levels_of_this_cpu();
    std::cout << "LEVELS";
    for (auto l : levels) std::cout << " " << pixelprep::cpu::simd_level_name(l);
    std::cout << "\n";
    return pixelprep_test::run_manifest_checker(argc, argv, "pillow_diff_check", [&levels](const std::string& line) -> std::string {
        std::istringstream in(line);
        long id;
        std::string src, dst;
        int out_h, out_w, filter;
        if (!(in >> id >> src >> dst >> out_h >> out_w >> filter)) throw pixelprep_test::BadManifestLine("expected 6 fields");
        const auto input = to_image(xt::load_npy<std::uint8_t>(src));
        const auto expected = to_image(xt::load_npy<std::uint8_t>(dst));
        double gap = 0;  // a 7th field: resize(..., reducing_gap=gap), the host path (Nougat's thumbnail)
        if (in >> gap) {
            const auto got = pixelprep::numerics::resize_with_reducing_gap(input, out_h, out_w,
                                                                           static_cast<pixelprep::Resample>(filter), gap);
            if (got == expected) return std::string();
            std::ostringstream why;
            why << id << " in=" << input.height() << "x" << input.width() << "x" << input.channels() << " out=" << out_h << "x"
                << out_w << " filter=" << filter << " reducing_gap " << gap;
            if (got.size() == expected.size())
                why << ": " << pixelprep_test::byte_difference(got.data(), expected.data(), got.size()).describe(got.size());
            return why.str();
        }
        std::string failed;  // the levels whose bytes differ, and the first one's difference
        pixelprep_test::ByteDifference diff;
        for (auto level : levels) {
            const auto got = pixelprep::cpu::resize(input, out_h, out_w, static_cast<pixelprep::Resample>(filter), level);
            if (got == expected) continue;
            if (failed.empty() && got.size() == expected.size())
                diff = pixelprep_test::byte_difference(got.data(), expected.data(), got.size());
            failed += (failed.empty() ? "" : ",") + std::string(pixelprep::cpu::simd_level_name(level));
        }
        if (failed.empty()) return "";
        return std::to_string(id) + " in=" + std::to_string(input.height()) + "x" + std::to_string(input.width()) + "x" +
               std::to_string(input.channels()) + " out=" + std::to_string(out_h) + "x" + std::to_string(out_w) +
               " filter=" + std::string(pixelprep::resample_name(static_cast<pixelprep::Resample>(filter))) +
               " levels=" + failed + " differing=" + std::to_string(diff.differing) + " max|d|=" + std::to_string(diff.max_abs);
    });
}
