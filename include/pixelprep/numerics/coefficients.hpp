// Per-output-pixel tap ranges and weights for one axis, as Pillow's precompute_coeffs and
// normalize_coeffs_8bpc compute them. Plain functions over ints and doubles, no containers
// and no exceptions, so the same code runs on the host and on the device.
#pragma once

#include <cmath>
#include <cstdint>

#include "pixelprep/config.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/numerics/filters.hpp"

namespace pixelprep::numerics {

// 8-bit results, 2 spare bits for negative lobes and overshoot: 32 - 8 - 2.
inline constexpr int precision_bits = 22;

// Scale and support of one axis. `in0`/`in1` are the source box edges; Pillow keeps them
// as float32, and subtracts them in float32, before anything is promoted to double.
struct AxisGeometry {
    double scale;            // source pixels per output pixel
    double filterscale;      // max(scale, 1): upscaling never narrows the kernel
    double support;          // kernel half-width in source pixels
    double inv_filterscale;  // 1 / filterscale, computed once as Pillow does
    int ksize;               // stride of one output pixel's coefficient row
};

PIXELPREP_HD AxisGeometry axis_geometry(Resample filter, float in0, float in1, int out_size) {
    AxisGeometry g{};
    g.scale = static_cast<double>(in1 - in0) / out_size;
    g.filterscale = g.scale < 1.0 ? 1.0 : g.scale;
    g.support = filter_support(filter) * g.filterscale;
    g.ksize = static_cast<int>(std::ceil(g.support)) * 2 + 1;
    g.inv_filterscale = 1.0 / g.filterscale;
    return g;
}

// The source taps [first, first + count) that feed one output pixel.
struct TapSpan {
    int first;
    int count;
};

// Fills weights[0..ksize) for output index `out_index` (unused slots become 0) and returns
// the tap span. Weights are normalised to sum to one, with division (not a reciprocal).
PIXELPREP_HD TapSpan tap_weights(Resample filter, const AxisGeometry& g, float in0, int in_size,
                                 int out_index, double* weights) {
    const double center = in0 + (out_index + 0.5) * g.scale;
    int xmin = static_cast<int>(center - g.support + 0.5);  // C truncation toward zero
    if (xmin < 0) xmin = 0;
    int xmax = static_cast<int>(center + g.support + 0.5);
    if (xmax > in_size) xmax = in_size;
    const int count = xmax - xmin;
    double sum = 0.0;
    int i = 0;
    for (; i < count; ++i) {
        const double w = filter_kernel(filter, (i + xmin - center + 0.5) * g.inv_filterscale);
        weights[i] = w;
        sum += w;
    }
    if (sum != 0.0)
        for (int j = 0; j < count; ++j) weights[j] /= sum;
    for (; i < g.ksize; ++i) weights[i] = 0.0;
    return TapSpan{xmin, count};
}

// Round half away from zero to 22 fractional bits, by truncation, as Pillow does.
PIXELPREP_HD std::int32_t quantize_weight(double w) {
    constexpr double one = double(1 << precision_bits);
    return w < 0 ? static_cast<std::int32_t>(-0.5 + w * one) : static_cast<std::int32_t>(0.5 + w * one);
}

// Starting value of every 8-bit accumulator: one half in fixed point.
PIXELPREP_HD std::int32_t accumulator_init() { return std::int32_t(1) << (precision_bits - 1); }

// Arithmetic shift (floor division) then clamp, equal to Pillow's clip8 lookup table.
PIXELPREP_HD std::uint8_t clip8(std::int32_t acc) {
    const std::int32_t v = acc >> precision_bits;
    return static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

// Pillow >= 13 (python-pillow/Pillow#9549) runs the vertical pass first when the height
// shrinks by more than twice as many pixels as the width. Determined against Pillow 13.0.0
// (see tests/differential); the 12.2-era "height > 100 * width" rule is gone.
PIXELPREP_HD bool vertical_pass_first(int in_w, int in_h, int out_w, int out_h) {
    return out_h < in_h && 2LL * (static_cast<long long>(in_w) - out_w) < static_cast<long long>(in_h) - out_h;
}

// NEAREST source index by repeated double addition (Pillow's ImagingScaleAffine); the
// closed form floor((i + 0.5) * step) disagrees with Pillow for some sizes. `position` is
// updated in place; -1 means "outside the source" (Pillow leaves such pixels at 0).
PIXELPREP_HD int nearest_next_index(double& position, double step, int in_size) {
    const int idx = position < 0.0 ? -1 : static_cast<int>(position);
    position += step;
    return (idx >= 0 && idx < in_size) ? idx : -1;
}

}  // namespace pixelprep::numerics
