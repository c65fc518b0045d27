// The windows a tiling cuts, in transformers' order (row by row):
//  - canvas_tile_windows: a columns x rows grid of equal tiles over the canvas an image is
//    resized to (GOT-OCR2's crop_image_to_patches, and Ovis2's, DeepSeek-OCR-2's and
//    Granite-Docling's copies of it);
//  - divide_to_patches_windows: image_transforms.divide_to_patches, steps of (step_h,
//    step_w) over the image, the last row or column shorter where the sides do not divide
//    (LLaVA-NeXT's and Aria's anyres tiles, MiniCPM-V's slices).
#pragma once

#include <algorithm>
#include <vector>

#include "pixelprep/geometry/closest_aspect_grid.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/geometry/windows.hpp"

namespace pixelprep::geometry {

struct CanvasTiles {
    HeightWidth canvas;
    std::vector<CropWindow> windows;
};

inline CanvasTiles canvas_tile_windows(TileGrid grid, HeightWidth tile) {
    CanvasTiles t{{tile.height * grid.rows, tile.width * grid.columns}, {}};
    for (int row = 0; row < grid.rows; ++row)
        for (int column = 0; column < grid.columns; ++column)
            t.windows.push_back({row * tile.height, column * tile.width, tile.height, tile.width});
    return t;
}

// step_h and step_w must be positive (the callers check: Python's range() refuses a zero step).
inline std::vector<CropWindow> divide_to_patches_windows(HeightWidth size, int step_h, int step_w) {
    std::vector<CropWindow> windows;
    for (int y = 0; y < size.height; y += step_h)
        for (int x = 0; x < size.width; x += step_w)
            windows.push_back({y, x, std::min(step_h, size.height - y), std::min(step_w, size.width - x)});
    return windows;
}

}  // namespace pixelprep::geometry
