// The resize sizes of the detection processors (DETR and its family, YOLOS, RT-DETR), with
// transformers' exact Python arithmetic. Their resize() reads three size forms, in this order:
// shortest_edge with longest_edge (the aspect rule), max_height with max_width, then an exact
// height and width; a shortest_edge alone is refused, unlike the generic resize.
#pragma once

#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/size_spec.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

// image_transforms.get_size_with_aspect_ratio_yolos((h, w), shortest_edge, longest_edge, 16):
// get_size_with_aspect_ratio's clamp, but its branch order tests `w < h` before the "already
// the right size" case (so a tall image whose clamped short side equals its width still
// scales its height), then floors both sides to a multiple of 16.
inline HeightWidth yolos_size_with_aspect_ratio(int height, int width, int size, int max_size, int mod_size = 16) {
    double raw = 0.0;
    bool have_raw = false;
    const double min_side = std::min(height, width);
    const double max_side = std::max(height, width);
    if (max_side / min_side * size > max_size) {
        raw = max_size * min_side / max_side;
        size = python_int(python_round(raw), "get_size_with_aspect_ratio_yolos");
        have_raw = true;
    }
    const auto scaled = [&](int side, int other) {
        return have_raw ? python_int(raw * side / other, "get_size_with_aspect_ratio_yolos")
                        : python_int(static_cast<double>(static_cast<long long>(size) * side) / other,
                                     "get_size_with_aspect_ratio_yolos");
    };
    HeightWidth out{};
    if (width < height) out = {scaled(height, width), size};
    else if ((height <= width && height == size) || (width <= height && width == size)) out = {height, width};
    else out = {size, scaled(width, height)};
    // Python's % on a non-negative int: the remainder toward zero is the same.
    out.height -= out.height % mod_size;
    out.width -= out.width % mod_size;
    return out;
}

enum class DetectionSizeRule { detr, yolos };

// DetrImageProcessor.resize's (and YOLOS's, RT-DETR's) output size for an image.
inline HeightWidth detection_resize_size(int height, int width, const SizeSpec& size, DetectionSizeRule rule) {
    auto set = [](const auto& v) { return v.has_value() && *v != 0; };
    HeightWidth out{};
    if (set(size.shortest_edge) && set(size.longest_edge))
        out = rule == DetectionSizeRule::yolos
                  ? yolos_size_with_aspect_ratio(height, width, *size.shortest_edge, *size.longest_edge)
                  : size_with_aspect_ratio(height, width, *size.shortest_edge, *size.longest_edge);
    else if (set(size.max_height) && set(size.max_width))
        out = size_for_max_height_width(height, width, *size.max_height, *size.max_width);
    else if (set(size.height) && set(size.width))
        out = {*size.height, *size.width};
    else
        throw InvalidArgument("Size must contain 'height' and 'width' keys or 'shortest_edge' and 'longest_edge' "
                              "keys. Got " + size.to_string() + ".");
    if (out.height <= 0 || out.width <= 0)
        throw InvalidArgument("resize: size " + size.to_string() + " applied to a " + std::to_string(height) + "x" +
                              std::to_string(width) + " image gives an empty output " + std::to_string(out.height) +
                              "x" + std::to_string(out.width) + " (Pillow refuses sizes below 1)");
    return out;
}

}  // namespace pixelprep::geometry
