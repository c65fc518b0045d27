// CudaPolicy's Pillow-exact resize: everything that decides *what* to compute runs here, on
// the host, with the CPU backend's own functions; the device only accumulates pixels.
//
// Why the coefficient tables are built on the host: the device code could evaluate the same
// PIXELPREP_HD kernels, but CUDA's sin/cos are not correctly rounded (and differ from the
// host libm's in the last ulp), so a HAMMING or LANCZOS weight could differ by an ulp and,
// after quantize_weight, flip a 22-bit coefficient. numerics::make_axis_coefficients, compiled
// by the host compiler with -ffp-contract=off, gives CpuPolicy's exact integers, which are
// uploaded. NEAREST's index tables are built the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/cuda/launchers.hpp"
#include "pixelprep/geometry/resize_request.hpp"
#include "pixelprep/numerics/coefficient_table.hpp"
#include "pixelprep/numerics/coefficients.hpp"

namespace pixelprep::cuda {

namespace detail {

inline AxisTable table_of(const numerics::AxisCoefficients& c) {
    return {c.out_size, c.ksize, c.first.data(), c.count.data(), c.weights.data()};
}

// The host tables of one convolution resize. plan() points into this object, so it must
// outlive the launch.
struct ConvolutionTables {
    PassOrder order = PassOrder::horizontal;
    numerics::AxisCoefficients horizontal;
    numerics::AxisCoefficients vertical;
    int first_row = 0;
    int row_count = 0;

    ConvolutionPlan plan(bool premultiplied) const {
        return {order, table_of(horizontal), table_of(vertical), first_row, row_count, premultiplied};
    }
};

// The pass order and tables cpu::detail::convolve uses, decided the same way and built in the
// same order (so an oversized table throws the same LimitError first).
inline ConvolutionTables plan_convolution(Resample filter, int in_h, int in_w, int out_h, int out_w) {
    const bool need_h = out_w != in_w;
    const bool need_v = out_h != in_h;
    ConvolutionTables t;
    if (need_h && need_v && numerics::vertical_pass_first(in_w, in_h, out_w, out_h)) {
        t.order = PassOrder::vertical_then_horizontal;
        t.vertical = numerics::make_axis_coefficients(filter, in_h, out_h);
        t.horizontal = numerics::make_axis_coefficients(filter, in_w, out_w);
        return t;
    }
    if (need_h && !need_v) {
        t.order = PassOrder::horizontal;
        t.horizontal = numerics::make_axis_coefficients(filter, in_w, out_w);
        return t;
    }
    t.vertical = numerics::make_axis_coefficients(filter, in_h, out_h);
    if (!need_h) {
        t.order = PassOrder::vertical;
        return t;
    }
    t.order = PassOrder::horizontal_then_vertical;
    t.first_row = t.vertical.first.front();
    t.row_count = t.vertical.first.back() + t.vertical.count.back() - t.first_row;
    t.horizontal = numerics::make_axis_coefficients(filter, in_w, out_w);
    return t;
}

// Source indices for NEAREST, accumulated exactly as cpu::detail::nearest accumulates them
// (float32 source size, double step, repeated addition).
struct NearestTables {
    std::vector<int> source_x;
    std::vector<int> source_y;
};

inline std::vector<int> nearest_axis(int in_size, int out_size) {
    const double step = static_cast<double>(static_cast<float>(in_size)) / out_size;
    std::vector<int> idx(static_cast<std::size_t>(out_size));
    double pos = step * 0.5;
    for (int i = 0; i < out_size; ++i) idx[std::size_t(i)] = numerics::nearest_next_index(pos, step, in_size);
    return idx;
}

inline NearestTables plan_nearest(int in_h, int in_w, int out_h, int out_w) {
    return {nearest_axis(in_w, out_w), nearest_axis(in_h, out_h)};
}

}  // namespace detail

// cpu::resize on the device: same validation, same result, same layout as the input.
inline ImageU8 resize(const ImageU8& image, int out_height, int out_width, Resample filter) {
    geometry::check_resize_request(image.empty(), image.channels(), out_height, out_width);
    if (image.height() == out_height && image.width() == out_width) return image;  // Pillow: plain copy
    const int channels = image.channels();
    ImageU8 out(out_height, out_width, channels, image.layout());
    if (filter == Resample::nearest) {
        const detail::NearestTables t = detail::plan_nearest(image.height(), image.width(), out_height, out_width);
        launch::resize_nearest_u8(image.data(), shape_of(image), out.data(), out_height, out_width, t.source_x.data(),
                                  t.source_y.data());
    } else {
        const detail::ConvolutionTables t =
            detail::plan_convolution(filter, image.height(), image.width(), out_height, out_width);
        launch::resize_convolution_u8(image.data(), shape_of(image), out.data(), out_height, out_width,
                                      t.plan(channels == 2 || channels == 4));
    }
    return out;
}

}  // namespace pixelprep::cuda
