// Qwen2-VL's patch flattening as an index map: which source element lands at each element
// of the (gh * gw, C * T * p * p) output. One definition for both backends: CpuPolicy calls
// it once per patch and channel (cpu/patchify.hpp), the CUDA kernel once per element (src/cuda/element_ops.hpp's Patchify), so the two cannot disagree on the order.
// Plain arithmetic, no containers, no exceptions; the caller checks that the grid fits.
#pragma once

#include <cstddef>

#include "pixelprep/config.hpp"

namespace pixelprep::numerics {

// A contiguous height x width x channels image (HWC or CHW) cut into patch x patch
// patches, merged merge x merge, each patch repeated temporal times.
struct PatchGrid {
    int height;
    int width;
    int channels;
    bool chw;
    int patch;
    int merge;
    int temporal;
};

// Output columns: (channel, t, py, px).
PIXELPREP_HD std::size_t patch_row_length(const PatchGrid& g) {
    return std::size_t(g.channels) * std::size_t(g.temporal) * std::size_t(g.patch) * std::size_t(g.patch);
}

// Output rows: one per patch, gh * gw.
PIXELPREP_HD std::size_t patch_rows(const PatchGrid& g) {
    return std::size_t(g.height / g.patch) * std::size_t(g.width / g.patch);
}

// How far apart in the source two horizontally adjacent pixels of one channel are: a run of
// p output elements (one patch row, px = 0..p-1) reads the source with this stride.
PIXELPREP_HD std::size_t patch_source_stride(const PatchGrid& g) { return g.chw ? 1 : std::size_t(g.channels); }

// How far apart in the source two vertically adjacent pixels of one channel are: the p
// rows of one patch and channel (py = 0..p-1) start this far from each other.
PIXELPREP_HD std::size_t patch_source_row_stride(const PatchGrid& g) {
    return g.chw ? std::size_t(g.width) : std::size_t(g.width) * std::size_t(g.channels);
}

// The patch at output row `row` (its row and column in the grid of patches, grid_width
// patches wide) when the rows are merge x merge blocks in raster order and the patches in
// raster order inside a block. One merge is plain raster order.
struct PatchCell {
    std::size_t row;
    std::size_t column;
};
PIXELPREP_HD PatchCell merged_patch_cell(std::size_t row, std::size_t grid_width, std::size_t merge) {
    const std::size_t ix = row % merge;
    row /= merge;
    const std::size_t iy = row % merge;
    row /= merge;
    const std::size_t blocks_w = grid_width / merge;
    return {(row / blocks_w) * merge + iy, (row % blocks_w) * merge + ix};
}

// The source element of output element i. Rows are ordered (block row, block column, row in
// block, column in block), i.e. merge blocks in raster order and patches raster order inside
// a block, which is what the model's patch merger expects next to each other; columns are
// (channel, t, py, px), every t a copy of the one frame an image has.
PIXELPREP_HD std::size_t patch_source_index(const PatchGrid& g, std::size_t i) {
    const std::size_t p = std::size_t(g.patch), m = std::size_t(g.merge);
    const std::size_t row_len = patch_row_length(g);
    std::size_t col = i % row_len;
    const std::size_t px = col % p;
    col /= p;
    const std::size_t py = col % p;
    const std::size_t ch = col / p / std::size_t(g.temporal);  // t itself does not move the source
    const PatchCell cell = merged_patch_cell(i / row_len, std::size_t(g.width / g.patch), m);
    const std::size_t y = cell.row * p + py, x = cell.column * p + px;
    const std::size_t h = std::size_t(g.height), w = std::size_t(g.width), c = std::size_t(g.channels);
    return g.chw ? (ch * h + y) * w + x : (y * w + x) * c + ch;
}

}  // namespace pixelprep::numerics
