// Pillow-exact resize of 8-bit images (Image.resize with the default box), all six filters.
//
// One resampling engine serves BOX, BILINEAR, HAMMING, BICUBIC and LANCZOS: they differ
// only in the kernel and support that numerics::tap_weights evaluates. NEAREST is Pillow's
// affine scaling with an accumulated source position. Channels 2 and 4 (LA, RGBA) are
// premultiplied around the convolution, exactly as Image.resize does.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/cpu/coefficient_table.hpp"
#include "pixelprep/numerics/coefficients.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cpu {

namespace detail {

// Interleaved 8-bit rows: `rows` rows of `width` pixels of C channels, row stride in bytes.
struct U8Plane {
    const std::uint8_t* data;
    int width;
    int rows;
    std::ptrdiff_t row_stride;
};

// One output row at a time; taps outer, pixels inner, so the compiler vectorises the
// multiply-accumulate. Integer sums are exact, so the order cannot change a bit.
template <int C>
void horizontal_pass(const U8Plane& src, int first_row, const AxisCoefficients& cx, std::uint8_t* dst,
                     int dst_rows) {
    const int out_w = cx.out_size;
    const int* first = cx.first.data();
    const int* count = cx.count.data();
    for (int y = 0; y < dst_rows; ++y) {
        const std::uint8_t* in = src.data + std::ptrdiff_t(y + first_row) * src.row_stride;
        std::uint8_t* out = dst + std::ptrdiff_t(y) * out_w * C;
        for (int x = 0; x < out_w; ++x) {
            const std::int32_t* k = cx.row(x);
            const std::uint8_t* p = in + std::ptrdiff_t(first[x]) * C;
            const int n = count[x];
            std::int32_t acc[C];
            for (int c = 0; c < C; ++c) acc[c] = numerics::accumulator_init();
            for (int t = 0; t < n; ++t) {
                const std::int32_t kt = k[t];
                for (int c = 0; c < C; ++c) acc[c] += std::int32_t(p[t * C + c]) * kt;
            }
            for (int c = 0; c < C; ++c) out[x * C + c] = numerics::clip8(acc[c]);
        }
    }
}

template <int C>
void vertical_pass(const U8Plane& src, const AxisCoefficients& cy, int row_offset, std::uint8_t* dst) {
    const int n = src.width * C;
    std::vector<std::int32_t> acc(static_cast<std::size_t>(n));
    for (int y = 0; y < cy.out_size; ++y) {
        const std::int32_t* k = cy.row(y);
        const int first = cy.first[std::size_t(y)] - row_offset;
        const int taps = cy.count[std::size_t(y)];
        std::fill(acc.begin(), acc.end(), numerics::accumulator_init());
        std::int32_t* a = acc.data();
        for (int t = 0; t < taps; ++t) {
            const std::uint8_t* row = src.data + std::ptrdiff_t(first + t) * src.row_stride;
            const std::int32_t kt = k[t];
            for (int x = 0; x < n; ++x) a[x] += std::int32_t(row[x]) * kt;
        }
        std::uint8_t* out = dst + std::ptrdiff_t(y) * n;
        for (int x = 0; x < n; ++x) out[x] = numerics::clip8(a[x]);
    }
}

// Separable convolution of a contiguous HWC uint8 image with C channels.
template <int C> ImageU8 convolve(const ImageU8& in, int out_h, int out_w, Resample filter) {
    const int in_h = in.height(), in_w = in.width();
    const bool need_h = out_w != in_w;
    const bool need_v = out_h != in_h;
    const U8Plane whole{in.data(), in_w, in_h, std::ptrdiff_t(in_w) * C};
    ImageU8 out(out_h, out_w, C);
    if (need_h && need_v && numerics::vertical_pass_first(in_w, in_h, out_w, out_h)) {
        const AxisCoefficients cy = make_axis_coefficients(filter, in_h, out_h);
        const AxisCoefficients cx = make_axis_coefficients(filter, in_w, out_w);
        ImageU8 tmp(out_h, in_w, C);
        vertical_pass<C>(whole, cy, 0, tmp.data());
        horizontal_pass<C>(U8Plane{tmp.data(), in_w, out_h, std::ptrdiff_t(in_w) * C}, 0, cx, out.data(), out_h);
        return out;
    }
    if (need_h && !need_v) {
        horizontal_pass<C>(whole, 0, make_axis_coefficients(filter, in_w, out_w), out.data(), out_h);
        return out;
    }
    const AxisCoefficients cy = make_axis_coefficients(filter, in_h, out_h);
    if (!need_h) {
        vertical_pass<C>(whole, cy, 0, out.data());
        return out;
    }
    // Horizontal first, only over the source rows the vertical pass will read.
    const int first_row = cy.first.front();
    const int last_row = cy.first.back() + cy.count.back();
    const AxisCoefficients cx = make_axis_coefficients(filter, in_w, out_w);
    ImageU8 tmp(last_row - first_row, out_w, C);
    horizontal_pass<C>(whole, first_row, cx, tmp.data(), last_row - first_row);
    vertical_pass<C>(U8Plane{tmp.data(), out_w, last_row - first_row, std::ptrdiff_t(out_w) * C}, cy, first_row,
                     out.data());
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

inline ImageU8 convolve_any(const ImageU8& in, int out_h, int out_w, Resample filter) {
    switch (in.channels()) {
        case 1: return convolve<1>(in, out_h, out_w, filter);
        case 2: return convolve<2>(in, out_h, out_w, filter);
        case 3: return convolve<3>(in, out_h, out_w, filter);
        case 4: return convolve<4>(in, out_h, out_w, filter);
        default: break;
    }
    throw ImageError("resize: " + std::to_string(in.channels()) + " channels; Pillow resizes 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA)");
}

}  // namespace detail

// Resizes to out_height x out_width exactly as PIL.Image.resize((out_width, out_height), filter)
// does for an 8-bit L/LA/RGB/RGBA image. The result has the input's layout.
inline ImageU8 resize(const ImageU8& image, int out_height, int out_width, Resample filter) {
    if (out_height <= 0 || out_width <= 0 || out_height > max_image_side || out_width > max_image_side)
        throw InvalidArgument("resize: invalid output size " + std::to_string(out_height) + "x" +
                              std::to_string(out_width) + " (height x width; each must be in 1.." +
                              std::to_string(max_image_side) + ")");
    if (image.empty()) throw ImageError("resize: the input image is empty");
    if (image.channels() < 1 || image.channels() > 4)
        throw ImageError("resize: " + std::to_string(image.channels()) +
                         " channels; Pillow resizes 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA)");
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
        out = detail::convolve_any(premultiplied, out_height, out_width, filter);
        detail::unpremultiply_alpha(out);
    } else {
        out = detail::convolve_any(hwc, out_height, out_width, filter);
    }
    return layout == Layout::hwc ? out : to_layout(out, layout);
}

}  // namespace pixelprep::cpu
