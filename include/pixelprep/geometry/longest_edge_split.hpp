// Idefics2, Idefics3 / SmolVLM geometry (models/idefics3/image_processing_pil_idefics3.py; SmolVLM's
// copy is the same code): the longest edge to `longest_edge` (even short side), a 4096 cap,
// a second resize to multiples of the tile size M, then an M x M tile grid. Python's float
// division and int() truncation, exactly.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

// transformers' MAX_IMAGE_SIZE: no side of the first resize exceeds 4096 ("4k").
inline constexpr int idefics3_max_image_size = 4096;

// _resize_output_size_rescale_to_max_len: the longest edge becomes max_len, the other side
// keeps the aspect ratio (truncated) and is rounded up to an even number; at least 1.
inline HeightWidth rescale_to_max_len(int height, int width, int max_len) {
    const double ar = double(width) / double(height);
    int h = height, w = width;
    if (width >= height) {
        w = max_len;
        h = python_int(double(w) / ar, "Idefics3 resize");
        if (h % 2 != 0) ++h;
    } else {
        h = max_len;
        w = python_int(double(h) * ar, "Idefics3 resize");
        if (w % 2 != 0) ++w;
    }
    return {std::max(h, 1), std::max(w, 1)};
}

// _resize_output_size_scale_below_upper_bound: the same idea, only when a side exceeds
// max_len, without the even adjustment.
inline HeightWidth scale_below_upper_bound(int height, int width, int max_len) {
    const double ar = double(width) / double(height);
    int h = height, w = width;
    if (width >= height && width > max_len) {
        w = max_len;
        h = python_int(double(w) / ar, "Idefics3 resize");
    } else if (height > width && height > max_len) {
        h = max_len;
        w = python_int(double(h) * ar, "Idefics3 resize");
    }
    return {std::max(h, 1), std::max(w, 1)};
}

// Idefics2's get_resize_output_image_size (models/idefics2/image_processing_pil_idefics2.py):
// the long side down to max_len when it exceeds it (the other side from the aspect ratio,
// truncated), then each side at least min_len. The aspect ratio divides by the height, so an
// image (or a split quadrant) with no rows fails there as in Python.
inline HeightWidth idefics2_resize_output_size(int height, int width, int min_len, int max_len) {
    if (height == 0)
        throw InvalidArgument("Idefics2 resize: an image with no rows has no aspect ratio (width / height: division by zero, "
                              "as transformers' ZeroDivisionError; image splitting halves a 1-pixel-high image into such parts)");
    const HeightWidth s = scale_below_upper_bound(height, width, max_len);
    return {std::max(s.height, min_len), std::max(s.width, min_len)};
}

// get_resize_output_image_size: the first (longest-edge) resize.
inline HeightWidth idefics3_resize_output_size(int height, int width, int longest_edge) {
    const HeightWidth s = rescale_to_max_len(height, width, longest_edge);
    return scale_below_upper_bound(s.height, s.width, idefics3_max_image_size);
}

// ceil(x / m) * m with Python's float division (what math.ceil(x / m) * m computes).
inline long long ceil_to_multiple(long long x, int m) {
    return static_cast<long long>(std::ceil(double(x) / double(m))) * m;
}

// resize_for_vision_encoder: the long side up to a multiple of M; the other side from the
// *new* long side and the aspect ratio (truncated), then also up to a multiple of M.
inline HeightWidth resize_for_vision_encoder(int height, int width, int tile) {
    if (tile <= 0) throw InvalidArgument("max_image_size['longest_edge'] must be positive, got " + std::to_string(tile));
    const double ar = double(width) / double(height);
    long long h = height, w = width;
    if (width >= height) {
        w = ceil_to_multiple(width, tile);
        h = ceil_to_multiple(python_int(double(w) / ar, "Idefics3 resize"), tile);
    } else {
        h = ceil_to_multiple(height, tile);
        w = ceil_to_multiple(python_int(double(h) * ar, "Idefics3 resize"), tile);
    }
    if (h <= 0 || w <= 0 || h > (1 << 24) || w > (1 << 24))
        throw LimitError("Idefics3: " + std::to_string(height) + "x" + std::to_string(width) + " gives " +
                         std::to_string(h) + "x" + std::to_string(w) + ", outside pixelprep's size limits");
    return {int(h), int(w)};
}

// split_images' grid: (rows, cols) of M x M tiles, or (0, 0) when the image fits one tile
// (then it is the only frame, with no extra global image).
inline HeightWidth split_grid(int height, int width, int tile) {
    if (height > tile || width > tile) return {(height - tile) / tile + 1, (width - tile) / tile + 1};
    return {0, 0};
}

// get_number_of_image_patches as the processor's _get_num_multimodal_tokens sees it:
// (num_patches, rows, cols). Unlike resize_for_vision_encoder it rounds the *first-resize*
// short side up to M (not the one re-derived from the aspect ratio), so it can differ
// from the split actually done; it is kept as transformers has it.
struct SplitCount {
    long long num_patches, rows, cols;
    friend bool operator==(const SplitCount&, const SplitCount&) = default;
};
inline SplitCount idefics3_number_of_image_patches(int height, int width, int longest_edge, int tile, bool split) {
    if (!split) return {0, 0, 0};
    const HeightWidth s = idefics3_resize_output_size(height, width, longest_edge);
    if (tile <= 0) throw InvalidArgument("max_image_size['longest_edge'] must be positive, got " + std::to_string(tile));
    const long long rh = ceil_to_multiple(s.height, tile), rw = ceil_to_multiple(s.width, tile);
    if (rh > tile || rw > tile) {
        const long long rows = (rh + tile - 1) / tile, cols = (rw + tile - 1) / tile;
        return {rows * cols + 1, rows, cols};
    }
    return {0, 0, 0};
}

}  // namespace pixelprep::geometry
