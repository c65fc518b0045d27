// scipy.ndimage.zoom(image, factors, order=1, mode="mirror", grid_mode=True) of an HWC image
// along its two spatial axes (scipy 1.17, ndimage/_interpolation.py and
// src/ni_interpolation.c), as OWLv2's resize calls it:
//  * the output side is round(n * (1 / (n / target))), ties to even, as Python's round of
//    numpy's float64; the coordinate step is n / output side;
//  * output index k samples (k + 0.5) * step - 0.5, mirrored into the line as scipy's
//    map_coordinate mirrors it (about the end pixels);
//  * the two taps floor(x) and floor(x) + 1 (an index past either end mirrored the same way)
//    weigh 1 - t and 1 - (1 - t), t = x - floor(x): scipy makes the last weight the rest;
//  * the sum runs over the 2 x 2 taps, rows outer, each tap's value times its row weight then
//    its column weight, in double; the channel axis (zoom 1) adds only zero-weighted taps;
//  * the result is cast to float32, or for uint8 rounded half up and clamped to 255.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/scipy_mirror.hpp"

namespace pixelprep::numerics {

// The output side scipy's zoom gives for a side of n pixels resized to `target`.
inline int scipy_zoom_side(int n, int target) {
    const double factor = double(n) / double(target);
    return int(std::nearbyint(double(n) * (1.0 / factor)));
}

namespace detail {

// scipy's map_coordinate for a real coordinate in mode "mirror".
inline double scipy_mirror_coordinate(double in, long long len) {
    if (in < 0) {
        if (len <= 1) return 0;
        const long long period = 2 * len - 2;
        in = double(period * static_cast<long long>(-in / double(period))) + in;
        return in <= double(1 - len) ? in + double(period) : -in;
    }
    if (in > double(len - 1)) {
        if (len <= 1) return 0;
        const long long period = 2 * len - 2;
        in -= double(period * static_cast<long long>(in / double(period)));
        if (in >= double(len)) in = double(period) - in;
    }
    return in;
}

// Per output index along one axis: the two source indices and their weights.
struct LinearTaps {
    std::vector<long long> index0, index1;
    std::vector<double> weight0, weight1;
};

inline LinearTaps scipy_linear_taps(int in_len, int out_len) {
    const double step = double(in_len) / double(out_len);
    LinearTaps taps;
    for (int k = 0; k < out_len; ++k) {
        double cc = double(k);
        cc += 0.5;
        cc *= step;
        cc -= 0.5;
        cc = scipy_mirror_coordinate(cc, in_len);
        const double base = std::floor(cc);
        const auto start = static_cast<long long>(base);
        const auto mirrored = [&](long long idx) { return scipy_mirror_index(idx, in_len); };
        const double w0 = 1.0 - (cc - base);
        taps.index0.push_back(mirrored(start));
        taps.index1.push_back(mirrored(start + 1));
        taps.weight0.push_back(w0);
        taps.weight1.push_back(1.0 - w0);
    }
    return taps;
}

template <class T> T scipy_interpolation_store(double t) {
    if constexpr (std::is_same_v<T, float>) {
        return static_cast<float>(t);
    } else {
        t = t > 0 ? t + 0.5 : 0;
        t = std::min(t, 255.0);
        return static_cast<T>(t);
    }
}

}  // namespace detail

// The zoom of `image` (HWC) to out_height x out_width (scipy_zoom_side's sides), written
// channels-first.
template <class T> Image<T> scipy_linear_zoom(const Image<T>& image, int out_height, int out_width) {
    const int h = image.height(), w = image.width(), c = image.channels();
    const detail::LinearTaps rows = detail::scipy_linear_taps(h, out_height);
    const detail::LinearTaps cols = detail::scipy_linear_taps(w, out_width);
    Image<T> out(out_height, out_width, c, Layout::chw, uninitialized);
    const T* src = image.data();
    T* dst = out.data();
    const auto at = [&](long long y, long long x, int k) {
        return double(src[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * std::size_t(c) + std::size_t(k)]);
    };
    for (int k = 0; k < c; ++k)
        for (int y = 0; y < out_height; ++y) {
            const long long y0 = rows.index0[std::size_t(y)], y1 = rows.index1[std::size_t(y)];
            const double wy0 = rows.weight0[std::size_t(y)], wy1 = rows.weight1[std::size_t(y)];
            for (int x = 0; x < out_width; ++x) {
                const long long x0 = cols.index0[std::size_t(x)], x1 = cols.index1[std::size_t(x)];
                const double wx0 = cols.weight0[std::size_t(x)], wx1 = cols.weight1[std::size_t(x)];
                double t = 0.0;
                t += at(y0, x0, k) * wy0 * wx0;
                t += at(y0, x1, k) * wy0 * wx1;
                t += at(y1, x0, k) * wy1 * wx0;
                t += at(y1, x1, k) * wy1 * wx1;
                dst[(std::size_t(k) * std::size_t(out_height) + std::size_t(y)) * std::size_t(out_width) + std::size_t(x)] =
                    detail::scipy_interpolation_store<T>(t);
            }
        }
    return out;
}

}  // namespace pixelprep::numerics
