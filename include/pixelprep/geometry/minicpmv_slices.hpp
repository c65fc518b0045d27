// MiniCPM-V 4.6's slicing geometry (models/minicpmv4_6/image_processing_pil_minicpmv4_6.py):
// the slice grid an image is cut into (get_sliced_grid), the size of its whole-image view
// (find_best_resize) and of the image the slices are cut from (get_refine_size). Python's
// float64 arithmetic in its order: int() truncates, round() is half to even, math.log and
// math.sqrt are the C library's, as CPython calls them.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

struct SliceGrid {
    int rows = 1;
    int columns = 1;
    friend bool operator==(const SliceGrid&, const SliceGrid&) = default;
};

// ensure_divide: the nearest multiple of divisor (half to even), at least divisor.
inline long long minicpmv_ensure_divide(double length, long long divisor) {
    const double multiple = python_round(length / double(divisor));
    // The product, not just the multiple, must fit 64 bits (a config's patch_size can be huge).
    if (!(std::abs(multiple * double(divisor)) < 0x1p62))
        throw LimitError("MiniCPM-V: a side of " + python_float_repr(length) + " is too large");
    return std::max(static_cast<long long>(multiple) * divisor, divisor);
}

// find_best_resize: a size of about scale_resolution^2 pixels with the image's aspect ratio
// (when the image is larger than that, or allow_upscale), each side a multiple of
// patch * merge (merge 2 for downsample_mode "4x", else 4). The size may be fractional
// (get_refine_size passes a slice's share of the image).
inline HeightWidth minicpmv_best_resize(double height, double width, int scale_resolution, int patch_size,
                                        int merge_factor, bool allow_upscale) {
    if (height * width > double(scale_resolution) * double(scale_resolution) || allow_upscale) {
        const double aspect_ratio = width / height;
        height = double(python_int(scale_resolution / std::sqrt(aspect_ratio), "MiniCPM-V resize"));
        width = double(python_int(height * aspect_ratio, "MiniCPM-V resize"));
    }
    // 64-bit: patch_size comes from the config, and patch * merge can pass int (found by fuzz_config).
    const long long divisor = static_cast<long long>(patch_size) * merge_factor;
    const long long h = minicpmv_ensure_divide(height, divisor), w = minicpmv_ensure_divide(width, divisor);
    if (h > (1 << 24) || w > (1 << 24))
        throw LimitError("MiniCPM-V: a resize to " + std::to_string(h) + "x" + std::to_string(w) +
                         " is outside pixelprep's size limits");
    return {int(h), int(w)};
}

// get_sliced_grid: none when the image holds at most one scale_resolution^2 area (or
// max_slice_nums allows one slice); else among the grids of multiple - 1, multiple and
// multiple + 1 slices (multiple: the areas it holds, at most max_slice_nums), the one whose
// log aspect ratio is closest to the image's, the one with more rows on a tie.
inline std::optional<SliceGrid> minicpmv_sliced_grid(int height, int width, int max_slice_nums, int scale_resolution) {
    const double log_ratio = std::log(double(width) / double(height));
    const double ratio = double(static_cast<long long>(width) * height) /
                         double(static_cast<long long>(scale_resolution) * scale_resolution);
    const long long multiple = std::min<long long>(static_cast<long long>(std::ceil(ratio)), max_slice_nums);
    if (multiple <= 1) return std::nullopt;
    SliceGrid best{1, 1};
    double min_error = std::numeric_limits<double>::infinity();
    for (long long slices = multiple - 1; slices <= multiple + 1; ++slices) {
        if (slices == 1 || slices > max_slice_nums) continue;
        for (long long rows = 1; rows <= slices; ++rows) {
            if (slices % rows != 0) continue;
            const long long columns = slices / rows;
            const double error = std::abs(log_ratio - std::log(double(columns) / double(rows)));
            if (error < min_error || (error == min_error && rows > best.rows)) {
                best = {int(rows), int(columns)};
                min_error = error;
            }
        }
    }
    return best;
}

// get_refine_size: each side made a multiple of its slice count, one slice's share resized
// by find_best_resize (always allowed to grow), times the slice count.
inline HeightWidth minicpmv_refine_size(int height, int width, SliceGrid grid, int scale_resolution, int patch_size,
                                        int merge_factor) {
    const long long refine_width = minicpmv_ensure_divide(double(width), grid.columns);
    const long long refine_height = minicpmv_ensure_divide(double(height), grid.rows);
    const HeightWidth slice = minicpmv_best_resize(double(refine_height) / grid.rows, double(refine_width) / grid.columns,
                                                   scale_resolution, patch_size, merge_factor, true);
    const long long h = static_cast<long long>(slice.height) * grid.rows, w = static_cast<long long>(slice.width) * grid.columns;
    if (h > (1 << 24) || w > (1 << 24))
        throw LimitError("MiniCPM-V: a slice canvas of " + std::to_string(h) + "x" + std::to_string(w) +
                         " is outside pixelprep's size limits");
    return {int(h), int(w)};
}

}  // namespace pixelprep::geometry
