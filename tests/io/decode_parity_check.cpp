// Reads a manifest written by decode_parity.py, one case per line:
//     ID <tab> ORIENT <tab> PATH <tab> EXPECTED
// ORIENT is 1 (apply EXIF orientation) or 0; EXPECTED is a .npy file with Pillow's
// load_image result (HWC uint8) or the word ERROR when Pillow raised. Decodes every PATH
// with pixelprep::io, prints "MISMATCH ID ..." for each case that differs and finally
// "CHECKED N". Exit 0: all equal; 1: some mismatch; 2: cannot run.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include "pixelprep/io/decode.hpp"

namespace {

std::string describe(const pixelprep::ImageU8& img) {
    return std::to_string(img.height()) + "x" + std::to_string(img.width()) + "x" + std::to_string(img.channels());
}

// "" when equal, else what differs.
std::string compare(const pixelprep::ImageU8& got, const xt::xarray<std::uint8_t>& want) {
    if (want.dimension() != 3 || int(want.shape(0)) != got.height() || int(want.shape(1)) != got.width() ||
        int(want.shape(2)) != got.channels()) {
        std::string shape;
        for (std::size_t i = 0; i < want.dimension(); ++i) shape += (i ? "x" : "") + std::to_string(want.shape(i));
        return "shape " + describe(got) + " vs Pillow " + shape;
    }
    std::size_t differing = 0;
    int max_diff = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const int d = std::abs(int(got.data()[i]) - int(want.data()[i]));
        differing += d != 0;
        max_diff = std::max(max_diff, d);
    }
    if (differing == 0) return "";
    return std::to_string(differing) + " of " + std::to_string(got.size()) + " values differ, max " +
           std::to_string(max_diff);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: decode_parity_check MANIFEST\n";
        return 2;
    }
    std::ifstream manifest(argv[1]);
    if (!manifest) {
        std::cerr << "cannot open manifest " << argv[1] << "\n";
        return 2;
    }
    int failures = 0;
    long checked = 0;
    std::string line;
    while (std::getline(manifest, line)) {
        std::istringstream in(line);
        std::string id, orient, path, expected;
        if (!std::getline(in, id, '\t') || !std::getline(in, orient, '\t') || !std::getline(in, path, '\t') ||
            !std::getline(in, expected) || (orient != "0" && orient != "1")) {
            std::cerr << "bad manifest line: " << line << "\n";
            return 2;
        }
        pixelprep::io::DecodeOptions options;
        options.apply_exif_orientation = orient == "1";
        std::string problem;
        try {
            const auto got = pixelprep::io::decode_image_file(path, options);
            if (expected == "ERROR") problem = "decoded " + describe(got) + " but Pillow raised";
            else problem = compare(got, xt::load_npy<std::uint8_t>(expected));
        } catch (const pixelprep::DecodeError& e) {
            if (expected != "ERROR") problem = std::string("threw but Pillow decoded: ") + e.what();
            else if (std::string(e.what()).rfind(path, 0) != 0) problem = std::string("message lacks the path: ") + e.what();
        } catch (const std::exception& e) {
            problem = std::string("threw a non-DecodeError: ") + e.what();
        }
        ++checked;
        if (!problem.empty()) {
            std::cout << "MISMATCH " << id << " orient=" << orient << " " << path << ": " << problem << "\n";
            ++failures;
        }
    }
    // The script counts this line: a checker that dies half way cannot pass as "no mismatch".
    std::cout << "CHECKED " << checked << "\n";
    return failures == 0 ? 0 : 1;
}
