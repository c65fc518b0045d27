// GOT-OCR2's tile grid (models/got_ocr2/image_processing_pil_got_ocr2.py,
// get_optimal_tiled_canvas): among the (columns, rows) grids of min_tiles..max_tiles tiles,
// the one whose aspect ratio columns / rows is closest to the image's width / height. The
// candidates are enumerated columns-outer, rows-inner, then stably sorted by tile count; a
// strictly smaller difference wins, and on an exact tie the later (larger) grid wins while
// the image's area exceeds half the grid's canvas. (1, 1) when there is no candidate.
// Python's float64 arithmetic, in its order. Granite-Docling's variant
// (models/granite_docling/image_processing_pil_granite_docling.py) caps each side of a
// candidate at max_side (16: its tokenizer's <row_i_col_j> markers stop there).
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"

namespace pixelprep::geometry {

struct TileGrid {
    int columns = 1;
    int rows = 1;
    friend bool operator==(const TileGrid&, const TileGrid&) = default;
};

// pixelprep's bound on max_patches: the candidate list grows as its square.
inline constexpr int max_tile_grid_patches = 4096;

inline TileGrid closest_aspect_grid(int height, int width, int min_tiles, int max_tiles, int tile_height,
                                    int tile_width, int max_side = -1) {
    if (max_side < 0 || max_side > max_tiles) max_side = max_tiles;
    if (max_side > max_tile_grid_patches)
        throw LimitError("max_patches " + std::to_string(max_tiles) + " is above pixelprep's limit of " +
                         std::to_string(max_tile_grid_patches));
    std::vector<TileGrid> candidates;
    for (int c = 1; c <= max_side; ++c)
        for (int r = 1; r <= max_side; ++r)
            if (min_tiles <= static_cast<long long>(c) * r && static_cast<long long>(c) * r <= max_tiles)
                candidates.push_back({c, r});
    std::stable_sort(candidates.begin(), candidates.end(), [](const TileGrid& a, const TileGrid& b) {
        return a.columns * a.rows < b.columns * b.rows;
    });
    const double aspect = double(width) / double(height);
    const double area = double(static_cast<long long>(width) * height);
    double best_difference = std::numeric_limits<double>::infinity();
    TileGrid best{1, 1};
    for (const TileGrid& g : candidates) {
        const double difference = std::abs(aspect - double(g.columns) / double(g.rows));
        if (difference < best_difference) {
            best_difference = difference;
            best = g;
        } else if (difference == best_difference &&
                   area > 0.5 * double(tile_height) * double(tile_width) * double(g.columns) * double(g.rows)) {
            best = g;
        }
    }
    return best;
}

}  // namespace pixelprep::geometry
