// Pillow's Image.resize(size, resample, reducing_gap=g) for 8-bit images with one or three
// channels, on the host: where int(in / out / g) is 2 or more on an axis, Image.reduce first
// averages factor_x x factor_y blocks (Reduce.c: the partial blocks at the right and bottom
// edges average only their own pixels; the sum plus half the count, times a 2^24-scaled
// float reciprocal of 256 * count, shifted down 24), then ImagingResample maps the
// fractional box (0, 0, in_w / fx, in_h / fy) of the reduced image onto the output with the
// usual 22-bit weights (numerics/coefficients.hpp), horizontal pass first into a uint8
// intermediate unless Pillow 13 runs the vertical pass first.
// Nougat's thumbnail (reducing_gap 2.0) is its one user in transformers' PIL backends.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/coefficient_table.hpp"

namespace pixelprep::numerics {

struct ReduceFactors {
    int x = 1, y = 1;
};

// Image.resize's factors: int(box_w / out_w / gap) or 1 per axis (Python float division);
// nullopt where both are 1 (no reduction).
inline std::optional<ReduceFactors> reducing_gap_factors(int in_w, int in_h, int out_w, int out_h, double gap) {
    ReduceFactors f{int(double(in_w) / double(out_w) / gap), int(double(in_h) / double(out_h) / gap)};
    if (f.x < 1) f.x = 1;
    if (f.y < 1) f.y = 1;
    if (f.x == 1 && f.y == 1) return std::nullopt;
    return f;
}

// Image.reduce((fx, fy)): the block means, as Reduce.c rounds them.
inline ImageU8 pillow_reduce(const ImageU8& in, ReduceFactors f) {
    const int w = in.width(), h = in.height(), c = in.channels();
    const int ow = (w + f.x - 1) / f.x, oh = (h + f.y - 1) / f.y;
    ImageU8 out(oh, ow, c, Layout::hwc);
    for (int oy = 0; oy < oh; ++oy) {
        const int y0 = oy * f.y, y1 = std::min(h, y0 + f.y);
        for (int ox = 0; ox < ow; ++ox) {
            const int x0 = ox * f.x, x1 = std::min(w, x0 + f.x);
            const std::uint32_t n = std::uint32_t((y1 - y0) * (x1 - x0));
            // division_UINT32(n, 8): float(2^32) / float(256 * n), truncated.
            const std::uint32_t multiplier = std::uint32_t(4294967296.0f / float(256u * n));
            for (int k = 0; k < c; ++k) {
                std::uint32_t sum = n / 2;
                for (int y = y0; y < y1; ++y)
                    for (int x = x0; x < x1; ++x) sum += in.at(y, x, k);
                out.at(oy, ox, k) = std::uint8_t((std::uint64_t(sum) * multiplier) >> 24);
            }
        }
    }
    return out;
}

// The scalar 8-bit passes of ImagingResample over a box's table; cpu/ has the same passes
// (SIMD, over whole-axis tables): numerics, below it, cannot call them.
inline ImageU8 horizontal_pass(const ImageU8& in, const AxisCoefficients& a, int out_w) {
    ImageU8 out(in.height(), out_w, in.channels(), Layout::hwc);
    for (int y = 0; y < in.height(); ++y)
        for (int x = 0; x < out_w; ++x)
            for (int k = 0; k < in.channels(); ++k) {
                std::int32_t acc = accumulator_init();
                const std::int32_t* w = a.row(x);
                for (int t = 0; t < a.count[std::size_t(x)]; ++t) acc += std::int32_t(in.at(y, a.first[std::size_t(x)] + t, k)) * w[t];
                out.at(y, x, k) = clip8(acc);
            }
    return out;
}

inline ImageU8 vertical_pass(const ImageU8& in, const AxisCoefficients& a, int out_h) {
    ImageU8 out(out_h, in.width(), in.channels(), Layout::hwc);
    for (int y = 0; y < out_h; ++y)
        for (int x = 0; x < in.width(); ++x)
            for (int k = 0; k < in.channels(); ++k) {
                std::int32_t acc = accumulator_init();
                const std::int32_t* w = a.row(y);
                for (int t = 0; t < a.count[std::size_t(y)]; ++t) acc += std::int32_t(in.at(a.first[std::size_t(y)] + t, x, k)) * w[t];
                out.at(y, x, k) = clip8(acc);
            }
    return out;
}

// ImagingResample(in, out_w, out_h, filter, box (x0, y0, x1, y1) as float32).
inline ImageU8 resample_box(const ImageU8& in, int out_w, int out_h, Resample filter, const float box[4]) {
    const bool need_h = out_w != in.width() || box[0] != 0.0f || box[2] != float(out_w);
    const bool need_v = out_h != in.height() || box[1] != 0.0f || box[3] != float(out_h);
    const AxisCoefficients ha = make_axis_coefficients(filter, in.width(), out_w, box[0], box[2]);
    const AxisCoefficients va = make_axis_coefficients(filter, in.height(), out_h, box[1], box[3]);
    if (need_v && need_h && vertical_pass_first(in.width(), in.height(), out_w, out_h))
        return horizontal_pass(vertical_pass(in, va, out_h), ha, out_w);
    ImageU8 cur = need_h ? horizontal_pass(in, ha, out_w) : in;
    return need_v ? vertical_pass(cur, va, out_h) : cur;
}

// Image.resize(size, filter, reducing_gap=gap) of a uint8 image with 1 or 3 channels.
inline ImageU8 resize_with_reducing_gap(const ImageU8& in, int out_h, int out_w, Resample filter, double gap) {
    if (in.channels() != 1 && in.channels() != 3)
        throw InvalidArgument("Pillow's reducing_gap resize: pixelprep implements it for 1 or 3 channels, got " +
                              std::to_string(in.channels()) + " (Pillow premultiplies alpha there)");
    const auto f = reducing_gap_factors(in.width(), in.height(), out_w, out_h, gap);
    if (!f) {
        const float box[4] = {0.0f, 0.0f, float(in.width()), float(in.height())};
        return resample_box(in, out_w, out_h, filter, box);
    }
    const ImageU8 reduced = pillow_reduce(in, *f);
    const float box[4] = {0.0f, 0.0f, float(double(in.width()) / f->x), float(double(in.height()) / f->y)};
    return resample_box(reduced, out_w, out_h, filter, box);
}

}  // namespace pixelprep::numerics
