// LLaVA-NeXT's anyres geometry (transformers image_processing_utils.py):
// select_best_resolution picks the grid pinpoint that keeps the most of the image and wastes
// the least; get_patch_output_size fits the image inside it (ceil on the free side).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

inline HeightWidth select_best_resolution(int height, int width, const std::vector<std::array<int, 2>>& pinpoints) {
    if (pinpoints.empty()) throw InvalidArgument("select_best_resolution: image_grid_pinpoints is empty");
    HeightWidth best{0, 0};
    long long max_effective = 0;
    double min_wasted = std::numeric_limits<double>::infinity();
    bool found = false;
    for (const auto& [h, w] : pinpoints) {
        const double scale = std::min(double(w) / width, double(h) / height);
        const long long dw = static_cast<long long>(width * scale), dh = static_cast<long long>(height * scale);
        const long long effective = std::min(dw * dh, static_cast<long long>(width) * height);
        const double wasted = double(static_cast<long long>(w) * h - effective);
        if (effective > max_effective || (effective == max_effective && wasted < min_wasted)) {
            max_effective = effective;
            min_wasted = wasted;
            best = {h, w};
            found = true;
        }
    }
    if (!found)  // every candidate kept nothing (Python returns None and fails later)
        throw InvalidArgument("select_best_resolution: no grid pinpoint fits a " + std::to_string(height) + "x" +
                              std::to_string(width) + " image");
    return best;
}

inline HeightWidth patch_output_size(int height, int width, HeightWidth target) {
    const double scale_w = double(target.width) / width, scale_h = double(target.height) / height;
    if (scale_w < scale_h)
        return {std::min(python_int(std::ceil(height * scale_w), "get_patch_output_size"), target.height), target.width};
    return {target.height, std::min(python_int(std::ceil(width * scale_h), "get_patch_output_size"), target.width)};
}

}  // namespace pixelprep::geometry
