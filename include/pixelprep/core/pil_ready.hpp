// transformers' _rescale_for_pil_conversion + to_pil_image for float images: how a
// float32 image becomes the 8-bit image that Pillow resizes, and back.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"

namespace pixelprep {

struct PilReadyImage {
    ImageU8 image;              // contiguous, same layout as the source view
    bool scaled_by_255 = false;  // true when the values were in [0, 1]; undo after resizing
};

namespace detail {
// numpy.allclose(x, x.astype(int)) for one element: |x - trunc(x)| <= 1e-8 + 1e-5 * |trunc(x)|.
inline bool close_to_truncation(float value) {
    if (!std::isfinite(value)) return false;
    const double t = std::trunc(static_cast<double>(value));
    return std::fabs(static_cast<double>(value) - t) <= 1e-8 + 1e-5 * std::fabs(t);
}
inline std::string range_text(double lo, double hi) {
    std::ostringstream s;
    s << "[" << lo << ", " << hi << "]";
    return s.str();
}
}  // namespace detail

// uint8 views pass through. Float views:
//  * every value (numpy-allclose) integral and in [0, 255]: truncated to uint8, no scaling;
//  * otherwise every value in [0, 1]: float32(double(x) * 255) truncated to uint8;
//  * anything else (including NaN and inf) is an error, as in transformers.
inline PilReadyImage to_pil_ready(const ImageView& view) {
    if (view.dtype == DType::uint8) return {materialize<std::uint8_t>(view, view.layout), false};
    bool all_integral = true, all_unit = true, all_byte = true;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int y = 0; y < view.height; ++y)
        for (int x = 0; x < view.width; ++x)
            for (int c = 0; c < view.channels; ++c) {
                const float v = view.at<float>(y, x, c);
                all_integral = all_integral && detail::close_to_truncation(v);
                all_unit = all_unit && v >= 0.0f && v <= 1.0f;       // false for NaN
                all_byte = all_byte && v >= 0.0f && v <= 255.0f;
                lo = std::fmin(lo, double(v));
                hi = std::fmax(hi, double(v));
            }
    PilReadyImage out{ImageU8(view.height, view.width, view.channels, view.layout), false};
    if (all_integral) {
        if (!all_byte)
            throw ImageError("The image to be converted to a PIL image contains values outside the range [0, 255], got " +
                             detail::range_text(lo, hi) + " which cannot be converted to uint8.");
    } else if (all_unit) {
        out.scaled_by_255 = true;
    } else {
        throw ImageError("The image to be converted to a PIL image contains values outside the range [0, 1], got " +
                         detail::range_text(lo, hi) + " which cannot be converted to uint8.");
    }
    for (int y = 0; y < view.height; ++y)
        for (int x = 0; x < view.width; ++x)
            for (int c = 0; c < view.channels; ++c) {
                const float v = view.at<float>(y, x, c);
                // rescale(image, 255) computes in float64 and stores float32; astype(uint8) truncates.
                const float scaled = out.scaled_by_255 ? static_cast<float>(static_cast<double>(v) * 255.0) : v;
                out.image.at(y, x, c) = static_cast<std::uint8_t>(scaled);
            }
    return out;
}

}  // namespace pixelprep
