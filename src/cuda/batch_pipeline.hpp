// launch::preprocess_batch, step by step, over an executor X (pipelines.hpp lists the basic
// interface). Besides it, X provides:
//   reserve_staging(bytes)                      grow-only pinned host staging
//   stage_upload(dev_offset, stage_offset, host, bytes)
//                                               host -> staging (CPU) -> device (copy stream)
//   inputs_ready()                              later kernels wait for the uploads so far
//   note_group(images)                          statistics: one group of `images` launched
// The device memory of the whole call is laid out first (every group gets its own regions,
// so a copy for group g + 1 never overwrites what group g's kernels read); then, per group:
// stage its uploads, mark them, launch its kernels. The copy of group g + 1 thus runs on the
// copy stream while group g computes, and the CPU fills the staging buffer for g + 1 while
// the GPU works on g. Outputs go to the caller's device buffer, or to a workspace region
// that is downloaded once at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pixelprep/cuda/arena_layout.hpp"
#include "batch_ops.hpp"
#include "pipelines.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/cuda/batch_launchers.hpp"

namespace pixelprep::cuda::pipelines {

namespace batch_detail {

struct GroupLayout {
    std::size_t in_bytes = 0;   // one input image
    std::size_t tmp_bytes = 0;  // one image's intermediate (two-pass resize)
    std::size_t res_bytes = 0;  // one resized image
    std::size_t o_offsets = 0, s_offsets = 0;
    std::size_t o_table = 0, s_table = 0;    // device inputs: pointer table
    std::size_t o_inputs = 0, s_inputs = 0;  // host inputs: member_count images
    std::size_t o_tmp = 0, o_res = 0;
    std::size_t o_ax = 0, s_ax = 0, o_ay = 0, s_ay = 0;  // nearest index tables
    AxisOffsets oh, sh, ov, sv;                          // convolution tables (device, staging)
};

inline bool uses_horizontal(BatchResize resize, const ConvolutionPlan& plan) {
    return resize == BatchResize::convolution && plan.order != PassOrder::vertical;
}
inline bool uses_vertical(BatchResize resize, const ConvolutionPlan& plan) {
    return resize == BatchResize::convolution && plan.order != PassOrder::horizontal;
}

template <class X>
ops::DeviceAxis stage_axis(X& x, const AxisOffsets& o, const AxisOffsets& s, const AxisTable& t) {
    const std::size_t n = std::size_t(t.out_size);
    x.stage_upload(o.first, s.first, t.first, n * sizeof(int));
    x.stage_upload(o.count, s.count, t.count, n * sizeof(int));
    x.stage_upload(o.weights, s.weights, t.weights, n * std::size_t(t.ksize) * sizeof(std::int32_t));
    return {device_ptr<const int>(x, o.first), device_ptr<const int>(x, o.count),
            device_ptr<const std::int32_t>(x, o.weights), t.ksize};
}

// A group's convolution resize: `members` images of in_h x in_w to out_h x out_w, results
// consecutive HWC images at `res`; `tmp` holds the first pass' output of a two-pass order
// (tmp_bytes per image, resize_tmp_bytes).
struct ResizeBuffers {
    std::size_t members;
    int in_h, in_w, out_h, out_w;
    std::uint8_t* tmp;
    std::size_t tmp_bytes;
    std::uint8_t* res;
};

inline std::size_t resize_tmp_bytes(const ConvolutionPlan& plan, int out_h, int out_w, int in_w, int channels) {
    if (plan.order == PassOrder::vertical_then_horizontal) return element_count(out_h, in_w, channels);
    if (plan.order == PassOrder::horizontal_then_vertical) return element_count(plan.row_count, out_w, channels);
    return 0;
}

template <int C, class X>
void run_resize(X& x, const ConvolutionPlan& plan, const ResizeBuffers& b, const ops::ImageSet& in,
                const ops::Strides& s, const ops::DeviceAxis& hx, const ops::DeviceAxis& vy) {
    const std::size_t G = b.members;
    const int in_h = b.in_h, in_w = b.in_w, rh = b.out_h, rw = b.out_w;
    switch (plan.order) {
        case PassOrder::horizontal:  // rh == in_h
            x.run(ops::BatchHorizontal<C>{in, s, 0, in_h, rw, hx, b.res}, G * std::size_t(in_h) * std::size_t(rw));
            return;
        case PassOrder::vertical:  // rw == in_w
            x.run(ops::BatchVertical{in, s, in_w, C, rh, 0, vy, b.res}, G * element_count(rh, in_w, C));
            return;
        case PassOrder::vertical_then_horizontal: {  // tmp: rh x in_w, HWC
            x.run(ops::BatchVertical{in, s, in_w, C, rh, 0, vy, b.tmp}, G * element_count(rh, in_w, C));
            const ops::ImageSet t{nullptr, b.tmp, b.tmp_bytes};
            x.run(ops::BatchHorizontal<C>{t, ops::strides_of(false, rh, in_w, C), 0, rh, rw, hx, b.res},
                  G * std::size_t(rh) * std::size_t(rw));
            return;
        }
        case PassOrder::horizontal_then_vertical: {  // tmp: row_count x rw, HWC
            x.run(ops::BatchHorizontal<C>{in, s, plan.first_row, plan.row_count, rw, hx, b.tmp},
                  G * std::size_t(plan.row_count) * std::size_t(rw));
            const ops::ImageSet t{nullptr, b.tmp, b.tmp_bytes};
            x.run(ops::BatchVertical{t, ops::strides_of(false, plan.row_count, rw, C), rw, C, rh, plan.first_row, vy,
                                     b.res},
                  G * element_count(rh, rw, C));
            return;
        }
    }
}

}  // namespace batch_detail

template <class X> void preprocess_batch(X& x, const BatchJob& job) {
    using namespace batch_detail;
    if (job.device_out == nullptr && job.host_out == nullptr)
        throw InvalidArgument("CUDA batch: no output buffer");
    std::vector<GroupLayout> layouts(job.group_count);
    ArenaLayout dev, stage;
    for (std::size_t gi = 0; gi < job.group_count; ++gi) {
        const BatchGroup& g = job.groups[gi];
        const int C = g.in.channels;
        if (C != 1 && C != 3)
            throw InvalidArgument("CUDA batch: " + std::to_string(C) + " channels (the batched path takes 1 or 3)");
        if (g.member_count <= 0) throw InvalidArgument("CUDA batch: an empty group");
        const std::size_t G = std::size_t(g.member_count);
        GroupLayout& l = layouts[gi];
        l.in_bytes = element_count(g.in.height, g.in.width, C);
        if (g.resize != BatchResize::none) l.res_bytes = element_count(g.resized_h, g.resized_w, C);
        if (g.resize == BatchResize::convolution)
            l.tmp_bytes = resize_tmp_bytes(g.convolution, g.resized_h, g.resized_w, g.in.width, C);
        l.o_offsets = dev.add(G * sizeof(std::size_t));
        l.s_offsets = stage.add(G * sizeof(std::size_t));
        if (job.inputs_on_device) {
            l.o_table = dev.add(G * sizeof(const std::uint8_t*));
            l.s_table = stage.add(G * sizeof(const std::uint8_t*));
        } else {
            l.o_inputs = dev.add(G * l.in_bytes);
            l.s_inputs = stage.add(G * l.in_bytes);
        }
        l.o_tmp = dev.add(G * l.tmp_bytes);
        l.o_res = dev.add(G * l.res_bytes);
        if (g.resize == BatchResize::nearest) {
            l.o_ax = dev.add(std::size_t(g.resized_w) * sizeof(int));
            l.s_ax = stage.add(std::size_t(g.resized_w) * sizeof(int));
            l.o_ay = dev.add(std::size_t(g.resized_h) * sizeof(int));
            l.s_ay = stage.add(std::size_t(g.resized_h) * sizeof(int));
        }
        if (uses_horizontal(g.resize, g.convolution)) {
            l.oh = reserve_axis(dev, g.convolution.horizontal);
            l.sh = reserve_axis(stage, g.convolution.horizontal);
        }
        if (uses_vertical(g.resize, g.convolution)) {
            l.ov = reserve_axis(dev, g.convolution.vertical);
            l.sv = reserve_axis(stage, g.convolution.vertical);
        }
    }
    const std::size_t o_out = job.device_out == nullptr ? dev.add(job.out_elements * sizeof(float)) : 0;
    x.reserve(dev.total());
    x.reserve_staging(stage.total());
    float* out = job.device_out != nullptr ? job.device_out : device_ptr<float>(x, o_out);

    std::vector<const std::uint8_t*> table;
    for (std::size_t gi = 0; gi < job.group_count; ++gi) {
        const BatchGroup& g = job.groups[gi];
        const GroupLayout& l = layouts[gi];
        const int C = g.in.channels;
        const std::size_t G = std::size_t(g.member_count);

        // Uploads of this group, then one mark: its kernels wait for exactly these.
        x.stage_upload(l.o_offsets, l.s_offsets, g.out_offsets, G * sizeof(std::size_t));
        ops::ImageSet in{};
        if (job.inputs_on_device) {
            table.assign(G, nullptr);
            for (std::size_t k = 0; k < G; ++k) table[k] = job.inputs[g.members[k]];
            x.stage_upload(l.o_table, l.s_table, table.data(), G * sizeof(const std::uint8_t*));
            in = {device_ptr<const std::uint8_t* const>(x, l.o_table), nullptr, 0};
        } else {
            for (std::size_t k = 0; k < G; ++k)
                x.stage_upload(l.o_inputs + k * l.in_bytes, l.s_inputs + k * l.in_bytes, job.inputs[g.members[k]],
                               l.in_bytes);
            in = {nullptr, device_ptr<const std::uint8_t>(x, l.o_inputs), l.in_bytes};
        }
        if (g.resize == BatchResize::nearest) {
            x.stage_upload(l.o_ax, l.s_ax, g.source_x, std::size_t(g.resized_w) * sizeof(int));
            x.stage_upload(l.o_ay, l.s_ay, g.source_y, std::size_t(g.resized_h) * sizeof(int));
        }
        const ops::DeviceAxis hx =
            uses_horizontal(g.resize, g.convolution) ? stage_axis(x, l.oh, l.sh, g.convolution.horizontal) : ops::DeviceAxis{};
        const ops::DeviceAxis vy =
            uses_vertical(g.resize, g.convolution) ? stage_axis(x, l.ov, l.sv, g.convolution.vertical) : ops::DeviceAxis{};
        x.inputs_ready();
        x.note_group(G);

        // Resize (one or two launches for the whole group), into HWC images at o_res.
        const ops::Strides in_strides = ops::strides_of(g.in.layout == Layout::chw, g.in.height, g.in.width, C);
        ops::ImageSet resized = in;
        ops::Strides resized_strides = in_strides;
        if (g.resize != BatchResize::none) {
            std::uint8_t* res = device_ptr<std::uint8_t>(x, l.o_res);
            if (g.resize == BatchResize::nearest)
                x.run(ops::BatchNearest{in, in_strides, C, g.resized_h, g.resized_w, device_ptr<const int>(x, l.o_ax),
                                        device_ptr<const int>(x, l.o_ay), res},
                      G * std::size_t(g.resized_h) * std::size_t(g.resized_w));
            else {
                const ResizeBuffers b{G, g.in.height, g.in.width, g.resized_h, g.resized_w,
                                      device_ptr<std::uint8_t>(x, l.o_tmp), l.tmp_bytes, res};
                if (C == 1) run_resize<1>(x, g.convolution, b, in, in_strides, hx, vy);
                else run_resize<3>(x, g.convolution, b, in, in_strides, hx, vy);
            }
            resized = {nullptr, res, l.res_bytes};
            resized_strides = ops::strides_of(false, g.resized_h, g.resized_w, C);
        }

        // Crop + rescale + normalize + layout, one launch.
        ops::BatchFinishPass f{resized,
                               resized_strides,
                               g.resized_h,
                               g.resized_w,
                               C,
                               g.out_h,
                               g.out_w,
                               g.top,
                               g.left,
                               g.out_layout == Layout::chw,
                               job.finish,
                               device_ptr<const std::size_t>(x, l.o_offsets),
                               out};
        x.run(f, G * element_count(g.out_h, g.out_w, C));
    }
    if (job.device_out == nullptr) x.download(job.host_out, o_out, job.out_elements * sizeof(float));
    x.finish();
}

}  // namespace pixelprep::cuda::pipelines
