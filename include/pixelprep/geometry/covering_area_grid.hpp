// Ovis2's tile grid (models/ovis2/image_processing_pil_ovis2.py, get_min_tile_covering_grid):
// the candidates of 1..max_tiles tiles (enumerated first-outer, second-inner, stably sorted
// by tile count, as get_all_supported_aspect_ratios gives them) are scored by how much of the
// image their tiles cover once each tile is scaled down to at most `side` on its longer side
// (compute_patch_covering_area over split_image_into_grid, divided by the image area). The
// fewest tiles covering more than `threshold` win (ties: the higher ratio, then the earlier);
// where none does, the highest ratio (ties: fewer tiles). Python's float64 arithmetic, in its
// order.
// transformers reads the candidate's first number as the row count when it splits the image
// and as the column count when it returns the grid; both are kept here as it does.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/closest_aspect_grid.hpp"

namespace pixelprep::geometry {

// compute_patch_covering_area of one region of w x h pixels.
inline double patch_covering_area(long long w, long long h, int side) {
    if (w < h) std::swap(w, h);
    if (w > side) return double(side) * (double(h) / double(w) * double(side));
    return double(w * h);
}

inline TileGrid covering_area_grid(int height, int width, int side, int max_tiles, double threshold = 0.9) {
    if (max_tiles > max_tile_grid_patches)
        throw LimitError("max_patches " + std::to_string(max_tiles) + " is above pixelprep's limit of " +
                         std::to_string(max_tile_grid_patches));
    if (height <= 0 || width <= 0)
        throw InvalidArgument("Ovis2 covering grid: an empty " + std::to_string(height) + "x" + std::to_string(width) +
                              " image has no area (transformers: division by zero)");
    struct Candidate {
        int first, second;
        double ratio;
    };
    std::vector<Candidate> candidates;
    for (int a = 1; a <= max_tiles; ++a)
        for (int b = 1; b <= max_tiles; ++b)
            if (static_cast<long long>(a) * b <= max_tiles) candidates.push_back({a, b, 0.0});
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& x, const Candidate& y) { return x.first * x.second < y.first * y.second; });
    if (candidates.empty())
        throw InvalidArgument("Ovis2 covering grid: max_patches " + std::to_string(max_tiles) + " allows no grid");
    const double image_area = double(static_cast<long long>(width) * height);
    for (Candidate& c : candidates) {
        // split_image_into_grid(h, w, (rows = first, columns = second)): the last row and
        // column take the remainder.
        const int row_height = height / c.first, col_width = width / c.second;
        double covered = 0.0;
        for (int row = 0; row < c.first; ++row)
            for (int col = 0; col < c.second; ++col) {
                const long long w = (col == c.second - 1 ? width : (col + 1) * col_width) - col * col_width;
                const long long h = (row == c.first - 1 ? height : (row + 1) * row_height) - row * row_height;
                covered += patch_covering_area(w, h, side);
            }
        c.ratio = covered / image_area;
    }
    const Candidate* best = nullptr;
    for (const Candidate& c : candidates)  // min by (tiles, -ratio) among the sufficient ones
        if (c.ratio > threshold &&
            (!best || c.first * c.second < best->first * best->second ||
             (c.first * c.second == best->first * best->second && c.ratio > best->ratio)))
            best = &c;
    if (!best)
        for (const Candidate& c : candidates)  // min by (-ratio, tiles)
            if (!best || c.ratio > best->ratio || (c.ratio == best->ratio && c.first * c.second < best->first * best->second))
                best = &c;
    return {best->first, best->second};  // (num_columns, num_rows) as transformers unpacks it
}

}  // namespace pixelprep::geometry
