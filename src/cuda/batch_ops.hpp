// The per-element bodies of the batched kernels (batch_pipeline.hpp): one launch covers
// every image of a group, element i of the launch being element i % per_image of image
// i / per_image. Sources are read through element strides, so HWC and CHW inputs (and the
// HWC intermediates) need no layout pass; the arithmetic is element_ops.hpp's, term for
// term in the same order (integer accumulation of Pillow's 22-bit weights, numpy's float
// rescale and normalize). No CUDA API here: the GPU runs them through for_each_element and
// the host emulation test in a plain loop.
#pragma once

#include <cstddef>
#include <cstdint>

#include "element_ops.hpp"
#include "pixelprep/config.hpp"
#include "pixelprep/cuda/batch_launchers.hpp"
#include "pixelprep/numerics/coefficients.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cuda::ops {

// Element (y, x, c) of an image is at y * y + x * x + c * c bytes.
struct Strides {
    std::ptrdiff_t y;
    std::ptrdiff_t x;
    std::ptrdiff_t c;
};

PIXELPREP_HD Strides strides_of(bool chw, int h, int w, int c) {
    if (chw) return {std::ptrdiff_t(w), 1, std::ptrdiff_t(h) * w};
    return {std::ptrdiff_t(w) * c, std::ptrdiff_t(c), 1};
}

// The images of a group: a device table of pointers (inputs, which may be anywhere), or
// consecutive images `stride` bytes apart (uploaded inputs, intermediates).
struct ImageSet {
    const std::uint8_t* const* table;
    const std::uint8_t* base;
    std::size_t stride;

    PIXELPREP_HD const std::uint8_t* at(std::size_t k) const { return table ? table[k] : base + k * stride; }
};

// cpu::detail::horizontal_pass<C> over a group: output pixel (y, x) of image k, rows
// [first_row, first_row + rows) of the source; dst is HWC, rows x out_w x C per image.
template <int C> struct BatchHorizontal {
    static constexpr const char* name = "batch_resize_horizontal";
    ImageSet src;
    Strides s;
    int first_row;
    int rows;
    int out_w;
    DeviceAxis axis;
    std::uint8_t* dst;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const std::size_t per = std::size_t(rows) * std::size_t(out_w);
        const std::size_t k = i / per;
        const std::size_t j = i % per;
        const int y = int(j / std::size_t(out_w));
        const int x = int(j % std::size_t(out_w));
        const std::int32_t* w = axis.weights + std::size_t(x) * std::size_t(axis.ksize);
        const std::uint8_t* p = src.at(k) + std::ptrdiff_t(y + first_row) * s.y + std::ptrdiff_t(axis.first[x]) * s.x;
        const int n = axis.count[x];
        std::int32_t acc[C];
        for (int c = 0; c < C; ++c) acc[c] = numerics::accumulator_init();
        for (int t = 0; t < n; ++t)
            for (int c = 0; c < C; ++c) acc[c] += std::int32_t(p[std::ptrdiff_t(t) * s.x + std::ptrdiff_t(c) * s.c]) * w[t];
        std::uint8_t* out = dst + i * C;
        for (int c = 0; c < C; ++c) out[c] = numerics::clip8(acc[c]);
    }
};

// cpu::detail::vertical_pass over a group: output element (y, x, c) of image k, HWC,
// out_h x width x channels per image; source row r is the axis' row r + row_offset.
struct BatchVertical {
    static constexpr const char* name = "batch_resize_vertical";
    ImageSet src;
    Strides s;
    int width;
    int channels;
    int out_h;
    int row_offset;
    DeviceAxis axis;
    std::uint8_t* dst;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const std::size_t row = std::size_t(width) * std::size_t(channels);
        const std::size_t per = std::size_t(out_h) * row;
        const std::size_t k = i / per;
        const std::size_t j = i % per;
        const int y = int(j / row);
        const int e = int(j % row);
        const int x = e / channels;
        const int c = e % channels;
        const std::int32_t* w = axis.weights + std::size_t(y) * std::size_t(axis.ksize);
        const int first = axis.first[y] - row_offset;
        const int n = axis.count[y];
        const std::uint8_t* p = src.at(k) + std::ptrdiff_t(x) * s.x + std::ptrdiff_t(c) * s.c;
        std::int32_t acc = numerics::accumulator_init();
        for (int t = 0; t < n; ++t) acc += std::int32_t(p[std::ptrdiff_t(first + t) * s.y]) * w[t];
        dst[i] = numerics::clip8(acc);
    }
};

// cpu::detail::nearest over a group: output pixel (y, x) of image k, HWC; unmapped pixels
// are zero.
struct BatchNearest {
    static constexpr const char* name = "batch_resize_nearest";
    ImageSet src;
    Strides s;
    int channels;
    int out_h;
    int out_w;
    const int* source_x;
    const int* source_y;
    std::uint8_t* dst;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const std::size_t per = std::size_t(out_h) * std::size_t(out_w);
        const std::size_t k = i / per;
        const std::size_t j = i % per;
        const int sy = source_y[j / std::size_t(out_w)];
        const int sx = source_x[j % std::size_t(out_w)];
        std::uint8_t* out = dst + i * std::size_t(channels);
        if (sy < 0 || sx < 0) {
            for (int c = 0; c < channels; ++c) out[c] = 0;
            return;
        }
        const std::uint8_t* p = src.at(k) + std::ptrdiff_t(sy) * s.y + std::ptrdiff_t(sx) * s.x;
        for (int c = 0; c < channels; ++c) out[c] = p[std::ptrdiff_t(c) * s.c];
    }
};

// cpu::rescale then cpu::normalize of one uint8 value of channel c, term for term (both
// batched paths' last step).
PIXELPREP_HD float finish_value(const BatchFinish& f, std::uint8_t v, int c) {
    const float x = numerics::rescale_value(static_cast<double>(v), f.factor);
    return f.normalize ? numerics::normalize_value(x, f.mean[c], f.std_dev[c]) : x;
}

// cpu::center_crop (zeros outside the source), then cpu::rescale and cpu::normalize fused,
// written in the output layout at the image's offset: output element j of image k.
struct BatchFinishPass {
    static constexpr const char* name = "batch_crop_rescale_normalize";
    ImageSet src;
    Strides s;
    int src_h;
    int src_w;
    int channels;
    int out_h;
    int out_w;
    int top;
    int left;
    bool out_chw;
    BatchFinish finish;
    const std::size_t* out_offsets;  // per member
    float* out;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const std::size_t per = std::size_t(out_h) * std::size_t(out_w) * std::size_t(channels);
        const std::size_t k = i / per;
        const std::size_t j = i % per;
        const Coords p = element_coords(out_chw, out_h, out_w, channels, j);
        const int sy = p.y + top;
        const int sx = p.x + left;
        const bool inside = sy >= 0 && sy < src_h && sx >= 0 && sx < src_w;
        const std::uint8_t v =
            inside ? src.at(k)[std::ptrdiff_t(sy) * s.y + std::ptrdiff_t(sx) * s.x + std::ptrdiff_t(p.ch) * s.c] : 0;
        out[out_offsets[k] + j] = finish_value(finish, v, p.ch);
    }
};

}  // namespace pixelprep::cuda::ops
