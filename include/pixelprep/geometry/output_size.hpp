// Output size of the generic resize step, with transformers' exact Python arithmetic:
// int() truncation everywhere, Python round() (half to even) in get_size_with_aspect_ratio,
// true division in double.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/size_spec.hpp"

namespace pixelprep::geometry {

struct HeightWidth {
    int height;
    int width;
    friend bool operator==(const HeightWidth&, const HeightWidth&) = default;
};

// Python's round(): ties go to the even neighbour (IEEE default rounding mode).
inline double python_round(double x) { return std::nearbyint(x); }

// Python's int() on a float: truncation toward zero, refusing what cannot be a size.
inline int python_int(double x, const char* what) {
    if (!std::isfinite(x) || x >= 2147483648.0 || x <= -2147483649.0)
        throw LimitError(std::string(what) + ": computed size " + std::to_string(x) + " is out of range");
    return static_cast<int>(x);
}

// Python floor division for ints (rounds toward negative infinity).
constexpr long long floor_div(long long a, long long b) {
    const long long q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// The longer side scaled to `target`, each side round(side * target / longer side) in
// Python's arithmetic (round half to even): Janus's / DeepSeek-VL's resize (before its
// min_size) and DeepSeek-OCR-2's global view.
inline HeightWidth longer_side_scaled_to(int height, int width, int target, const char* what) {
    const double scale = double(target) / double(std::max(height, width));
    return {python_int(python_round(height * scale), what), python_int(python_round(width * scale), what)};
}

// image_transforms.get_size_with_aspect_ratio((h, w), shortest_edge, longest_edge).
inline HeightWidth size_with_aspect_ratio(int height, int width, int size, int max_size) {
    double raw = 0.0;
    bool have_raw = false;
    const double min_side = std::min(height, width);
    const double max_side = std::max(height, width);
    if (max_side / min_side * size > max_size) {
        raw = max_size * min_side / max_side;
        size = python_int(python_round(raw), "get_size_with_aspect_ratio");
        have_raw = true;
    }
    if ((height <= width && height == size) || (width <= height && width == size)) return {height, width};
    if (width < height) {
        const int ow = size;
        const int oh = have_raw ? python_int(raw * height / width, "get_size_with_aspect_ratio")
                                : python_int(static_cast<double>(static_cast<long long>(size) * height) / width,
                                             "get_size_with_aspect_ratio");
        return {oh, ow};
    }
    const int oh = size;
    const int ow = have_raw ? python_int(raw * width / height, "get_size_with_aspect_ratio")
                            : python_int(static_cast<double>(static_cast<long long>(size) * width) / height,
                                         "get_size_with_aspect_ratio");
    return {oh, ow};
}

// image_transforms.get_resize_output_image_size(..., size=shortest_edge, default_to_square=False).
inline HeightWidth size_for_shortest_edge(int height, int width, int shortest_edge) {
    const int short_side = width <= height ? width : height;
    const int long_side = width <= height ? height : width;
    const int new_short = shortest_edge;
    const int new_long = python_int(static_cast<double>(static_cast<long long>(shortest_edge) * long_side) / short_side,
                                    "get_resize_output_image_size");
    return width <= height ? HeightWidth{new_long, new_short} : HeightWidth{new_short, new_long};
}

// image_utils.get_image_size_for_max_height_width: fits inside, upscaling small images too.
inline HeightWidth size_for_max_height_width(int height, int width, int max_height, int max_width) {
    const double hs = static_cast<double>(max_height) / height;
    const double ws = static_cast<double>(max_width) / width;
    const double s = std::min(hs, ws);
    return {python_int(height * s, "get_image_size_for_max_height_width"),
            python_int(width * s, "get_image_size_for_max_height_width")};
}

// The branch order of the backends' resize(): shortest+longest, shortest, max_h+max_w,
// height+width. A key that is 0 counts as absent, as Python truthiness makes it.
inline HeightWidth resize_output_size(int height, int width, const SizeSpec& size) {
    if (height <= 0 || width <= 0)
        throw InvalidArgument("resize: input image size " + std::to_string(height) + "x" + std::to_string(width) +
                              " must be positive");
    auto set = [](const auto& v) { return v.has_value() && *v != 0; };
    HeightWidth out{};
    if (set(size.shortest_edge) && set(size.longest_edge))
        out = size_with_aspect_ratio(height, width, *size.shortest_edge, *size.longest_edge);
    else if (set(size.shortest_edge))
        out = size_for_shortest_edge(height, width, *size.shortest_edge);
    else if (set(size.max_height) && set(size.max_width))
        out = size_for_max_height_width(height, width, *size.max_height, *size.max_width);
    else if (set(size.height) && set(size.width))
        out = {*size.height, *size.width};
    else
        throw InvalidArgument("Size must contain 'height' and 'width' keys, or 'max_height' and 'max_width', or "
                              "'shortest_edge' key. Got " + size.to_string() + ".");
    if (out.height <= 0 || out.width <= 0)
        throw InvalidArgument("resize: size " + size.to_string() + " applied to a " + std::to_string(height) + "x" +
                              std::to_string(width) + " image gives an empty output " + std::to_string(out.height) +
                              "x" + std::to_string(out.width) + " (Pillow refuses sizes below 1)");
    return out;
}

}  // namespace pixelprep::geometry
