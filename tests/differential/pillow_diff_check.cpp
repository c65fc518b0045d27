// Reads a manifest of (input .npy, expected .npy, output size, filter) written by
// pillow_differential.py, resizes each input with pixelprep, and reports every case whose
// bytes differ from Pillow's. Exit 0: all equal; 1: some mismatch; 2: cannot run.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include "pixelprep/cpu/resize.hpp"

namespace {

pixelprep::ImageU8 to_image(const xt::xarray<std::uint8_t>& a) {
    if (a.dimension() != 3) throw std::runtime_error("expected an HWC array");
    pixelprep::ImageU8 img(int(a.shape(0)), int(a.shape(1)), int(a.shape(2)));
    std::copy(a.begin(), a.end(), img.data());
    return img;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: pillow_diff_check MANIFEST\n";
        return 2;
    }
    std::ifstream manifest(argv[1]);
    if (!manifest) {
        std::cerr << "cannot open manifest " << argv[1] << "\n";
        return 2;
    }
    int failures = 0;
    std::string line;
    while (std::getline(manifest, line)) {
        std::istringstream in(line);
        long id;
        std::string src, dst;
        int out_h, out_w, filter;
        if (!(in >> id >> src >> dst >> out_h >> out_w >> filter)) {
            std::cerr << "bad manifest line: " << line << "\n";
            return 2;
        }
        const auto input = to_image(xt::load_npy<std::uint8_t>(src));
        const auto expected = to_image(xt::load_npy<std::uint8_t>(dst));
        const auto got = pixelprep::cpu::resize(input, out_h, out_w, static_cast<pixelprep::Resample>(filter));
        if (!(got == expected)) {
            std::size_t differing = 0;
            int max_diff = 0;
            if (got.size() == expected.size()) {
                for (std::size_t i = 0; i < got.size(); ++i) {
                    const int d = std::abs(int(got.data()[i]) - int(expected.data()[i]));
                    differing += d != 0;
                    max_diff = std::max(max_diff, d);
                }
            }
            std::cout << "MISMATCH " << id << " in=" << input.height() << "x" << input.width() << "x"
                      << input.channels() << " out=" << out_h << "x" << out_w << " filter="
                      << pixelprep::resample_name(static_cast<pixelprep::Resample>(filter))
                      << " differing=" << differing << " max|d|=" << max_diff << "\n";
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
