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
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/cpu/fused_preprocess.hpp"
#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/geometry/resize_request.hpp"
#include "pixelprep/plan/image_plan.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep::cpu {

inline bool can_fuse_plan(const ImageU8& input, const plan::ImagePlan& p) {
    if (input.layout() != Layout::hwc || (input.channels() != 1 && input.channels() != 3) || input.empty()) return false;
    std::vector<geometry::HeightWidth> sizes;
    for (const plan::Derive& d : p.derived) {
        if (d.from < -1 || d.from >= int(sizes.size())) return false;  // only earlier images
        const geometry::HeightWidth src = d.from < 0 ? geometry::HeightWidth{input.height(), input.width()}
                                                     : sizes[std::size_t(d.from)];
        if (!d.resample && (d.size.height != src.height || d.size.width != src.width)) return false;
        const bool changes = d.size.height != src.height || d.size.width != src.width;
        if (d.resample && changes && *d.resample == Resample::nearest) return false;
        if (d.window.height <= 0 || d.window.width <= 0) return false;
        sizes.push_back({d.window.height, d.window.width});
    }
    for (const plan::View& v : p.views)
        if (v.image < 0 || v.image >= int(sizes.size())) return false;
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

// The window of the resize of `src` to d.size into dst (window rows of window.width pixels).
template <int C> void derive_window(const U8Plane& src, const plan::Derive& d, std::uint8_t* dst) {
    const geometry::CropWindow& w = d.window;
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
                       U8Out{inner, stride}, simd_level());
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

template <int C> void execute_plan(const ImageU8& input, const plan::ImagePlan& p, const ValueMap& map, float* out) {
    // One scratch buffer per derived image, kept by the thread between calls (no page faults
    // in steady state); released above 64 MiB so one huge image does not pin its memory.
    thread_local std::vector<std::vector<std::uint8_t>> scratch;
    if (scratch.size() < p.derived.size()) scratch.resize(p.derived.size());
    std::vector<U8Plane> planes;
    planes.reserve(p.derived.size());
    for (std::size_t i = 0; i < p.derived.size(); ++i) {
        const plan::Derive& d = p.derived[i];
        const U8Plane src = d.from < 0 ? U8Plane{input.data(), input.width(), input.height(),
                                                 std::ptrdiff_t(input.width()) * C}
                                       : planes[std::size_t(d.from)];
        pixelprep::detail::check_pixel_limit(d.window.height, d.window.width, "Image");
        std::vector<std::uint8_t>& buf = scratch[i];
        buf.resize(std::size_t(d.window.height) * std::size_t(d.window.width) * C);
        derive_window<C>(src, d, buf.data());
        planes.push_back(U8Plane{buf.data(), d.window.width, d.window.height, std::ptrdiff_t(d.window.width) * C});
    }
    for (const plan::View& v : p.views) {
        const U8Plane& img = planes[std::size_t(v.image)];
        const auto rows = [&](int y, float* dst, std::size_t plane) {
            map_to_planes(img.data + std::ptrdiff_t(y) * img.row_stride, std::size_t(img.width), C, map, 0, dst, plane);
        };
        const auto runs = [&](int c, int y, int x, int n, float* dst) {
            const std::uint8_t* s = img.data + std::ptrdiff_t(y) * img.row_stride + std::ptrdiff_t(x) * C + c;
            const float* lut = map.table.data() + std::size_t(c) * 256;
            for (int i = 0; i < n; ++i) dst[i] = lut[s[std::ptrdiff_t(i) * C]];
        };
        if (const auto* cf = std::get_if<plan::ChannelsFirst>(&v.placement))
            plan::write_channels_first(*cf, img.rows, img.width, C, out, rows);
        else
            plan::write_patches(std::get<plan::Patches>(v.placement), img.rows, img.width, C, out, runs);
    }
    for (auto& buf : scratch)
        if (buf.capacity() > (std::size_t(64) << 20)) std::vector<std::uint8_t>().swap(buf);
}

}  // namespace detail

// Runs a plan that can_fuse_plan accepted.
inline void execute_plan(const ImageU8& input, const plan::ImagePlan& p, const ValueMap& map, float* out) {
    if (input.channels() == 1) detail::execute_plan<1>(input, p, map, out);
    else detail::execute_plan<3>(input, p, map, out);
}

}  // namespace pixelprep::cpu
