// scipy.ndimage.gaussian_filter in mode "mirror" with truncate 4.0 (scipy 1.17,
// ndimage/_filters.py and src/ni_filters.c), for one axis of an HWC image, as OWLv2's resize
// calls it:
//  * the weights: radius int(4 * sigma + 0.5); exp(-0.5 / sigma^2 * x^2) for x in
//    -radius..radius, each divided by their numpy sum (numerics/numpy_pairwise_sum.hpp);
//  * the correlation, in double: the centre tap first, then each symmetric pair of taps
//    added before its weight multiplies them, from the outermost pair inwards (scipy's path
//    for symmetric weights, which these always are);
//  * "mirror" extends a line about its end pixels (d c b | a b c d | c b a), periodically past
//    twice its length; a line of one pixel repeats it;
//  * each axis writes the image's own dtype: a float32 cast, or for uint8 C's truncation.
//
// The one difference that cannot be removed: numpy's float64 exp is Intel's SVML routine on
// CPUs with AVX-512 (numpy's run-time dispatch), glibc's elsewhere, and the two differ in the
// last bit for some arguments; std::exp here is glibc's. transformers' own OWLv2 output
// therefore depends on the CPU it runs on.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/numpy_pairwise_sum.hpp"
#include "pixelprep/numerics/scipy_mirror.hpp"

namespace pixelprep::numerics {

// scipy's _gaussian_kernel1d(sigma, 0, radius), radius from truncate 4.0.
inline std::vector<double> scipy_gaussian_weights(double sigma) {
    const double reach = 4.0 * sigma + 0.5;
    if (!(reach < 1e7))
        throw LimitError("Gaussian filter: sigma " + std::to_string(sigma) +
                         " gives a kernel of over 2e7 taps (a downscale of that many times)");
    const int radius = int(reach);
    const double coefficient = -0.5 / (sigma * sigma);
    std::vector<double> weights(std::size_t(2 * radius + 1));
    for (int i = 0; i <= 2 * radius; ++i) {
        const long long x = i - radius;
        weights[std::size_t(i)] = std::exp(coefficient * double(x * x));
    }
    const double total = numpy_pairwise_sum(std::span<const double>(weights));
    for (double& w : weights) w /= total;
    return weights;
}

// The cast scipy's line buffer makes back to the array's dtype.
template <class T> T scipy_line_store(double v) {
    if constexpr (std::is_same_v<T, float>)
        return static_cast<float>(v);
    else
        return static_cast<T>(v);  // C's truncation toward zero; a Gaussian of uint8 stays in 0..255.x
}

// gaussian_filter1d along `axis` (0: rows, 1: columns) of `image` (HWC, contiguous), in place.
template <class T> void scipy_gaussian_axis(Image<T>& image, int axis, double sigma) {
    const std::vector<double> w = scipy_gaussian_weights(sigma);
    const int radius = int(w.size() / 2);
    const int h = image.height(), wd = image.width(), c = image.channels();
    const int length = axis == 0 ? h : wd;
    const int lines_per_channel = axis == 0 ? wd : h;
    const std::size_t step = axis == 0 ? std::size_t(wd) * std::size_t(c) : std::size_t(c);
    std::vector<double> line(std::size_t(length) + 2 * std::size_t(radius));
    T* data = image.data();
    for (int other = 0; other < lines_per_channel; ++other)
        for (int k = 0; k < c; ++k) {
            const std::size_t first =
                (axis == 0 ? std::size_t(other) * std::size_t(c) : std::size_t(other) * std::size_t(wd) * std::size_t(c)) +
                std::size_t(k);
            for (long long p = -radius; p < length + radius; ++p)
                line[std::size_t(p + radius)] = double(data[first + std::size_t(scipy_mirror_index(p, length)) * step]);
            const double* centre = line.data() + radius;
            for (int i = 0; i < length; ++i) {
                const double* at = centre + i;
                double acc = at[0] * w[std::size_t(radius)];
                for (int j = radius; j >= 1; --j) acc += (at[-j] + at[j]) * w[std::size_t(radius - j)];
                data[first + std::size_t(i) * step] = scipy_line_store<T>(acc);
            }
        }
}

}  // namespace pixelprep::numerics
