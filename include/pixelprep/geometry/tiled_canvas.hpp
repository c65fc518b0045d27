// Mllama geometry (models/mllama/image_processing_pil_mllama.py): the tile arrangements of
// at most N tiles, the best canvas for an image, the size that fits it, and the arrangement's
// id. Scales are compared as numpy compares its float64 divisions, exactly.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

// pixelprep's bound on max_image_tiles: the arrangement list grows as N log N and the
// output holds N tiles per image (transformers has no bound).
inline constexpr int mllama_max_tiles_limit = 1 << 16;

inline void check_max_image_tiles(long long max_tiles) {
    if (max_tiles <= 0)
        throw InvalidArgument("MllamaImageProcessor `max_image_tiles` must be a positive integer, got " +
                              std::to_string(max_tiles) + ".");
    if (max_tiles > mllama_max_tiles_limit)
        throw LimitError("MllamaImageProcessor: max_image_tiles " + std::to_string(max_tiles) +
                         " is above pixelprep's limit of " + std::to_string(mllama_max_tiles_limit));
}

// get_all_supported_aspect_ratios: every (a, b) with a * b <= N, a outer, b inner; the
// canvas code reads a as the number of tile rows.
inline std::vector<std::pair<int, int>> supported_aspect_ratios(int max_tiles) {
    check_max_image_tiles(max_tiles);
    std::vector<std::pair<int, int>> out;
    for (int a = 1; a <= max_tiles; ++a)
        for (int b = 1; b <= max_tiles / a; ++b) out.emplace_back(a, b);
    return out;
}

// get_optimal_tiled_canvas: the smallest scale >= 1 (upscaling) if any, else the largest
// scale < 1, where a canvas' scale is min(H/h, W/w); ties go to the smallest area, first.
inline HeightWidth optimal_tiled_canvas(int height, int width, int max_tiles, int tile) {
    if (tile <= 0) throw InvalidArgument("Mllama: the tile size must be positive, got " + std::to_string(tile));
    const auto arrangements = supported_aspect_ratios(max_tiles);
    std::vector<double> scales;
    scales.reserve(arrangements.size());
    for (const auto& [a, b] : arrangements) {
        const double sh = double(std::int64_t(a) * tile) / double(height), sw = double(std::int64_t(b) * tile) / double(width);
        scales.push_back(sw > sh ? sh : sw);
    }
    bool up = false;
    double selected = 0.0;
    for (double s : scales)
        if (s >= 1 && (!up || s < selected)) up = true, selected = s;
    if (!up) {
        bool any = false;
        for (double s : scales)
            if (!any || s > selected) any = true, selected = s;
    }
    long long best_area = -1;
    HeightWidth best{0, 0};
    for (std::size_t i = 0; i < arrangements.size(); ++i) {
        if (scales[i] != selected) continue;
        const long long ch = std::int64_t(arrangements[i].first) * tile, cw = std::int64_t(arrangements[i].second) * tile;
        if (ch > (1 << 24) || cw > (1 << 24))
            throw LimitError("Mllama: a " + std::to_string(ch) + "x" + std::to_string(cw) + " canvas is outside pixelprep's size limits");
        if (best_area < 0 || ch * cw < best_area) best_area = ch * cw, best = {int(ch), int(cw)};
    }
    return best;
}

// get_image_size_fit_to_canvas: each side clipped to [tile, canvas]; the side with the
// smaller scale takes its target, the other follows (floored, at least 1, at most target).
inline HeightWidth image_size_fit_to_canvas(int height, int width, int canvas_h, int canvas_w, int tile) {
    const int tw = std::min(std::max(width, tile), canvas_w), th = std::min(std::max(height, tile), canvas_h);
    const double scale_h = double(th) / double(height), scale_w = double(tw) / double(width);
    if (scale_w < scale_h) {
        const long long nh = static_cast<long long>(std::floor(double(height) * scale_w));
        return {int(std::min<long long>(nh == 0 ? 1 : nh, th)), tw};
    }
    const long long nw = static_cast<long long>(std::floor(double(width) * scale_h));
    return {th, int(std::min<long long>(nw == 0 ? 1 : nw, tw))};
}

// convert_aspect_ratios_to_ids: 1 + the index of (rows, cols) among the arrangements
// (0 is left for padding).
inline long long aspect_ratio_id(int rows, int cols, int max_tiles) {
    const auto arrangements = supported_aspect_ratios(max_tiles);
    const auto it = std::find(arrangements.begin(), arrangements.end(), std::make_pair(rows, cols));
    if (it == arrangements.end())
        throw InvalidArgument("Mllama: (" + std::to_string(rows) + ", " + std::to_string(cols) + ") is not in list");
    return (it - arrangements.begin()) + 1;
}

}  // namespace pixelprep::geometry
