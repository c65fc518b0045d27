// torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False,
// antialias=True) of a float32 CHW image on the CPU, to the bit (torch 2.15,
// aten/src/ATen/native/cpu/UpSampleKernel.cpp; established by experiment against torch on
// 468 cases, 96.6 M values, 0 mismatches):
//  * the width pass first, then the height pass, each skipped when its side is unchanged; the
//    intermediate is float32;
//  * per axis (n in, m out): scale = float(n) / float(m); support = scale if scale >= 1 else 1;
//    invscale = float(1.0 / scale) if scale >= 1 else 1; for output i, center =
//    float(scale * (i + 0.5)), xmin = max(trunc(float(center - support) + 0.5), 0), xsize =
//    min(trunc(float(center + support) + 0.5), n) - xmin; tap j's weight is the triangle at
//    float((float(j + xmin - center) + 0.5) * invscale), each rounded to float32, divided by
//    their float32 running total;
//  * the value: t0 * w0, then each further tap added in float32. torch's x86-64 build (AVX2,
//    which AVX-512 CPUs also run: the AVX-512 slot of this kernel is empty) vectorises the taps
//    after the first in blocks of four, multiplied and added separately, and fuses the last
//    (xsize - 1) mod 4 taps into fused multiply-adds: the same here, with std::fma. (Its
//    DEFAULT build, ATEN_CPU_CAPABILITY=default, fuses none: results differ by up to 1 ulp.)
//  * torch's quirk, kept: when the height pass runs on a width of 1, every output row is a
//    copy of row 0.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "pixelprep/core/image.hpp"

namespace pixelprep::numerics {

namespace detail {

struct AntialiasTaps {
    std::vector<std::int64_t> first, count;  // per output: xmin, xsize
    std::vector<float> weights;              // per output: `width` weights
    int width = 0;
};

inline AntialiasTaps torch_aa_linear_taps(int n, int m) {
    const float scale = float(n) / float(m);
    const bool down = scale >= 1.0f;
    const float support = down ? float(1.0 * double(scale)) : 1.0f;
    const float invscale = down ? float(1.0 / double(scale)) : 1.0f;
    AntialiasTaps taps;
    taps.width = int(std::ceil(support)) * 2 + 1;
    taps.first.resize(std::size_t(m));
    taps.count.resize(std::size_t(m));
    taps.weights.assign(std::size_t(m) * std::size_t(taps.width), 0.0f);
    for (int i = 0; i < m; ++i) {
        const float center = float(double(scale) * (i + 0.5));
        const std::int64_t xmin = std::max<std::int64_t>(std::int64_t(double(float(center - support)) + 0.5), 0);
        std::int64_t xsize = std::min<std::int64_t>(std::int64_t(double(float(center + support)) + 0.5), n) - xmin;
        xsize = std::clamp<std::int64_t>(xsize, 0, taps.width);
        float* w = taps.weights.data() + std::size_t(i) * std::size_t(taps.width);
        float total = 0.0f;
        for (std::int64_t j = 0; j < xsize; ++j) {
            const float distance = float(j + xmin) - center;
            const float x = std::fabs(float((double(distance) + 0.5) * double(invscale)));
            w[j] = x < 1.0f ? float(1.0 - double(x)) : 0.0f;
            total += w[j];
        }
        if (total != 0.0f)
            for (std::int64_t j = 0; j < xsize; ++j) w[j] /= total;
        taps.first[std::size_t(i)] = xmin;
        taps.count[std::size_t(i)] = xsize;
    }
    return taps;
}

// One output value from `count` taps `stride` apart, in torch's AVX2 order.
inline float torch_aa_value(const float* src, std::ptrdiff_t stride, const float* w, std::int64_t count) {
    if (count <= 0) return 0.0f;
    float out = src[0] * w[0];
    const std::int64_t rest = count - 1, plain = rest - rest % 4;
    std::int64_t j = 1;
    for (; j <= plain; ++j) out += src[j * stride] * w[j];
    for (; j < count; ++j) out = std::fma(src[j * stride], w[j], out);
    return out;
}

}  // namespace detail

inline ImageF32 torch_aa_bilinear(const ImageF32& image, int out_height, int out_width) {
    const ImageF32 chw = to_layout(image, Layout::chw);
    const int c = chw.channels(), h = chw.height(), w = chw.width();
    if (out_height == h && out_width == w) return materialize<float>(chw.view(), Layout::chw);
    ImageF32 current = chw;
    if (out_width != w) {
        const detail::AntialiasTaps taps = detail::torch_aa_linear_taps(w, out_width);
        ImageF32 next(h, out_width, c, Layout::chw, uninitialized);
        for (int row = 0; row < c * h; ++row) {
            const float* src = current.data() + std::size_t(row) * std::size_t(w);
            float* dst = next.data() + std::size_t(row) * std::size_t(out_width);
            for (int x = 0; x < out_width; ++x)
                dst[x] = detail::torch_aa_value(src + taps.first[std::size_t(x)], 1,
                                                taps.weights.data() + std::size_t(x) * std::size_t(taps.width),
                                                taps.count[std::size_t(x)]);
        }
        current = std::move(next);
    }
    if (out_height != h) {
        const int cw = current.width();
        const detail::AntialiasTaps taps = detail::torch_aa_linear_taps(h, out_height);
        ImageF32 next(out_height, cw, c, Layout::chw, uninitialized);
        for (int k = 0; k < c; ++k) {
            const float* plane = current.data() + std::size_t(k) * std::size_t(h) * std::size_t(cw);
            float* out = next.data() + std::size_t(k) * std::size_t(out_height) * std::size_t(cw);
            for (int y = 0; y < out_height; ++y) {
                const int row = cw == 1 ? 0 : y;  // torch's width-1 quirk: row 0's taps for every row
                const float* w = taps.weights.data() + std::size_t(row) * std::size_t(taps.width);
                for (int x = 0; x < cw; ++x)
                    out[std::size_t(y) * std::size_t(cw) + std::size_t(x)] = detail::torch_aa_value(
                        plane + std::size_t(taps.first[std::size_t(row)]) * std::size_t(cw) + std::size_t(x), cw, w,
                        taps.count[std::size_t(row)]);
            }
        }
        current = std::move(next);
    }
    return current;
}

}  // namespace pixelprep::numerics
