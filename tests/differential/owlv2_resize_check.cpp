// Reads a manifest of (input .npy HWC, expected .npy CHW, output size, anti-aliasing flag)
// written by owlv2_resize_differential.py from transformers' own Owlv2ImageProcessorPil.resize,
// runs Owlv2Model::resize on each input (float32 or uint8, as the file says), and reports every
// case whose values differ in any bit (output format and exit codes:
// tests/support/manifest_checker.hpp).
#include <cstdint>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>

#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include "pixelprep/models/owlv2.hpp"
#include "../support/manifest_checker.hpp"

namespace {

template <class T> pixelprep::Image<T> to_image(const xt::xarray<T>& a, pixelprep::Layout layout) {
    if (a.dimension() != 3) throw std::runtime_error("expected a 3-d array");
    const bool hwc = layout == pixelprep::Layout::hwc;
    pixelprep::Image<T> img(int(a.shape(hwc ? 0 : 1)), int(a.shape(hwc ? 1 : 2)), int(a.shape(hwc ? 2 : 0)), layout);
    std::copy(a.begin(), a.end(), img.data());
    return img;
}

template <class T> std::string compare(long id, const std::string& src, const std::string& dst, int oh, int ow, bool aa) {
    const auto input = to_image<T>(xt::load_npy<T>(src), pixelprep::Layout::hwc);
    const auto expected = to_image<T>(xt::load_npy<T>(dst), pixelprep::Layout::chw);
    const auto got = pixelprep::Owlv2Model::resize(input, {oh, ow}, aa);
    std::ostringstream why;
    why << id << " in=" << input.height() << "x" << input.width() << "x" << input.channels() << " out=" << oh << "x" << ow
        << " anti_aliasing=" << aa << " dtype=" << (std::is_same_v<T, float> ? "float32" : "uint8");
    if (got.height() != expected.height() || got.width() != expected.width() || got.channels() != expected.channels()) {
        why << ": shape " << got.channels() << "x" << got.height() << "x" << got.width() << ", transformers "
            << expected.channels() << "x" << expected.height() << "x" << expected.width();
        return why.str();
    }
    std::size_t differing = 0;
    double max_abs = 0;
    for (std::size_t i = 0; i < got.size(); ++i)
        if (std::memcmp(got.data() + i, expected.data() + i, sizeof(T)) != 0) {
            ++differing;
            max_abs = std::max(max_abs, std::abs(double(got.data()[i]) - double(expected.data()[i])));
        }
    if (differing == 0) return std::string();
    why << ": " << differing << " of " << got.size() << " values differ, max|d| " << max_abs;
    return why.str();
}

}  // namespace

int main(int argc, char** argv) {
    return pixelprep_test::run_manifest_checker(argc, argv, "owlv2_resize_check", [](const std::string& line) {
        std::istringstream in(line);
        long id;
        std::string src, dst, dtype;
        int out_h, out_w, aa;
        if (!(in >> id >> src >> dst >> out_h >> out_w >> aa >> dtype))
            throw pixelprep_test::BadManifestLine("expected 7 fields");
        if (dtype == "float32") return compare<float>(id, src, dst, out_h, out_w, aa != 0);
        if (dtype == "uint8") return compare<std::uint8_t>(id, src, dst, out_h, out_w, aa != 0);
        throw pixelprep_test::BadManifestLine("dtype must be float32 or uint8, got " + dtype);
    });
}
