// numpy.pad at the bottom and right of an image, for the modes image processors pass to it.
// Each mode maps an output position p of a side of n source pixels to the source pixel it
// copies, one axis at a time as numpy pads them; past the first reflection numpy keeps
// reflecting what it has already padded, which is the periodic index below (checked against
// numpy for n = 1..8 and pads up to 40). "constant" writes a value cast to the pixel type.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"

namespace pixelprep::numerics {

enum class NumpyPadMode { constant, edge, reflect, symmetric, wrap };

// numpy's mode name; nullopt for one pixelprep does not implement.
inline std::optional<NumpyPadMode> numpy_pad_mode(std::string_view name) {
    if (name == "constant") return NumpyPadMode::constant;
    if (name == "edge") return NumpyPadMode::edge;
    if (name == "reflect") return NumpyPadMode::reflect;
    if (name == "symmetric") return NumpyPadMode::symmetric;
    if (name == "wrap") return NumpyPadMode::wrap;
    return std::nullopt;
}

// The source index of output position p >= 0 of a side of n >= 1 pixels padded at its end.
inline int numpy_pad_source(int p, int n, NumpyPadMode mode) {
    if (p < n) return p;
    switch (mode) {
        case NumpyPadMode::constant:
        case NumpyPadMode::edge: return n - 1;
        case NumpyPadMode::symmetric: {
            const int q = p % (2 * n);
            return q < n ? q : 2 * n - 1 - q;
        }
        case NumpyPadMode::reflect: {
            if (n == 1) return 0;
            const int q = p % (2 * n - 2);
            return q < n ? q : 2 * n - 2 - q;
        }
        case NumpyPadMode::wrap: return p % n;
    }
    return n - 1;
}

// np.pad's constant for a uint8 image: numpy casts the value into the array, which keeps
// whole values 0..255 (a fraction is cut toward zero); others would wrap or fail, and are
// refused.
template <class T> T numpy_pad_constant(double value, std::string_view what) {
    if constexpr (std::is_same_v<T, std::uint8_t>) {
        if (!(value > -1.0 && value < 256.0))
            throw InvalidArgument(std::string(what) + ": a constant of " + std::to_string(value) +
                                  " cannot pad a uint8 image (numpy casts it outside 0..255)");
        return static_cast<std::uint8_t>(std::trunc(value));
    } else {
        return static_cast<T>(value);
    }
}

// The image padded to height x width (each at least the image's) at its bottom and right.
template <class T>
Image<T> numpy_pad_bottom_right(const Image<T>& img, int height, int width, NumpyPadMode mode, double constant,
                                std::string_view what) {
    const int h = img.height(), w = img.width(), c = img.channels();
    const T fill = mode == NumpyPadMode::constant ? numpy_pad_constant<T>(constant, what) : T{};
    Image<T> out(height, width, c, Layout::hwc);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const bool inside = y < h && x < w;
            const int sy = numpy_pad_source(y, h, mode), sx = numpy_pad_source(x, w, mode);
            for (int k = 0; k < c; ++k)
                out.at(y, x, k) = inside || mode != NumpyPadMode::constant ? img.at(sy, sx, k) : fill;
        }
    return out;
}

}  // namespace pixelprep::numerics
