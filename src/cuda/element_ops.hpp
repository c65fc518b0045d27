// The per-element bodies of every CUDA kernel, as small functors over raw pointers. Each
// computes output element (or pixel) i with the shared PIXELPREP_HD arithmetic and mirrors
// one loop of the CPU backend (named in its comment). No CUDA API here: the GPU runs them
// through for_each_element (executor.cuh), and the host emulation test runs the very same
// functors in a plain loop, which is how this code is checked on machines without a GPU.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "pixelprep/config.hpp"
#include "pixelprep/numerics/coefficients.hpp"
#include "pixelprep/numerics/patch_index.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cuda::ops {

// Element (y, x, c) of a contiguous h x w x c image in HWC or CHW order.
PIXELPREP_HD std::size_t element_index(bool chw, int h, int w, int c, int y, int x, int ch) {
    return chw ? (std::size_t(ch) * std::size_t(h) + std::size_t(y)) * std::size_t(w) + std::size_t(x)
               : (std::size_t(y) * std::size_t(w) + std::size_t(x)) * std::size_t(c) + std::size_t(ch);
}

struct Coords {
    int y;
    int x;
    int ch;
};

// The inverse of element_index.
PIXELPREP_HD Coords element_coords(bool chw, int h, int w, int c, std::size_t i) {
    if (chw) {
        const std::size_t row = i / std::size_t(w);
        return {int(row % std::size_t(h)), int(i % std::size_t(w)), int(row / std::size_t(h))};
    }
    const std::size_t pixel = i / std::size_t(c);
    return {int(pixel / std::size_t(w)), int(pixel % std::size_t(w)), int(i % std::size_t(c))};
}

// A device copy of one axis' coefficient table (launchers.hpp's AxisTable).
struct DeviceAxis {
    const int* first;
    const int* count;
    const std::int32_t* weights;
    int ksize;
};

// cpu::detail::horizontal_pass<C>, one output pixel (row y of the destination, column x).
template <int C> struct HorizontalPass {
    static constexpr const char* name = "resize_horizontal_pass";
    const std::uint8_t* src;
    std::ptrdiff_t src_row_stride;  // bytes
    int first_row;                  // source row of destination row 0
    int out_w;
    DeviceAxis axis;
    std::uint8_t* dst;              // rows of out_w * C bytes

    PIXELPREP_HD void operator()(std::size_t i) const {
        const int y = int(i / std::size_t(out_w));
        const int x = int(i % std::size_t(out_w));
        const std::int32_t* k = axis.weights + std::size_t(x) * std::size_t(axis.ksize);
        const std::uint8_t* p =
            src + std::ptrdiff_t(y + first_row) * src_row_stride + std::ptrdiff_t(axis.first[x]) * C;
        const int n = axis.count[x];
        std::int32_t acc[C];
        for (int c = 0; c < C; ++c) acc[c] = numerics::accumulator_init();
        for (int t = 0; t < n; ++t)
            for (int c = 0; c < C; ++c) acc[c] += std::int32_t(p[t * C + c]) * k[t];
        std::uint8_t* out = dst + i * C;
        for (int c = 0; c < C; ++c) out[c] = numerics::clip8(acc[c]);
    }
};

// cpu::detail::vertical_pass, one output byte (row y, byte e of the row's width * C).
struct VerticalPass {
    static constexpr const char* name = "resize_vertical_pass";
    const std::uint8_t* src;
    std::ptrdiff_t src_row_stride;  // bytes
    int row_bytes;                  // width * C, equal for source and destination
    int row_offset;                 // source row 0 is the axis' row `row_offset`
    DeviceAxis axis;
    std::uint8_t* dst;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const int y = int(i / std::size_t(row_bytes));
        const int e = int(i % std::size_t(row_bytes));
        const std::int32_t* k = axis.weights + std::size_t(y) * std::size_t(axis.ksize);
        const int first = axis.first[y] - row_offset;
        const int n = axis.count[y];
        std::int32_t acc = numerics::accumulator_init();
        for (int t = 0; t < n; ++t) acc += std::int32_t(src[std::ptrdiff_t(first + t) * src_row_stride + e]) * k[t];
        dst[i] = numerics::clip8(acc);
    }
};

// cpu::detail::nearest, one output pixel of an HWC image; unmapped pixels are zero.
struct NearestGather {
    static constexpr const char* name = "resize_nearest";
    const std::uint8_t* src;
    int in_w;
    int channels;
    int out_w;
    const int* source_x;
    const int* source_y;
    std::uint8_t* dst;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const int sy = source_y[i / std::size_t(out_w)];
        const int sx = source_x[i % std::size_t(out_w)];
        std::uint8_t* out = dst + i * std::size_t(channels);
        if (sy < 0 || sx < 0) {
            for (int c = 0; c < channels; ++c) out[c] = 0;
            return;
        }
        const std::uint8_t* in = src + (std::size_t(sy) * std::size_t(in_w) + std::size_t(sx)) * std::size_t(channels);
        for (int c = 0; c < channels; ++c) out[c] = in[c];
    }
};

// cpu::detail::premultiply_alpha, one HWC pixel in place; alpha is the last channel.
struct PremultiplyAlpha {
    static constexpr const char* name = "premultiply_alpha";
    std::uint8_t* pixels;
    int channels;

    PIXELPREP_HD void operator()(std::size_t i) const {
        std::uint8_t* p = pixels + i * std::size_t(channels);
        for (int c = 0; c < channels - 1; ++c) p[c] = numerics::premultiply(p[c], p[channels - 1]);
    }
};

// cpu::detail::unpremultiply_alpha, one HWC pixel in place.
struct UnpremultiplyAlpha {
    static constexpr const char* name = "unpremultiply_alpha";
    std::uint8_t* pixels;
    int channels;

    PIXELPREP_HD void operator()(std::size_t i) const {
        std::uint8_t* p = pixels + i * std::size_t(channels);
        for (int c = 0; c < channels - 1; ++c) p[c] = numerics::unpremultiply(p[c], p[channels - 1]);
    }
};

// pixelprep::to_layout, one destination element. E is a same-sized unsigned type: floats
// travel as their bits.
template <class E> struct ChangeLayout {
    static constexpr const char* name = "change_layout";
    const E* src;
    E* dst;
    int height;
    int width;
    int channels;
    bool src_chw;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const Coords p = element_coords(!src_chw, height, width, channels, i);
        dst[i] = src[element_index(src_chw, height, width, channels, p.y, p.x, p.ch)];
    }
};

// cpu::center_crop and cpu::pad_bottom_right, one destination element: the source element
// at (y + top, x + left), or zero outside the source.
template <class E> struct CopyWindow {
    static constexpr const char* name = "copy_window";
    const E* src;
    E* dst;
    int in_h;
    int in_w;
    int channels;
    bool chw;  // both images
    int out_h;
    int out_w;
    int top;
    int left;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const Coords p = element_coords(chw, out_h, out_w, channels, i);
        const int sy = p.y + top;
        const int sx = p.x + left;
        const bool inside = sy >= 0 && sy < in_h && sx >= 0 && sx < in_w;
        dst[i] = inside ? src[element_index(chw, in_h, in_w, channels, sy, sx, p.ch)] : E{0};
    }
};

// cpu::patchify, one output element: the source element numerics::patch_source_index names
// (the very function the CPU loop calls). E -> D: uint32 -> uint32 moves float32 bits,
// uint8 -> float converts exactly.
template <class E, class D> struct Patchify {
    static constexpr const char* name = "patchify";
    const E* src;
    D* dst;
    numerics::PatchGrid grid;

    PIXELPREP_HD void operator()(std::size_t i) const { dst[i] = static_cast<D>(src[numerics::patch_source_index(grid, i)]); }
};

// cpu::rescale: float32(float64(x) * factor).
template <class T> struct Rescale {
    static constexpr const char* name = "rescale";
    const T* src;
    float* dst;
    double factor;

    PIXELPREP_HD void operator()(std::size_t i) const {
        dst[i] = numerics::rescale_value(static_cast<double>(src[i]), factor);
    }
};

// cpu::normalize: (x - mean[c]) / std[c] in float32; a uint8 image is first cast to
// float32 by rescale(x, 1.0), as cpu::normalize(const ImageU8&, ...) does.
template <class T> struct Normalize {
    static constexpr const char* name = "normalize";
    const T* src;
    float* dst;
    const float* mean;
    const float* std_dev;
    int height;
    int width;
    int channels;
    bool chw;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const int c = element_coords(chw, height, width, channels, i).ch;
        float x;
        if constexpr (std::is_same_v<T, float>) x = src[i];
        else x = numerics::rescale_value(static_cast<double>(src[i]), 1.0);
        dst[i] = numerics::normalize_value(x, mean[c], std_dev[c]);
    }
};

}  // namespace pixelprep::cuda::ops
