// Pillow-exact resize of 8-bit images (Image.resize with the default box), all six filters.
//
// One resampling engine serves BOX, BILINEAR, HAMMING, BICUBIC and LANCZOS: they differ
// only in the kernel and support that numerics::tap_weights evaluates. NEAREST is Pillow's
// affine scaling with an accumulated source position. Channels 2 and 4 (LA, RGBA) are
// premultiplied around the convolution, exactly as Image.resize does.
#pragma once

#include <algorithm>
#include <cstring>
#include <cstdint>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/cpu/coefficient_cache.hpp"
#include "pixelprep/cpu/parallel.hpp"
#include "pixelprep/cpu/resample_passes.hpp"
#include "pixelprep/cpu/simd/level.hpp"
#include "pixelprep/geometry/resize_request.hpp"
#include "pixelprep/numerics/coefficients.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cpu {

namespace detail {

// A window of the resized image: output rows [top, top + height), columns [left, left + width).
// Resizing only a window gives exactly the pixels of the full resize cropped to it (each
// output pixel depends only on its own taps), which is how a following center crop is fused.
struct OutputWindow {
    int top;
    int left;
    int height;
    int width;
};

// Scratch rows between the two passes, reused by each thread instead of allocated per call.
// Kept up to 64 MiB; a larger one is released after use so an occasional huge image does not
// pin its memory.
inline std::vector<std::uint8_t>& pass_workspace() {
    thread_local std::vector<std::uint8_t> buffer;
    return buffer;
}
inline void trim_pass_workspace() {
    auto& b = pass_workspace();
    if (b.capacity() > (std::size_t(64) << 20)) std::vector<std::uint8_t>().swap(b);
}

// Separable convolution of an HWC uint8 plane with C channels into a window of the out_h x
// out_w result, written to dst. Pillow's order of passes, with its 8-bit intermediate.
// `call`: where this call keeps the tables too large for the shared caches, so that a caller
// resizing window after window of one image builds them once (may be null).
template <int C>
void convolve_window(const U8Plane& in, int out_h, int out_w, Resample filter, OutputWindow w, U8Out dst,
                     SimdLevel level, CallTables* call = nullptr) {
    // A large image with threads to spare: bands of output rows, each resized on its own
    // (the same bits: an output row depends only on its taps; the source rows two bands
    // share are read twice).
    if (const int bands = row_bands(std::size_t(in.rows) * std::size_t(in.width), w.height); bands > 1) {
        parallel_for(std::size_t(bands), [&](std::size_t b) {
            const int top = int(std::int64_t(w.height) * std::int64_t(b) / bands);
            const int bottom = int(std::int64_t(w.height) * std::int64_t(b + 1) / bands);
            convolve_window<C>(in, out_h, out_w, filter, OutputWindow{w.top + top, w.left, bottom - top, w.width},
                               U8Out{dst.data + std::ptrdiff_t(top) * dst.row_stride, dst.row_stride}, level, call);
        });
        return;
    }
    const int in_h = in.rows, in_w = in.width;
    const bool need_h = out_w != in_w;
    const bool need_v = out_h != in_h;
    const int y0 = w.top, y1 = w.top + w.height, x0 = w.left, x1 = w.left + w.width;
    auto* const call_axes = call ? &call->axes : nullptr;
    if (!need_h && !need_v) {
        for (int y = y0; y < y1; ++y)
            std::memcpy(dst.data + std::ptrdiff_t(y - y0) * dst.row_stride,
                        in.data + std::ptrdiff_t(y) * in.row_stride + std::ptrdiff_t(x0) * C, std::size_t(w.width) * C);
        return;
    }
    if (need_h && !need_v) {
        const auto cx = cached_axis_coefficients(filter, in_w, out_w, call_axes);
        horizontal_pass<C>(in, y0, w.height, *cx, filter, x0, x1, dst, level, call);
        return;
    }
    const auto cy = cached_axis_coefficients(filter, in_h, out_h, call_axes);
    if (!need_h) {  // vertical only: the window's columns are a sub-plane of the source
        const U8Plane cols{in.data + std::ptrdiff_t(x0) * C, w.width, in.rows, in.row_stride};
        vertical_pass<C>(cols, 0, *cy, y0, y1, dst, level);
        return;
    }
    const auto cx = cached_axis_coefficients(filter, in_w, out_w, call_axes);
    std::vector<std::uint8_t>& tmp = pass_workspace();
    if (numerics::vertical_pass_first(in_w, in_h, out_w, out_h)) {
        // Vertical first (strongly shrinking height): the window's rows over the full width.
        pixelprep::detail::check_pixel_limit(w.height, in_w, "Image");  // as an intermediate image would
        tmp.resize(std::size_t(w.height) * std::size_t(in_w) * C);
        const std::ptrdiff_t stride = std::ptrdiff_t(in_w) * C;
        vertical_pass<C>(in, 0, *cy, y0, y1, U8Out{tmp.data(), stride}, level);
        horizontal_pass<C>(U8Plane{tmp.data(), in_w, w.height, stride}, 0, w.height, *cx, filter, x0, x1, dst, level, call);
    } else {
        // Horizontal first, only over the source rows the window's vertical taps read, and
        // only for the window's columns.
        int first_row = cy->first[std::size_t(y0)], last_row = first_row;
        for (int y = y0; y < y1; ++y) {
            first_row = std::min(first_row, cy->first[std::size_t(y)]);
            last_row = std::max(last_row, cy->first[std::size_t(y)] + cy->count[std::size_t(y)]);
        }
        const int rows = last_row - first_row;
        const std::ptrdiff_t stride = std::ptrdiff_t(w.width) * C;
        pixelprep::detail::check_pixel_limit(rows, w.width, "Image");  // as an intermediate image would
        tmp.resize(std::size_t(rows) * std::size_t(stride));
        horizontal_pass<C>(in, first_row, rows, *cx, filter, x0, x1, U8Out{tmp.data(), stride}, level, call);
        vertical_pass<C>(U8Plane{tmp.data(), w.width, rows, stride}, first_row, *cy, y0, y1, dst, level);
    }
    trim_pass_workspace();
}

// Whole-image convolution of a contiguous HWC uint8 image with C channels.
template <int C> ImageU8 convolve(const ImageU8& in, int out_h, int out_w, Resample filter, SimdLevel level) {
    ImageU8 out(out_h, out_w, C, Layout::hwc, uninitialized);  // every pixel is written
    convolve_window<C>(U8Plane{in.data(), in.width(), in.height(), std::ptrdiff_t(in.width()) * C}, out_h, out_w,
                       filter, OutputWindow{0, 0, out_h, out_w}, U8Out{out.data(), std::ptrdiff_t(out_w) * C}, level);
    return out;
}

inline ImageU8 nearest(const ImageU8& in, int out_h, int out_w) {
    const int C = in.channels();
    ImageU8 out(out_h, out_w, C);  // zero-filled: Pillow's fill value for unmapped pixels
    const double step_x = static_cast<double>(static_cast<float>(in.width())) / out_w;
    const double step_y = static_cast<double>(static_cast<float>(in.height())) / out_h;
    std::vector<int> xs(static_cast<std::size_t>(out_w));
    double pos = step_x * 0.5;
    for (int x = 0; x < out_w; ++x) xs[std::size_t(x)] = numerics::nearest_next_index(pos, step_x, in.width());
    pos = step_y * 0.5;
    for (int y = 0; y < out_h; ++y) {
        const int sy = numerics::nearest_next_index(pos, step_y, in.height());
        if (sy < 0) continue;
        for (int x = 0; x < out_w; ++x) {
            const int sx = xs[std::size_t(x)];
            if (sx < 0) continue;
            for (int c = 0; c < C; ++c) out.at(y, x, c) = in.at(sy, sx, c);
        }
    }
    return out;
}

// Alpha is the last channel (LA or RGBA).
inline void premultiply_alpha(ImageU8& img) {
    const int C = img.channels();
    std::uint8_t* p = img.data();
    for (std::size_t i = 0; i < img.size(); i += std::size_t(C))
        for (int c = 0; c < C - 1; ++c) p[i + std::size_t(c)] = numerics::premultiply(p[i + std::size_t(c)], p[i + std::size_t(C - 1)]);
}
inline void unpremultiply_alpha(ImageU8& img) {
    const int C = img.channels();
    std::uint8_t* p = img.data();
    for (std::size_t i = 0; i < img.size(); i += std::size_t(C))
        for (int c = 0; c < C - 1; ++c) p[i + std::size_t(c)] = numerics::unpremultiply(p[i + std::size_t(c)], p[i + std::size_t(C - 1)]);
}

inline ImageU8 convolve_any(const ImageU8& in, int out_h, int out_w, Resample filter, SimdLevel level) {
    switch (in.channels()) {
        case 1: return convolve<1>(in, out_h, out_w, filter, level);
        case 2: return convolve<2>(in, out_h, out_w, filter, level);
        case 3: return convolve<3>(in, out_h, out_w, filter, level);
        case 4: return convolve<4>(in, out_h, out_w, filter, level);
        default: break;
    }
    throw ImageError("resize: " + std::to_string(in.channels()) + " channels; Pillow resizes 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA)");
}

}  // namespace detail

// Resizes to out_height x out_width exactly as PIL.Image.resize((out_width, out_height), filter)
// does for an 8-bit L/LA/RGB/RGBA image. The result has the input's layout. `level` picks
// the instruction set of the passes (default: simd_level()); every level gives the same bits.
inline ImageU8 resize(const ImageU8& image, int out_height, int out_width, Resample filter,
                      SimdLevel level = simd_level()) {
    geometry::check_resize_request(image.empty(), image.channels(), out_height, out_width);
    const Layout layout = image.layout();
    if (image.height() == out_height && image.width() == out_width) return image;  // Pillow: plain copy
    // Channels-last is what the passes read; convert (copy) only when the input is not.
    ImageU8 converted;
    const ImageU8& hwc = layout == Layout::hwc ? image : (converted = to_layout(image, Layout::hwc));
    ImageU8 out;
    if (filter == Resample::nearest) {
        out = detail::nearest(hwc, out_height, out_width);
    } else if (hwc.channels() == 2 || hwc.channels() == 4) {
        ImageU8 premultiplied = hwc;
        detail::premultiply_alpha(premultiplied);
        out = detail::convolve_any(premultiplied, out_height, out_width, filter, level);
        detail::unpremultiply_alpha(out);
    } else {
        out = detail::convolve_any(hwc, out_height, out_width, filter, level);
    }
    return layout == Layout::hwc ? out : to_layout(out, layout);
}

}  // namespace pixelprep::cpu
