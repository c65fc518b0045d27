// GLM-Image's smart_resize (models/glm_image/image_processing_pil_glm_image.py): sides of at
// least `factor`, an aspect ratio of at most 4, a scale that lifts the short side to
// sqrt(min_pixels) or brings the long side down to sqrt(max_pixels), applied to the halved
// sides and rounded to multiples of `factor`, then floored once more where the long side still
// exceeds sqrt(max_pixels). Python's round() (half to even), // and float division, exactly.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

inline HeightWidth glm_image_resize_size(int height, int width, int factor, long long min_pixels, long long max_pixels) {
    if (height < factor || width < factor)
        throw InvalidArgument("height:" + std::to_string(height) + " or width:" + std::to_string(width) +
                              " must be larger than factor:" + std::to_string(factor));
    const double ratio = double(std::max(height, width)) / double(std::min(height, width));
    if (ratio > 4) throw InvalidArgument("absolute aspect ratio must be smaller than 4, got " + python_float_repr(ratio));
    if (min_pixels < 0 || max_pixels < 0)  // math.sqrt of a negative number
        throw InvalidArgument("GLM-Image: min_pixels and max_pixels must not be negative");
    const long long shortest_edge = static_cast<long long>(python_round(std::sqrt(double(min_pixels))));
    const long long longest_edge = static_cast<long long>(python_round(std::sqrt(double(max_pixels))));
    const int min_side = std::min(height, width), max_side = std::max(height, width);
    double scale = 1.0;
    if (min_side < shortest_edge) scale = double(shortest_edge) / min_side;
    if (max_side * scale > double(longest_edge)) scale = double(longest_edge) / max_side;
    const int half_h = height / 2, half_w = width / 2;
    const double f = factor;
    long long h_bar = std::max<long long>(factor, static_cast<long long>(python_round(half_h * scale / f)) * factor);
    long long w_bar = std::max<long long>(factor, static_cast<long long>(python_round(half_w * scale / f)) * factor);
    if (std::max(h_bar, w_bar) > longest_edge) {
        const double beta = double(std::max(h_bar, w_bar)) / double(longest_edge);
        h_bar = std::max<long long>(factor, static_cast<long long>(std::floor((h_bar / beta) / f)) * factor);
        w_bar = std::max<long long>(factor, static_cast<long long>(std::floor((w_bar / beta) / f)) * factor);
    }
    if (h_bar > (1 << 24) || w_bar > (1 << 24))
        throw LimitError("GLM-Image: " + std::to_string(height) + "x" + std::to_string(width) + " gives " +
                         std::to_string(h_bar) + "x" + std::to_string(w_bar) + ", outside pixelprep's size limits");
    return {int(h_bar), int(w_bar)};
}

}  // namespace pixelprep::geometry
