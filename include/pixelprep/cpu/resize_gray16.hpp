// Pillow-exact resize of a 16-bit gray ("I;16") image, all six filters.
//
// Pillow resamples I;16 with its own passes (Resample.c, *_16bpc): the normalised double
// weights (not the 22-bit fixed-point ones of 8-bit images), a double accumulator over the
// sample values, then (int)(sum + 0.5) and a clamp to 0..65535 per pass. The taps, the
// order of the two passes and the rows the first pass covers are those of the 8-bit engine
// (cpu/resize.hpp). NEAREST goes through Pillow's generic affine transform (I;16 is a
// "special" image type): source index (int)(scale * (i + 0.5)), computed per pixel, unlike
// the accumulated position of 8-bit images.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/numerics/coefficient_table.hpp"
#include "pixelprep/numerics/coefficients.hpp"

namespace pixelprep::cpu {

// Row-major 16-bit gray samples.
struct Gray16Image {
    int height = 0;
    int width = 0;
    std::vector<std::uint16_t> samples;
};

namespace detail {

// Pillow's ROUND_UP then CLIP16 (the sum is never negative enough, or large enough, to leave int).
inline std::uint16_t round_clip16(double sum) {
    const int v = static_cast<int>(sum >= 0.0 ? sum + 0.5F : sum - 0.5F);
    return static_cast<std::uint16_t>(v <= 0 ? 0 : (v < 65536 ? v : 65535));
}

// Output columns from input rows [first_row, first_row + rows).
inline Gray16Image horizontal_pass16(const Gray16Image& in, int first_row, int rows, const numerics::AxisWeights& cx,
                                     int out_w) {
    Gray16Image out{rows, out_w, std::vector<std::uint16_t>(std::size_t(rows) * std::size_t(out_w))};
    for (int y = 0; y < rows; ++y) {
        const std::uint16_t* src = in.samples.data() + std::size_t(first_row + y) * std::size_t(in.width);
        for (int x = 0; x < out_w; ++x) {
            const double* k = cx.row(x);
            const std::uint16_t* taps = src + cx.first[std::size_t(x)];
            double sum = 0.0;
            for (int t = 0; t < cx.count[std::size_t(x)]; ++t) sum += int(taps[t]) * k[t];
            out.samples[std::size_t(y) * std::size_t(out_w) + std::size_t(x)] = round_clip16(sum);
        }
    }
    return out;
}

// Output rows; `in` holds source rows from `row_offset` on (the first pass's rows).
inline Gray16Image vertical_pass16(const Gray16Image& in, int row_offset, const numerics::AxisWeights& cy, int out_h) {
    const std::size_t w = std::size_t(in.width);
    Gray16Image out{out_h, in.width, std::vector<std::uint16_t>(std::size_t(out_h) * w)};
    for (int y = 0; y < out_h; ++y) {
        const double* k = cy.row(y);
        const std::uint16_t* top = in.samples.data() + std::size_t(cy.first[std::size_t(y)] - row_offset) * w;
        for (std::size_t x = 0; x < w; ++x) {
            double sum = 0.0;
            for (int t = 0; t < cy.count[std::size_t(y)]; ++t) sum += int(top[std::size_t(t) * w + x]) * k[t];
            out.samples[std::size_t(y) * w + x] = round_clip16(sum);
        }
    }
    return out;
}

inline Gray16Image nearest16(const Gray16Image& in, int out_h, int out_w) {
    // Pillow's box is float32, subtracted in float32, then divided in double.
    const double scale_x = static_cast<double>(static_cast<float>(in.width)) / out_w;
    const double scale_y = static_cast<double>(static_cast<float>(in.height)) / out_h;
    auto source = [](double scale, int i, int size) {
        const double v = scale * (i + 0.5);
        const int s = v < 0.0 ? -1 : static_cast<int>(v);
        return s < size ? s : -1;
    };
    Gray16Image out{out_h, out_w, std::vector<std::uint16_t>(std::size_t(out_h) * std::size_t(out_w))};  // 0: Pillow's fill
    std::vector<int> xs(static_cast<std::size_t>(out_w));
    for (int x = 0; x < out_w; ++x) xs[std::size_t(x)] = source(scale_x, x, in.width);
    for (int y = 0; y < out_h; ++y) {
        const int sy = source(scale_y, y, in.height);
        if (sy < 0) continue;
        for (int x = 0; x < out_w; ++x)
            if (xs[std::size_t(x)] >= 0)
                out.samples[std::size_t(y) * std::size_t(out_w) + std::size_t(x)] =
                    in.samples[std::size_t(sy) * std::size_t(in.width) + std::size_t(xs[std::size_t(x)])];
    }
    return out;
}

}  // namespace detail

// Resizes to out_height x out_width exactly as PIL.Image.resize((out_width, out_height),
// filter) does for an "I;16" image.
inline Gray16Image resize_gray16(const Gray16Image& image, int out_height, int out_width, Resample filter) {
    if (out_height <= 0 || out_width <= 0 || out_height > max_image_side || out_width > max_image_side)
        throw InvalidArgument("resize: invalid output size " + std::to_string(out_height) + "x" +
                              std::to_string(out_width) + " (height x width; each must be in 1.." +
                              std::to_string(max_image_side) + ")");
    if (image.height <= 0 || image.width <= 0 ||
        image.samples.size() != std::size_t(image.height) * std::size_t(image.width))
        throw ImageError("resize: the 16-bit input image is empty or its sample count does not match its size");
    pixelprep::detail::check_pixel_limit(out_height, out_width, "Image");
    if (image.height == out_height && image.width == out_width) return image;  // Pillow: plain copy
    if (filter == Resample::nearest) return detail::nearest16(image, out_height, out_width);

    const bool need_h = out_width != image.width, need_v = out_height != image.height;
    if (!need_v) return detail::horizontal_pass16(image, 0, image.height, numerics::make_axis_weights(filter, image.width, out_width), out_width);
    const numerics::AxisWeights cy = numerics::make_axis_weights(filter, image.height, out_height);
    if (!need_h) return detail::vertical_pass16(image, 0, cy, out_height);
    const numerics::AxisWeights cx = numerics::make_axis_weights(filter, image.width, out_width);
    if (numerics::vertical_pass_first(image.width, image.height, out_width, out_height)) {
        pixelprep::detail::check_pixel_limit(out_height, image.width, "Image");  // as Pillow's intermediate image
        return detail::horizontal_pass16(detail::vertical_pass16(image, 0, cy, out_height), 0, out_height, cx, out_width);
    }
    // Horizontal first, over the source rows the vertical taps read (Pillow's ybox).
    const int first_row = cy.first.front();
    const int last_row = cy.first.back() + cy.count.back();
    pixelprep::detail::check_pixel_limit(last_row - first_row, out_width, "Image");
    return detail::vertical_pass16(detail::horizontal_pass16(image, first_row, last_row - first_row, cx, out_width),
                                   first_row, cy, out_height);
}

}  // namespace pixelprep::cpu
