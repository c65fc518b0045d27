// Reads a manifest written by decode_parity.py, one case per line:
//     ID <tab> ORIENT <tab> PATH <tab> EXPECTED <tab> TOLERANCE
// ORIENT is 1 (apply EXIF orientation) or 0; EXPECTED is a .npy file with Pillow's
// load_image result (HWC uint8) or the word ERROR when Pillow raised; TOLERANCE is the
// largest |difference| a value may have (0: byte for byte; only AVIF, whose codec library
// differs from Pillow's, gets more). Decodes every PATH with pixelprep::io, prints
// "MAXDIFF ID D" for every decoded case (D: the largest |difference|), "MISMATCH ID ..." for
// each case that differs beyond its tolerance and finally "CHECKED N"
// (tests/support/manifest_checker.hpp).
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include "pixelprep/io/decode.hpp"
#include "../support/manifest_checker.hpp"

namespace {

std::string describe(const pixelprep::ImageU8& img) {
    return std::to_string(img.height()) + "x" + std::to_string(img.width()) + "x" + std::to_string(img.channels());
}

// "" when equal within the tolerance, else what differs.
std::string compare(const std::string& id, const pixelprep::ImageU8& got, const xt::xarray<std::uint8_t>& want,
                    int tolerance) {
    if (want.dimension() != 3 || int(want.shape(0)) != got.height() || int(want.shape(1)) != got.width() ||
        int(want.shape(2)) != got.channels()) {
        std::string shape;
        for (std::size_t i = 0; i < want.dimension(); ++i) shape += (i ? "x" : "") + std::to_string(want.shape(i));
        return "shape " + describe(got) + " vs Pillow " + shape;
    }
    const auto diff = pixelprep_test::byte_difference(got.data(), want.data(), got.size());
    std::cout << "MAXDIFF " << id << " " << diff.max_abs << "\n";
    return diff.max_abs <= tolerance ? "" : diff.describe(got.size());
}

}  // namespace

int main(int argc, char** argv) {
    return pixelprep_test::run_manifest_checker(argc, argv, "decode_parity_check", [](const std::string& line) -> std::string {
        std::istringstream in(line);
        std::string id, orient, path, expected, tolerance;
        if (!std::getline(in, id, '\t') || !std::getline(in, orient, '\t') || !std::getline(in, path, '\t') ||
            !std::getline(in, expected, '\t') || !std::getline(in, tolerance) || (orient != "0" && orient != "1") ||
            tolerance.empty() || tolerance.find_first_not_of("0123456789") != std::string::npos || tolerance.size() > 3)
            throw pixelprep_test::BadManifestLine("expected ID, ORIENT (0/1), PATH, EXPECTED, TOLERANCE separated by tabs");
        pixelprep::io::DecodeOptions options;
        options.apply_exif_orientation = orient == "1";
        std::string problem;
        try {
            const auto got = pixelprep::io::decode_image_file(path, options);
            if (expected == "ERROR") problem = "decoded " + describe(got) + " but Pillow raised";
            else problem = compare(id, got, xt::load_npy<std::uint8_t>(expected), std::stoi(tolerance));
        } catch (const pixelprep::DecodeError& e) {
            if (expected != "ERROR") problem = std::string("threw but Pillow decoded: ") + e.what();
            else if (std::string(e.what()).rfind(path, 0) != 0) problem = std::string("message lacks the path: ") + e.what();
        } catch (const std::exception& e) {
            problem = std::string("threw a non-DecodeError: ") + e.what();
        }
        return problem.empty() ? "" : id + " orient=" + orient + " " + path + ": " + problem;
    });
}
