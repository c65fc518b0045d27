// The resize size of ViLT and BridgeTower (their get_resize_output_image_size): the shorter
// side to `shorter`, the longer side in proportion but at most int(1333 / 800 * shorter)
// (both scaled down together past it), each rounded half up, then floored to a multiple of
// size_divisor. Python's float arithmetic, in its order.
#pragma once

#include <algorithm>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

inline HeightWidth vilt_resize_size(int height, int width, int shorter, int size_divisor) {
    if (height <= 0 || width <= 0)
        throw InvalidArgument("resize: input image size " + std::to_string(height) + "x" + std::to_string(width) +
                              " must be positive");
    const int longer = python_int(1333.0 / 800.0 * shorter, "ViLT resize");
    double scale = double(shorter) / double(std::min(height, width));
    double new_height = 0, new_width = 0;
    if (height < width) {
        new_height = shorter;
        new_width = scale * width;
    } else {
        new_height = scale * height;
        new_width = shorter;
    }
    if (std::max(new_height, new_width) > longer) {
        scale = longer / std::max(new_height, new_width);
        new_height = scale * new_height;
        new_width = scale * new_width;
    }
    const long long h = python_int(new_height + 0.5, "ViLT resize"), w = python_int(new_width + 0.5, "ViLT resize");
    const HeightWidth out{int(floor_div(h, size_divisor) * size_divisor), int(floor_div(w, size_divisor) * size_divisor)};
    if (out.height <= 0 || out.width <= 0)
        throw InvalidArgument("resize: shortest_edge " + std::to_string(shorter) + " with size_divisor " +
                              std::to_string(size_divisor) + " resizes a " + std::to_string(height) + "x" +
                              std::to_string(width) + " image to " + std::to_string(out.height) + "x" +
                              std::to_string(out.width) + " (Pillow refuses sizes below 1)");
    return out;
}

}  // namespace pixelprep::geometry
