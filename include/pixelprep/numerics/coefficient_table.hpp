// Host-side table of one axis' quantised coefficients, built from the shared
// tap_weights / quantize_weight functions. Both backends resample with these tables (CUDA
// uploads them), so they sit below cpu/ and cuda/.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/numerics/coefficients.hpp"

namespace pixelprep::numerics {

struct AxisCoefficients {
    int in_size = 0;
    int out_size = 0;
    int ksize = 0;
    std::vector<int> first;              // first source tap of each output pixel
    std::vector<int> count;              // number of taps of each output pixel
    std::vector<std::int32_t> weights;   // out_size rows of ksize 22-bit weights

    const std::int32_t* row(int out_index) const noexcept {
        return weights.data() + std::size_t(out_index) * std::size_t(ksize);
    }
};

// Pillow's axis geometry for resampling the source box [in0, in1) of an axis of in_size pixels
// (the whole axis unless Image.resize got a box, as reducing_gap gives one) onto out_size
// pixels, after refusing the sizes whose tables cannot be built.
inline AxisGeometry checked_axis_geometry(Resample filter, int in_size, int out_size, float in0, float in1) {
    if (filter == Resample::nearest)
        throw InvalidArgument("make_axis_coefficients: NEAREST does not use convolution coefficients");
    // From 2^28 source pixels on, every table is over the limit below (about 6 * in_size
    // entries), and axis_geometry's int kernel size would overflow from 2^29: refuse first.
    if (in_size > (1 << 28))
        throw LimitError("resize: coefficient table for " + std::to_string(in_size) + " -> " + std::to_string(out_size) +
                         " pixels is too large");
    const AxisGeometry g = axis_geometry(filter, in0, in1, out_size);
    // Pillow refuses the same case with a MemoryError: the double table would not fit an int.
    if (static_cast<long long>(out_size) * g.ksize > std::numeric_limits<int>::max() / 8)
        throw LimitError("resize: coefficient table for " + std::to_string(in_size) + " -> " +
                         std::to_string(out_size) + " pixels (" + std::to_string(g.ksize) +
                         " taps each) is too large");
    return g;
}

// Coefficients for resampling the source box [in0, in1) of an axis of in_size pixels onto
// out_size pixels.
inline AxisCoefficients make_axis_coefficients(Resample filter, int in_size, int out_size, float in0, float in1) {
    const AxisGeometry g = checked_axis_geometry(filter, in_size, out_size, in0, in1);
    AxisCoefficients t;
    t.in_size = in_size;
    t.out_size = out_size;
    t.ksize = g.ksize;
    t.first.resize(std::size_t(out_size));
    t.count.resize(std::size_t(out_size));
    t.weights.resize(std::size_t(out_size) * std::size_t(g.ksize));
    std::vector<double> w(static_cast<std::size_t>(g.ksize));
    for (int i = 0; i < out_size; ++i) {
        const TapSpan span = tap_weights(filter, g, in0, in_size, i, w.data());
        t.first[std::size_t(i)] = span.first;
        t.count[std::size_t(i)] = span.count;
        std::int32_t* q = t.weights.data() + std::size_t(i) * std::size_t(g.ksize);
        for (int k = 0; k < g.ksize; ++k) q[k] = quantize_weight(w[std::size_t(k)]);
    }
    return t;
}

// Coefficients for resampling the whole source axis [0, in_size) onto out_size pixels.
inline AxisCoefficients make_axis_coefficients(Resample filter, int in_size, int out_size) {
    return make_axis_coefficients(filter, in_size, out_size, 0.0f, static_cast<float>(in_size));
}

// The same taps with the unquantised double weights, which Pillow's 16-bit ("I;16") passes
// use instead of the 22-bit fixed-point ones.
struct AxisWeights {
    int ksize = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<double> weights;  // out_size rows of ksize

    const double* row(int out_index) const noexcept {
        return weights.data() + std::size_t(out_index) * std::size_t(ksize);
    }
};

inline AxisWeights make_axis_weights(Resample filter, int in_size, int out_size) {
    const AxisGeometry g = checked_axis_geometry(filter, in_size, out_size, 0.0f, static_cast<float>(in_size));
    AxisWeights t;
    t.ksize = g.ksize;
    t.first.resize(std::size_t(out_size));
    t.count.resize(std::size_t(out_size));
    t.weights.resize(std::size_t(out_size) * std::size_t(g.ksize));
    for (int i = 0; i < out_size; ++i) {
        const TapSpan span =
            tap_weights(filter, g, 0.0f, in_size, i, t.weights.data() + std::size_t(i) * std::size_t(g.ksize));
        t.first[std::size_t(i)] = span.first;
        t.count[std::size_t(i)] = span.count;
    }
    return t;
}

}  // namespace pixelprep::numerics
