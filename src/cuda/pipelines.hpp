// What each launcher does, step by step: lay out its buffers, upload, run the element
// functors (element_ops.hpp) in CpuPolicy's order, download, wait. Written once over an
// executor X, so the GPU (GpuExecutor, executor.cuh) and the host emulation test run the
// same sequence. X provides:
//   reserve(bytes)              grow-only workspace of at least `bytes`
//   at(offset) -> uchar*        address of a workspace byte (device memory on the GPU)
//   upload(offset, host, bytes) / download(host, offset, bytes)
//   run(functor, count)         functor(i) for every i in [0, count), in stream order
//   finish()                    wait for everything; report failures
// No CUDA API here; nvcc and g++ both compile this file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "pixelprep/cuda/arena_layout.hpp"
#include "element_ops.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/cuda/launchers.hpp"

namespace pixelprep::cuda::pipelines {

inline std::size_t element_count(int h, int w, int c) { return std::size_t(h) * std::size_t(w) * std::size_t(c); }

template <class T, class X> T* device_ptr(X& x, std::size_t offset) { return reinterpret_cast<T*>(x.at(offset)); }

// The three arrays of one axis table.
struct AxisOffsets {
    std::size_t first = 0;
    std::size_t count = 0;
    std::size_t weights = 0;
};

inline AxisOffsets reserve_axis(ArenaLayout& a, const AxisTable& t) {
    const std::size_t n = std::size_t(t.out_size);
    return {a.add(n * sizeof(int)), a.add(n * sizeof(int)), a.add(n * std::size_t(t.ksize) * sizeof(std::int32_t))};
}

template <class X> ops::DeviceAxis upload_axis(X& x, const AxisOffsets& o, const AxisTable& t) {
    const std::size_t n = std::size_t(t.out_size);
    x.upload(o.first, t.first, n * sizeof(int));
    x.upload(o.count, t.count, n * sizeof(int));
    x.upload(o.weights, t.weights, n * std::size_t(t.ksize) * sizeof(std::int32_t));
    return {device_ptr<const int>(x, o.first), device_ptr<const int>(x, o.count),
            device_ptr<const std::int32_t>(x, o.weights), t.ksize};
}

inline void require_resizable_channels(int channels) {
    if (channels < 1 || channels > 4)
        throw ImageError("CUDA resize: " + std::to_string(channels) +
                         " channels; Pillow resizes 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA)");
}

// cpu::detail::convolve<C>'s four cases, over HWC buffers.
template <int C, class X>
void run_passes(X& x, const ConvolutionPlan& plan, const std::uint8_t* in, int in_w, std::uint8_t* tmp,
                std::uint8_t* out, int out_h, int out_w, const ops::DeviceAxis& hx, const ops::DeviceAxis& vy) {
    const std::ptrdiff_t in_stride = std::ptrdiff_t(in_w) * C;
    switch (plan.order) {
        case PassOrder::horizontal:  // out_h == in_h
            x.run(ops::HorizontalPass<C>{in, in_stride, 0, out_w, hx, out}, std::size_t(out_h) * std::size_t(out_w));
            return;
        case PassOrder::vertical:  // out_w == in_w
            x.run(ops::VerticalPass{in, in_stride, in_w * C, 0, vy, out}, element_count(out_h, in_w, C));
            return;
        case PassOrder::vertical_then_horizontal:  // tmp: out_h x in_w
            x.run(ops::VerticalPass{in, in_stride, in_w * C, 0, vy, tmp}, element_count(out_h, in_w, C));
            x.run(ops::HorizontalPass<C>{tmp, in_stride, 0, out_w, hx, out}, std::size_t(out_h) * std::size_t(out_w));
            return;
        case PassOrder::horizontal_then_vertical: {  // tmp: row_count x out_w
            const std::ptrdiff_t tmp_stride = std::ptrdiff_t(out_w) * C;
            x.run(ops::HorizontalPass<C>{in, in_stride, plan.first_row, out_w, hx, tmp},
                  std::size_t(plan.row_count) * std::size_t(out_w));
            x.run(ops::VerticalPass{tmp, tmp_stride, out_w * C, plan.first_row, vy, out},
                  element_count(out_h, out_w, C));
            return;
        }
    }
}

template <class X>
void resize_convolution_u8(X& x, const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                           const ConvolutionPlan& plan) {
    const int C = in.channels;
    require_resizable_channels(C);
    const bool chw = in.layout == Layout::chw;
    const bool uses_h = plan.order != PassOrder::vertical;
    const bool uses_v = plan.order != PassOrder::horizontal;
    const std::size_t in_bytes = element_count(in.height, in.width, C);
    const std::size_t out_bytes = element_count(out_h, out_w, C);
    std::size_t tmp_bytes = 0;
    if (plan.order == PassOrder::vertical_then_horizontal) tmp_bytes = element_count(out_h, in.width, C);
    if (plan.order == PassOrder::horizontal_then_vertical) tmp_bytes = element_count(plan.row_count, out_w, C);

    ArenaLayout a;
    const std::size_t o_src = a.add(in_bytes);               // as uploaded
    const std::size_t o_in = chw ? a.add(in_bytes) : o_src;  // HWC, premultiplied in place
    const std::size_t o_tmp = a.add(tmp_bytes);              // the uint8 intermediate
    const std::size_t o_out = a.add(out_bytes);              // HWC result
    const std::size_t o_dst = chw ? a.add(out_bytes) : o_out;
    const AxisOffsets oh = uses_h ? reserve_axis(a, plan.horizontal) : AxisOffsets{};
    const AxisOffsets ov = uses_v ? reserve_axis(a, plan.vertical) : AxisOffsets{};
    x.reserve(a.total());

    x.upload(o_src, src, in_bytes);
    const ops::DeviceAxis hx = uses_h ? upload_axis(x, oh, plan.horizontal) : ops::DeviceAxis{};
    const ops::DeviceAxis vy = uses_v ? upload_axis(x, ov, plan.vertical) : ops::DeviceAxis{};
    std::uint8_t* in_hwc = device_ptr<std::uint8_t>(x, o_in);
    std::uint8_t* tmp = device_ptr<std::uint8_t>(x, o_tmp);
    std::uint8_t* out_hwc = device_ptr<std::uint8_t>(x, o_out);

    if (chw)
        x.run(ops::ChangeLayout<std::uint8_t>{device_ptr<std::uint8_t>(x, o_src), in_hwc, in.height, in.width, C, true},
              in_bytes);
    if (plan.premultiplied) x.run(ops::PremultiplyAlpha{in_hwc, C}, element_count(in.height, in.width, 1));
    switch (C) {
        case 1: run_passes<1>(x, plan, in_hwc, in.width, tmp, out_hwc, out_h, out_w, hx, vy); break;
        case 2: run_passes<2>(x, plan, in_hwc, in.width, tmp, out_hwc, out_h, out_w, hx, vy); break;
        case 3: run_passes<3>(x, plan, in_hwc, in.width, tmp, out_hwc, out_h, out_w, hx, vy); break;
        default: run_passes<4>(x, plan, in_hwc, in.width, tmp, out_hwc, out_h, out_w, hx, vy); break;
    }
    if (plan.premultiplied) x.run(ops::UnpremultiplyAlpha{out_hwc, C}, element_count(out_h, out_w, 1));
    if (chw)
        x.run(ops::ChangeLayout<std::uint8_t>{out_hwc, device_ptr<std::uint8_t>(x, o_dst), out_h, out_w, C, false},
              out_bytes);
    x.download(dst, o_dst, out_bytes);
    x.finish();
}

template <class X>
void resize_nearest_u8(X& x, const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                       const int* source_x, const int* source_y) {
    const int C = in.channels;
    require_resizable_channels(C);
    const bool chw = in.layout == Layout::chw;
    const std::size_t in_bytes = element_count(in.height, in.width, C);
    const std::size_t out_bytes = element_count(out_h, out_w, C);

    ArenaLayout a;
    const std::size_t o_src = a.add(in_bytes);
    const std::size_t o_in = chw ? a.add(in_bytes) : o_src;
    const std::size_t o_out = a.add(out_bytes);
    const std::size_t o_dst = chw ? a.add(out_bytes) : o_out;
    const std::size_t o_x = a.add(std::size_t(out_w) * sizeof(int));
    const std::size_t o_y = a.add(std::size_t(out_h) * sizeof(int));
    x.reserve(a.total());

    x.upload(o_src, src, in_bytes);
    x.upload(o_x, source_x, std::size_t(out_w) * sizeof(int));
    x.upload(o_y, source_y, std::size_t(out_h) * sizeof(int));
    std::uint8_t* in_hwc = device_ptr<std::uint8_t>(x, o_in);
    std::uint8_t* out_hwc = device_ptr<std::uint8_t>(x, o_out);

    if (chw)
        x.run(ops::ChangeLayout<std::uint8_t>{device_ptr<std::uint8_t>(x, o_src), in_hwc, in.height, in.width, C, true},
              in_bytes);
    x.run(ops::NearestGather{in_hwc, in.width, C, out_w, device_ptr<const int>(x, o_x), device_ptr<const int>(x, o_y),
                             out_hwc},
          element_count(out_h, out_w, 1));
    if (chw)
        x.run(ops::ChangeLayout<std::uint8_t>{out_hwc, device_ptr<std::uint8_t>(x, o_dst), out_h, out_w, C, false},
              out_bytes);
    x.download(dst, o_dst, out_bytes);
    x.finish();
}

// E: std::uint8_t or std::uint32_t (float32 bits).
template <class E, class X>
void copy_window(X& x, const E* src, ImageShape in, E* dst, int out_h, int out_w, int top, int left) {
    const std::size_t in_count = element_count(in.height, in.width, in.channels);
    const std::size_t out_count = element_count(out_h, out_w, in.channels);
    ArenaLayout a;
    const std::size_t o_src = a.add(in_count * sizeof(E));
    const std::size_t o_dst = a.add(out_count * sizeof(E));
    x.reserve(a.total());
    x.upload(o_src, src, in_count * sizeof(E));
    x.run(ops::CopyWindow<E>{device_ptr<const E>(x, o_src), device_ptr<E>(x, o_dst), in.height, in.width, in.channels,
                             in.layout == Layout::chw, out_h, out_w, top, left},
          out_count);
    x.download(dst, o_dst, out_count * sizeof(E));
    x.finish();
}

template <class E, class X> void change_layout(X& x, const E* src, ImageShape in, E* dst, Layout out_layout) {
    if (out_layout == in.layout) throw InvalidArgument("CUDA change_layout: the image is already in that layout");
    const std::size_t count = element_count(in.height, in.width, in.channels);
    ArenaLayout a;
    const std::size_t o_src = a.add(count * sizeof(E));
    const std::size_t o_dst = a.add(count * sizeof(E));
    x.reserve(a.total());
    x.upload(o_src, src, count * sizeof(E));
    x.run(ops::ChangeLayout<E>{device_ptr<const E>(x, o_src), device_ptr<E>(x, o_dst), in.height, in.width, in.channels,
                               in.layout == Layout::chw},
          count);
    x.download(dst, o_dst, count * sizeof(E));
    x.finish();
}

inline void require_element_size(std::size_t element_size, const char* who) {
    if (element_size != 1 && element_size != 4)
        throw InvalidArgument(std::string(who) + ": element size " + std::to_string(element_size) +
                              " (expected 1 for uint8 or 4 for float32)");
}

// The launchers' untyped entry points: uint8 elements, or float32 moved as their 32-bit
// patterns so that every bit (NaN payloads included) is kept.
template <class X>
void copy_window_bytes(X& x, const void* src, ImageShape in, std::size_t element_size, void* dst, int out_h,
                       int out_w, int top, int left) {
    require_element_size(element_size, "CUDA copy_window");
    if (element_size == 1)
        copy_window(x, static_cast<const std::uint8_t*>(src), in, static_cast<std::uint8_t*>(dst), out_h, out_w, top,
                    left);
    else
        copy_window(x, static_cast<const std::uint32_t*>(src), in, static_cast<std::uint32_t*>(dst), out_h, out_w,
                    top, left);
}

template <class X>
void change_layout_bytes(X& x, const void* src, ImageShape in, std::size_t element_size, void* dst, Layout out_layout) {
    require_element_size(element_size, "CUDA change_layout");
    if (element_size == 1)
        change_layout(x, static_cast<const std::uint8_t*>(src), in, static_cast<std::uint8_t*>(dst), out_layout);
    else
        change_layout(x, static_cast<const std::uint32_t*>(src), in, static_cast<std::uint32_t*>(dst), out_layout);
}

// E -> D as ops::Patchify; the grid was checked on the host (geometry::patch_grid).
template <class E, class D, class X>
void patchify(X& x, const E* src, ImageShape in, int patch, int merge, int temporal, D* dst) {
    const numerics::PatchGrid g{in.height, in.width, in.channels, in.layout == Layout::chw, patch, merge, temporal};
    const std::size_t in_count = element_count(in.height, in.width, in.channels);
    const std::size_t out_count = numerics::patch_rows(g) * numerics::patch_row_length(g);
    ArenaLayout a;
    const std::size_t o_src = a.add(in_count * sizeof(E));
    const std::size_t o_dst = a.add(out_count * sizeof(D));
    x.reserve(a.total());
    x.upload(o_src, src, in_count * sizeof(E));
    x.run(ops::Patchify<E, D>{device_ptr<const E>(x, o_src), device_ptr<D>(x, o_dst), g}, out_count);
    x.download(dst, o_dst, out_count * sizeof(D));
    x.finish();
}

template <class X>
void patchify_bytes(X& x, const void* src, ImageShape in, std::size_t element_size, int patch, int merge,
                    int temporal, float* dst) {
    require_element_size(element_size, "CUDA patchify");
    const long long block = static_cast<long long>(patch) * merge;
    if (patch <= 0 || merge <= 0 || temporal <= 0 || in.height % block != 0 || in.width % block != 0)
        throw InvalidArgument("CUDA patchify: a " + std::to_string(in.height) + "x" + std::to_string(in.width) +
                              " image cannot be cut into " + std::to_string(patch) + "-pixel patches merged " +
                              std::to_string(merge) + "x" + std::to_string(merge) + " (temporal " +
                              std::to_string(temporal) + ")");
    if (element_size == 1)
        patchify(x, static_cast<const std::uint8_t*>(src), in, patch, merge, temporal, dst);
    else  // float32 as bits, so that every bit (NaN payloads included) is kept
        patchify(x, static_cast<const std::uint32_t*>(src), in, patch, merge, temporal,
                 reinterpret_cast<std::uint32_t*>(dst));
}

template <class T, class X> void rescale(X& x, const T* src, std::size_t count, double factor, float* dst) {
    ArenaLayout a;
    const std::size_t o_src = a.add(count * sizeof(T));
    const std::size_t o_dst = a.add(count * sizeof(float));
    x.reserve(a.total());
    x.upload(o_src, src, count * sizeof(T));
    x.run(ops::Rescale<T>{device_ptr<const T>(x, o_src), device_ptr<float>(x, o_dst), factor}, count);
    x.download(dst, o_dst, count * sizeof(float));
    x.finish();
}

template <class T, class X>
void normalize(X& x, const T* src, ImageShape in, const float* mean, const float* std_dev, float* dst) {
    const std::size_t count = element_count(in.height, in.width, in.channels);
    const std::size_t stats = std::size_t(in.channels) * sizeof(float);
    ArenaLayout a;
    const std::size_t o_src = a.add(count * sizeof(T));
    const std::size_t o_mean = a.add(stats);
    const std::size_t o_std = a.add(stats);
    const std::size_t o_dst = a.add(count * sizeof(float));
    x.reserve(a.total());
    x.upload(o_src, src, count * sizeof(T));
    x.upload(o_mean, mean, stats);
    x.upload(o_std, std_dev, stats);
    x.run(ops::Normalize<T>{device_ptr<const T>(x, o_src), device_ptr<float>(x, o_dst),
                            device_ptr<const float>(x, o_mean), device_ptr<const float>(x, o_std), in.height,
                            in.width, in.channels, in.layout == Layout::chw},
          count);
    x.download(dst, o_dst, count * sizeof(float));
    x.finish();
}

}  // namespace pixelprep::cuda::pipelines
