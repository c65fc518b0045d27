// How a finished view is laid into its float32 output array (plan::Placement), written once
// for every executor. The executor supplies the values: `row(y, dst, plane)` writes row y of
// the view, channel c at dst + c * plane; `run(c, y, x, n, dst)` writes the n values of
// channel c from pixel (y, x) to the right. The CPU executor maps uint8 values through its
// table on the way; the step-by-step executor converts a finished image (image_rows /
// image_runs below).
#pragma once

#include <algorithm>
#include <cstddef>

#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/patch_index.hpp"
#include "pixelprep/plan/image_plan.hpp"

namespace pixelprep::plan {

// With reverse_channels, output channel c holds source channel C - 1 - c, and source channel
// c goes to output channel C - 1 - c (the pairing is its own inverse); without, c itself.
PIXELPREP_HD constexpr int paired_channel(bool reverse_channels, int c, int channels) noexcept {
    return reverse_channels ? channels - 1 - c : c;
}

// The placements read backwards, for executors that compute each output element on its own
// (CUDA's placement kernel, src/cuda/plan_ops.hpp): element j of a view's extent (from the
// placement's offset on) holds source pixel (y, x) channel c of the view, or 0.0f where
// y < 0 (the canvas around a channels-first view, the zero rows after channels-last
// patches). The writers below are the same maps run forwards; a placement field (such as
// reverse_channels) is honoured here and there, and nowhere else.
struct SourcePixel {
    int y;
    int x;
    int c;
};

PIXELPREP_HD SourcePixel source_of(const ChannelsFirst& cf, int height, int width, int channels,
                                          std::size_t j) {
    const std::size_t plane = std::size_t(cf.canvas_height) * std::size_t(cf.canvas_width);
    const int oc = int(j / plane);
    const int y = int(j % plane / std::size_t(cf.canvas_width)) - cf.top;
    const int x = int(j % std::size_t(cf.canvas_width)) - cf.left;
    if (y < 0 || x < 0 || y >= height || x >= width) return {-1, 0, 0};
    return {y, x, paired_channel(cf.reverse_channels, oc, channels)};
}

// Qwen2-VL's patch rows over a channels-first view (numerics/patch_index.hpp's index map).
PIXELPREP_HD SourcePixel source_of(const Patches& pt, int height, int width, int channels, std::size_t j) {
    const numerics::PatchGrid g{height, width, channels, true, pt.patch, pt.merge, pt.temporal};
    const std::size_t index = numerics::patch_source_index(g, j);
    const std::size_t plane = std::size_t(height) * std::size_t(width);
    const int oc = int(index / plane);
    return {int(index % plane / std::size_t(width)), int(index % std::size_t(width)),
            paired_channel(pt.reverse_channels, oc, channels)};
}

// SigLIP2's and Cosmos3-Edge's channels-last patch rows, merge blocks in raster order
// (SigLIP2: merge 1, plain raster order); columns (py, px, c, t).
PIXELPREP_HD SourcePixel source_of(const PatchesChannelsLast& pl, int height, int width, int channels,
                                          std::size_t j) {
    const std::size_t p = std::size_t(pl.patch), t = std::size_t(pl.temporal);
    const std::size_t row_len = p * p * std::size_t(channels) * t;
    const std::size_t row = j / row_len, col = j % row_len;
    const std::size_t gw = std::size_t(width) / p, gh = std::size_t(height) / p;
    if (row >= gh * gw) return {-1, 0, 0};
    const numerics::PatchCell cell = numerics::merged_patch_cell(row, gw, std::size_t(pl.merge));
    const std::size_t pixel = col / (std::size_t(channels) * t);
    return {int(cell.row * p + pixel / p), int(cell.column * p + pixel % p), int(col / t % std::size_t(channels))};
}

// The mask of a view placed top-left on a canvas_height x canvas_width canvas (the batch
// padding's pixel_attention_mask): 1 over the view's height x width, 0 over the rest.
template <class T> void write_valid_mask(T* mask, int canvas_height, int canvas_width, int height, int width) {
    const std::size_t W = std::size_t(canvas_width);
    for (int y = 0; y < canvas_height; ++y) {
        const std::size_t valid = y < height ? std::size_t(std::min(width, canvas_width)) : 0;
        std::fill(mask + std::size_t(y) * W, mask + std::size_t(y) * W + valid, T(1));
        std::fill(mask + std::size_t(y) * W + valid, mask + std::size_t(y + 1) * W, T(0));
    }
}

// The rows a placement can write as one band: bands of a view start at multiples of this
// (Qwen2-VL's patch rows come a merge block of patch * merge rows at a time).
inline int band_alignment(const Placement& placement) {
    if (const auto* pt = std::get_if<Patches>(&placement)) return pt->patch * pt->merge;
    if (const auto* pl = std::get_if<PatchesChannelsLast>(&placement)) return pl->patch * pl->merge;
    return 1;
}

// How many float32 elements a placement writes from its offset on, for a view of
// height x width x channels: every one of them, zeros included (the canvas around a
// channels-first view, the zero rows after SigLIP2's patches).
inline std::size_t extent(const Placement& placement, int height, int width, int channels) {
    if (const auto* cf = std::get_if<ChannelsFirst>(&placement))
        return std::size_t(channels) * std::size_t(cf->canvas_height) * std::size_t(cf->canvas_width);
    if (const auto* pt = std::get_if<Patches>(&placement)) {
        const numerics::PatchGrid g{height, width, channels, true, pt->patch, pt->merge, pt->temporal};
        return numerics::patch_rows(g) * numerics::patch_row_length(g);
    }
    const auto& pl = std::get<PatchesChannelsLast>(placement);
    const std::size_t p = std::size_t(pl.patch);
    const std::size_t patches = std::size_t(height) / p * (std::size_t(width) / p);
    return std::max(patches, pl.rows) * p * p * std::size_t(channels) * std::size_t(pl.temporal);
}

// The view at (top, left) of the canvas, each channel a plane; the rest of the canvas 0.0f.
// Rows [y_begin, y_end) of the view only (a band; the whole view by default): their canvas
// rows, the canvas above the view with the first band and below it with the last.
template <class Rows>
void write_channels_first(const ChannelsFirst& cf, int height, int width, int channels, float* out, Rows&& row,
                          int y_begin = 0, int y_end = -1) {
    if (y_end < 0) y_end = height;
    const std::size_t H = std::size_t(cf.canvas_height), W = std::size_t(cf.canvas_width), plane = H * W;
    const std::size_t h = std::size_t(height), w = std::size_t(width);
    const std::size_t top = std::size_t(cf.top), left = std::size_t(cf.left), right = W - left - w;
    float* base = out + cf.offset;
    const auto zero_rows = [&](std::size_t first, std::size_t count) {
        for (std::size_t c = 0; c < std::size_t(channels); ++c) std::fill_n(base + c * plane + first * W, count * W, 0.0f);
    };
    if (top > 0 && y_begin == 0) zero_rows(0, top);
    // Source channel c goes to output channel paired_channel(.., c, ..): reversed, the planes
    // are walked from the last one back.
    float* const first_plane = base + std::size_t(paired_channel(cf.reverse_channels, 0, channels)) * plane;
    const std::ptrdiff_t plane_step = cf.reverse_channels ? -std::ptrdiff_t(plane) : std::ptrdiff_t(plane);
    for (std::size_t y = std::size_t(y_begin); y < std::size_t(y_end); ++y) {
        const std::size_t canvas_row = (top + y) * W;
        row(int(y), first_plane + canvas_row + left, plane_step);
        for (std::size_t c = 0; c < std::size_t(channels); ++c) {
            if (left > 0) std::fill_n(base + c * plane + canvas_row, left, 0.0f);
            if (right > 0) std::fill_n(base + c * plane + canvas_row + left + w, right, 0.0f);
        }
    }
    if (top + h < H && y_end == height) zero_rows(top + h, H - top - h);
}

// Qwen2-VL's rows: one per patch (merge blocks in raster order, patches in raster order inside
// a block), columns (channel, t, py, px); every t a copy of the first frame. Only the patches
// of image rows [y_begin, y_end) (a band: y_begin a multiple of band_alignment; the whole
// view by default); a row of merge blocks is a contiguous range of output rows.
template <class Run>
void write_patches(const Patches& pt, int height, int width, int channels, float* out, Run&& run, int y_begin = 0,
                   int y_end = -1) {
    if (y_end < 0) y_end = height;
    const numerics::PatchGrid g{height, width, channels, true, pt.patch, pt.merge, pt.temporal};
    const std::size_t p = std::size_t(pt.patch), frame = p * p, rows = numerics::patch_rows(g);
    const std::size_t row_len = numerics::patch_row_length(g);
    const std::size_t block_rows = std::size_t(pt.patch) * std::size_t(pt.merge);
    const std::size_t rows_per_block_row = std::size_t(width / pt.patch) * std::size_t(pt.merge);
    const std::size_t first = std::size_t(y_begin) / block_rows * rows_per_block_row;
    const std::size_t last = std::min(rows, (std::size_t(y_end) + block_rows - 1) / block_rows * rows_per_block_row);
    for (std::size_t r = first; r < last; ++r) {
        // The patch's top-left pixel: numerics::patch_source_index of its first element, in
        // a channels-first view (index = y * width + x).
        const std::size_t origin = numerics::patch_source_index(g, r * row_len);
        const int y0 = int(origin / std::size_t(width)), x0 = int(origin % std::size_t(width));
        float* dst = out + pt.offset + r * row_len;
        for (std::size_t c = 0; c < std::size_t(channels); ++c) {
            float* first_frame = dst;
            const int source = paired_channel(pt.reverse_channels, int(c), channels);
            for (std::size_t py = 0; py < p; ++py, dst += p) run(source, y0 + int(py), x0, int(p), dst);
            for (int t = 1; t < pt.temporal; ++t, dst += frame) std::copy_n(first_frame, frame, dst);
        }
    }
}

// SigLIP2's and Cosmos3-Edge's rows (PatchesChannelsLast): `pixels(y, x, n, dst)` writes
// the n pixels of row y from x, channels interleaved; with temporal > 1 each value is then
// spread to its t copies in place (from the end, so no value is overwritten before it is
// read). Only the patches of image rows [y_begin, y_end) (a band: y_begin a multiple of
// band_alignment; the whole view by default); the zero rows after the image's patches with
// the last band. T: float32, or uint8 when nothing maps the values.
template <class T, class Pixels>
void write_patches_channels_last(const PatchesChannelsLast& pl, int height, int width, int channels, T* out,
                                 Pixels&& pixels, int y_begin = 0, int y_end = -1) {
    if (y_end < 0) y_end = height;
    const std::size_t p = std::size_t(pl.patch), m = std::size_t(pl.merge), t = std::size_t(pl.temporal);
    const std::size_t gw = std::size_t(width) / p, gh = std::size_t(height) / p;
    const std::size_t run = p * std::size_t(channels), row_len = p * run * t, block = p * m;
    const std::size_t rows_per_block_row = gw / m * m * m;
    T* base = out + pl.offset;
    const std::size_t first = std::size_t(y_begin) / block * rows_per_block_row;
    const std::size_t last = std::min(gh / m * rows_per_block_row, (std::size_t(y_end) + block - 1) / block * rows_per_block_row);
    for (std::size_t r = first; r < last; ++r) {
        const numerics::PatchCell cell = numerics::merged_patch_cell(r, gw, m);
        T* dst = base + r * row_len;
        for (std::size_t py = 0; py < p; ++py, dst += run * t) {
            pixels(int(cell.row * p + py), int(cell.column * p), int(p), dst);
            if (t > 1)
                for (std::size_t i = run; i-- > 0;) {
                    const T value = dst[i];
                    std::fill_n(dst + i * t, t, value);
                }
        }
    }
    if (y_end == height && pl.rows > gh * gw) std::fill_n(base + gh * gw * row_len, (pl.rows - gh * gw) * row_len, T{});
}

// The value-supplying functors for a finished image of either layout and dtype (uint8
// becomes float32 exactly).
template <class T> auto image_rows(const Image<T>& img) {
    return [&img](int y, float* dst, std::ptrdiff_t plane) {
        const int w = img.width();
        for (int c = 0; c < img.channels(); ++c) {
            float* d = dst + std::ptrdiff_t(c) * plane;
            if (img.layout() == Layout::chw) std::copy_n(img.data() + img.index(y, 0, c), w, d);
            else
                for (int x = 0; x < w; ++x) d[x] = float(img.data()[img.index(y, x, c)]);
        }
    };
}
template <class T> auto image_runs(const Image<T>& img) {
    return [&img](int c, int y, int x, int n, float* dst) {
        const T* src = img.data() + img.index(y, x, c);
        if (img.layout() == Layout::chw) std::copy_n(src, n, dst);
        else
            for (int i = 0; i < n; ++i) dst[i] = float(src[std::size_t(i) * std::size_t(img.channels())]);
    };
}

template <class T, class Out> auto image_pixels(const Image<T>& img) {
    return [&img](int y, int x, int n, Out* dst) {
        for (int i = 0; i < n; ++i)
            for (int c = 0; c < img.channels(); ++c) *dst++ = static_cast<Out>(img.at(y, x + i, c));
    };
}

// A finished image into its place.
template <class T> void place_image(const Image<T>& img, const Placement& placement, float* out) {
    if (const auto* pl = std::get_if<PatchesChannelsLast>(&placement))
        write_patches_channels_last(*pl, img.height(), img.width(), img.channels(), out, image_pixels<T, float>(img));
    else if (const auto* cf = std::get_if<ChannelsFirst>(&placement))
        write_channels_first(*cf, img.height(), img.width(), img.channels(), out, image_rows(img));
    else
        write_patches(std::get<Patches>(placement), img.height(), img.width(), img.channels(), out, image_runs(img));
}

}  // namespace pixelprep::plan
