// CpuPolicy's plan executor (pipeline/plan_executor.hpp): a whole plan in fused passes.
//  * Each derived image is computed only over its window (each output pixel of Pillow's
//    resize depends only on its own taps, so a window of the resize equals the resize cut),
//    into a uint8 scratch buffer reused by the thread; rows and columns outside the image are
//    zero, as transformers' padding before rescale makes them.
//  * Each view goes from its uint8 pixels through the value table (rescale and normalize of
//    a uint8 value, one lookup: fused_preprocess.hpp's ValueMap) straight into its place in
//    the final float32 array (plan/placement.hpp), with no float intermediate.
// The preflight can_fuse_plan says which inputs this takes: uint8 channels-last with 1 or 3
// channels (L, RGB: Pillow resizes them without premultiplying), and Pillow's convolution
// filters wherever a resize changes the size.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/cpu/fused_preprocess.hpp"
#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/cpu/simd/copy_runs_avx512.hpp"
#include "pixelprep/geometry/resize_request.hpp"
#include "pixelprep/plan/image_plan.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep::cpu {

inline bool can_fuse_plan(const ImageU8& input, const plan::ImagePlan& p) {
    if (input.layout() != Layout::hwc || (input.channels() != 1 && input.channels() != 3) || input.empty()) return false;
    const geometry::HeightWidth in{input.height(), input.width()};
    if (!p.well_formed(in)) return false;
    for (const plan::Derive& d : p.derived)  // NEAREST resizes run step by step
        if (d.resample == Resample::nearest && d.size != p.source_size(d, in)) return false;
    return true;
}

namespace detail {

// n pixels of the window's outside: zero, or the plan's fill colour (cast to uint8 as
// numpy casts it).
template <int C> void fill_outside(std::uint8_t* dst, std::size_t n, const std::vector<long long>& fill) {
    if (fill.empty()) {
        std::memset(dst, 0, n * C);
        return;
    }
    std::uint8_t pixel[C] = {};
    for (std::size_t c = 0; c < fill.size() && c < std::size_t(C); ++c) pixel[c] = static_cast<std::uint8_t>(fill[c]);
    for (std::size_t i = 0; i < n; ++i) std::memcpy(dst + i * C, pixel, C);
}

// Window `w` (d.window or a band of its rows) of the resize of `src` to d.size into dst
// (w.height rows of w.width pixels); `call` keeps the plan's large tables (convolve_window).
template <int C>
void derive_window(const U8Plane& src, const plan::Derive& d, const geometry::CropWindow& w, std::uint8_t* dst,
                   CallTables& call) {
    if (d.resample) {  // as the unfused resize checks it and would allocate it
        geometry::check_resize_request(false, C, d.size.height, d.size.width);
        pixelprep::detail::check_pixel_limit(d.size.height, d.size.width, "Image");
    }
    const std::ptrdiff_t stride = std::ptrdiff_t(w.width) * C;
    // The part of the window inside the resized image; the rest is zero (or the fill).
    const int y0 = std::max(w.top, 0), y1 = std::min(w.top + w.height, d.size.height);
    const int x0 = std::max(w.left, 0), x1 = std::min(w.left + w.width, d.size.width);
    if (y1 <= y0 || x1 <= x0) {
        fill_outside<C>(dst, std::size_t(w.height) * std::size_t(w.width), d.fill);
        return;
    }
    std::uint8_t* inner = dst + std::ptrdiff_t(y0 - w.top) * stride + std::ptrdiff_t(x0 - w.left) * C;
    const Resample filter = d.resample.value_or(Resample::bicubic);  // unused when the size stays
    convolve_window<C>(src, d.size.height, d.size.width, filter, OutputWindow{y0, x0, y1 - y0, x1 - x0},
                       U8Out{inner, stride}, simd_level(), &call);
    if (x0 - w.left > 0 || w.left + w.width - x1 > 0)
        for (int y = y0; y < y1; ++y) {
            std::uint8_t* row = dst + std::ptrdiff_t(y - w.top) * stride;
            fill_outside<C>(row, std::size_t(x0 - w.left), d.fill);
            fill_outside<C>(row + std::ptrdiff_t(x1 - w.left) * C, std::size_t(w.left + w.width - x1), d.fill);
        }
    fill_outside<C>(dst, std::size_t(y0 - w.top) * std::size_t(w.width), d.fill);
    fill_outside<C>(dst + std::ptrdiff_t(y1 - w.top) * stride, std::size_t(w.top + w.height - y1) * std::size_t(w.width),
                    d.fill);
}

// A derived image that is a window inside its source, unresized (or resized to its own size,
// Pillow's copy): the source's own pixels, no copy.
template <int C> std::optional<U8Plane> window_of_source(const U8Plane& src, const plan::Derive& d) {
    const geometry::CropWindow& w = d.window;
    if (d.size.height != src.rows || d.size.width != src.width) return std::nullopt;
    if (w.top < 0 || w.left < 0 || w.top + w.height > src.rows || w.left + w.width > src.width) return std::nullopt;
    return U8Plane{src.data + std::ptrdiff_t(w.top) * src.row_stride + std::ptrdiff_t(w.left) * C, w.width, w.height,
                   src.row_stride};
}

// Qwen2-VL's patches (plan::write_patches) of rows [y_begin, y_end): every row is read as
// short runs (a patch wide) and each run twice or more (the temporal copies). Mapping those
// runs one by one costs a call and a partial vector per 14 values; instead each row of a
// block row is mapped whole by the vector map into a per-thread scratch (C planes of floats,
// L1/L2-resident), and the runs are copies out of it. The values are the map's either way.
template <int C>
void place_patch_rows(const U8Plane& img, int y_offset, int height, const plan::Patches& pt, const ValueMap& map, float* out,
                      int y_begin, int y_end, SimdLevel level) {
    const std::size_t w = std::size_t(img.width), row_floats = w * C;
    const int block = plan::band_alignment(pt);
    thread_local std::vector<float> mapped;
    mapped.resize(std::size_t(block) * row_floats);
    for (int y0 = y_begin; y0 < y_end; y0 += block) {
        const int y1 = std::min(y0 + block, y_end);
        for (int y = y0; y < y1; ++y)
            map_to_planes(img.data + std::ptrdiff_t(y - y_offset) * img.row_stride, w, C, map, 0,
                          mapped.data() + std::size_t(y - y0) * row_floats, std::ptrdiff_t(w), level);
        const auto runs = [&](int c, int y, int x, int n, float* dst) {
            const float* src = mapped.data() + std::size_t(y - y0) * row_floats + std::size_t(c) * w + std::size_t(x);
#if PIXELPREP_X86_SIMD
            if (n <= 16 && level == SimdLevel::avx512) {
                simd::copy_short_run_avx512(src, n, dst);
                return;
            }
#endif
            std::memcpy(dst, src, std::size_t(n) * sizeof(float));
        };
        plan::write_patches(pt, height, img.width, C, out, runs, y0, y1);
    }
    if (mapped.capacity() > (std::size_t(16) << 20)) std::vector<float>().swap(mapped);
}

// Rows [y_begin, y_end) of a view whose pixels are `img` from row y_offset on, through the
// map into its place.
template <int C>
void place_rows(const U8Plane& img, int y_offset, int height, const plan::View& v, const ValueMap& map, float* out,
                int y_begin, int y_end, SimdLevel level) {
    const auto pixels = [&](int y) { return img.data + std::ptrdiff_t(y - y_offset) * img.row_stride; };
    const auto rows = [&](int y, float* dst, std::ptrdiff_t plane) {
        map_to_planes(pixels(y), std::size_t(img.width), C, map, 0, dst, plane, level);
    };
    const auto pixels_interleaved = [&](int y, int x, int n, float* dst) {
        const std::uint8_t* s = pixels(y) + std::ptrdiff_t(x) * C;
        for (int i = 0; i < n; ++i)
            for (int c = 0; c < C; ++c) *dst++ = map.table[std::size_t(c) * 256 + s[i * C + c]];
    };
    if (const auto* cf = std::get_if<plan::ChannelsFirst>(&v.placement))
        plan::write_channels_first(*cf, height, img.width, C, out, rows, y_begin, y_end);
    else if (const auto* pl = std::get_if<plan::PatchesChannelsLast>(&v.placement))
        plan::write_patches_channels_last(*pl, height, img.width, C, out, pixels_interleaved, y_begin, y_end);
    else
        place_patch_rows<C>(img, y_offset, height, std::get<plan::Patches>(v.placement), map, out, y_begin, y_end, level);
}

// Rows a band holds: about 128 KiB of uint8 pixels, so that the band (and the horizontal
// pass rows under it) stay in L2 between being resized and being placed.
inline int band_rows(int width, int channels, int alignment) {
    const int target = std::max(1, int((std::size_t(128) << 10) / (std::size_t(width) * std::size_t(channels))));
    return alignment * std::max(1, (target + alignment - 1) / alignment);
}

template <int C> void execute_plan(const ImageU8& input, const plan::ImagePlan& p, const ValueMap& map, float* out) {
    const std::size_t n = p.derived.size();
    // A derived image that only one view shows is computed band by band right before the
    // band is placed (cache-resident: the resize output is read back from L2, not from
    // memory after the output stream has evicted it). One that later derived images read is
    // computed whole; a window inside its source is the source's pixels.
    std::vector<int> read_by(n, 0), shown_by(n, 0);
    for (const plan::Derive& d : p.derived)
        if (d.from >= 0) ++read_by[std::size_t(d.from)];
    for (const plan::View& v : p.views) ++shown_by[std::size_t(v.image)];
    // Scratch buffers kept by the thread between calls (no page faults in steady state),
    // released above 64 MiB so one huge image does not pin its memory.
    thread_local std::vector<std::vector<std::uint8_t>> scratch;
    thread_local std::vector<std::uint8_t> band;
    if (scratch.size() < n) scratch.resize(n);
    const U8Plane whole_input{input.data(), input.width(), input.height(), std::ptrdiff_t(input.width()) * C};
    std::vector<U8Plane> planes(n);
    const auto source_of = [&](const plan::Derive& d) -> const U8Plane& {
        return d.from < 0 ? whole_input : planes[std::size_t(d.from)];
    };
    CallTables call_tables;  // the large tables, built once for all of the plan's bands
    std::vector<char> banded(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const plan::Derive& d = p.derived[i];
        const U8Plane& src = source_of(d);
        if (const auto inside = window_of_source<C>(src, d)) {
            planes[i] = *inside;
            continue;
        }
        if (read_by[i] == 0 && shown_by[i] == 1) {
            banded[i] = 1;
            continue;
        }
        pixelprep::detail::check_pixel_limit(d.window.height, d.window.width, "Image");
        std::vector<std::uint8_t>& buf = scratch[i];
        buf.resize(std::size_t(d.window.height) * std::size_t(d.window.width) * C);
        derive_window<C>(src, d, d.window, buf.data(), call_tables);
        planes[i] = U8Plane{buf.data(), d.window.width, d.window.height, std::ptrdiff_t(d.window.width) * C};
    }
    const SimdLevel level = simd_level();
    for (const plan::View& v : p.views) {
        const std::size_t i = std::size_t(v.image);
        const geometry::CropWindow& w = p.derived[i].window;
        if (!banded[i]) {
            place_rows<C>(planes[i], 0, w.height, v, map, out, 0, w.height, level);
            continue;
        }
        const plan::Derive& d = p.derived[i];
        const U8Plane& src = source_of(d);
        const int step = band_rows(w.width, C, plan::band_alignment(v.placement));
        band.resize(std::size_t(std::min(step, w.height)) * std::size_t(w.width) * C);
        for (int y0 = 0; y0 < w.height; y0 += step) {
            const int y1 = std::min(y0 + step, w.height);
            derive_window<C>(src, d, geometry::CropWindow{w.top + y0, w.left, y1 - y0, w.width}, band.data(), call_tables);
            place_rows<C>(U8Plane{band.data(), w.width, y1 - y0, std::ptrdiff_t(w.width) * C}, y0, w.height, v, map,
                          out, y0, y1, level);
        }
    }
    for (auto& buf : scratch)
        if (buf.capacity() > (std::size_t(64) << 20)) std::vector<std::uint8_t>().swap(buf);
    if (band.capacity() > (std::size_t(64) << 20)) std::vector<std::uint8_t>().swap(band);
}

}  // namespace detail

// Runs a plan that can_fuse_plan accepted.
inline void execute_plan(const ImageU8& input, const plan::ImagePlan& p, const ValueMap& map, float* out) {
    if (input.channels() == 1) detail::execute_plan<1>(input, p, map, out);
    else detail::execute_plan<3>(input, p, map, out);
}

}  // namespace pixelprep::cpu
