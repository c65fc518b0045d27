// launch::execute_plans over an executor X (batch_pipeline.hpp lists its interface): the
// call's arena (laid out by the host planner, pixelprep/cuda/plan_batch.hpp) first, then per
// step its pointer table, output offsets and coefficient tables, then the output. Every
// upload goes through pinned staging before the first kernel; the steps run in order on one
// stream; the output comes back in one copy per contiguous host range.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "batch_ops.hpp"
#include "batch_pipeline.hpp"
#include "pipelines.hpp"
#include "plan_ops.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/cuda/arena_layout.hpp"
#include "pixelprep/cuda/plan_launchers.hpp"

namespace pixelprep::cuda::pipelines {

namespace plan_detail {

struct StepLayout {
    std::size_t o_table = 0, s_table = 0;      // member pointers
    std::size_t o_offsets = 0, s_offsets = 0;  // place: output offsets
    std::size_t o_tmp = 0, tmp_bytes = 0;      // two-pass resize
    std::size_t o_ax = 0, s_ax = 0, o_ay = 0, s_ay = 0;
    AxisOffsets oh, sh, ov, sv;
};

inline ops::Strides strides_of(const ArenaImage& a) { return {a.stride_y, a.stride_x, a.stride_c}; }

}  // namespace plan_detail

template <class X> void execute_plans(X& x, const PlanBatchJob& job) {
    using namespace plan_detail;
    using batch_detail::uses_horizontal;
    using batch_detail::uses_vertical;
    ArenaLayout dev, stage;
    dev.add(job.arena_bytes);  // offset 0: the planner's arena
    stage.add(job.arena_bytes);
    std::vector<StepLayout> layouts(job.step_count);
    for (std::size_t i = 0; i < job.step_count; ++i) {
        const PlanStep& s = job.steps[i];
        StepLayout& l = layouts[i];
        if (s.member_count <= 0) throw InvalidArgument("CUDA plans: an empty step");
        if (s.src.channels != 1 && s.src.channels != 3)
            throw InvalidArgument("CUDA plans: " + std::to_string(s.src.channels) + " channels (1 or 3 are batched)");
        const std::size_t G = std::size_t(s.member_count);
        l.o_table = dev.add(G * sizeof(const std::uint8_t*));
        l.s_table = stage.add(G * sizeof(const std::uint8_t*));
        if (s.kind == PlanStepKind::place) {
            l.o_offsets = dev.add(G * sizeof(std::size_t));
            l.s_offsets = stage.add(G * sizeof(std::size_t));
        }
        if (s.kind != PlanStepKind::resize) continue;
        if (s.resize == BatchResize::nearest) {
            l.o_ax = dev.add(std::size_t(s.out_w) * sizeof(int));
            l.s_ax = stage.add(std::size_t(s.out_w) * sizeof(int));
            l.o_ay = dev.add(std::size_t(s.out_h) * sizeof(int));
            l.s_ay = stage.add(std::size_t(s.out_h) * sizeof(int));
            continue;
        }
        l.tmp_bytes = batch_detail::resize_tmp_bytes(s.convolution, s.out_h, s.out_w, s.src.width, s.src.channels);
        l.o_tmp = dev.add(G * l.tmp_bytes);
        if (uses_horizontal(s.resize, s.convolution)) {
            l.oh = reserve_axis(dev, s.convolution.horizontal);
            l.sh = reserve_axis(stage, s.convolution.horizontal);
        }
        if (uses_vertical(s.resize, s.convolution)) {
            l.ov = reserve_axis(dev, s.convolution.vertical);
            l.sv = reserve_axis(stage, s.convolution.vertical);
        }
    }
    const std::size_t o_out = dev.add(job.out_elements * sizeof(float));
    x.reserve(dev.total());
    x.reserve_staging(stage.total());

    // Every upload: the inputs, then each step's tables.
    for (std::size_t i = 0; i < job.upload_count; ++i)
        x.stage_upload(job.uploads[i].offset, job.uploads[i].offset, job.uploads[i].host, job.uploads[i].bytes);
    std::vector<const std::uint8_t*> table;
    std::vector<ops::DeviceAxis> hx(job.step_count), vy(job.step_count);
    for (std::size_t i = 0; i < job.step_count; ++i) {
        const PlanStep& s = job.steps[i];
        const StepLayout& l = layouts[i];
        const std::size_t G = std::size_t(s.member_count);
        table.resize(G);
        for (std::size_t k = 0; k < G; ++k) table[k] = x.at(s.sources[k]);
        x.stage_upload(l.o_table, l.s_table, table.data(), G * sizeof(const std::uint8_t*));
        if (s.kind == PlanStepKind::place) x.stage_upload(l.o_offsets, l.s_offsets, s.out_offsets, G * sizeof(std::size_t));
        if (s.kind != PlanStepKind::resize) continue;
        if (s.resize == BatchResize::nearest) {
            x.stage_upload(l.o_ax, l.s_ax, s.source_x, std::size_t(s.out_w) * sizeof(int));
            x.stage_upload(l.o_ay, l.s_ay, s.source_y, std::size_t(s.out_h) * sizeof(int));
            continue;
        }
        if (uses_horizontal(s.resize, s.convolution))
            hx[i] = batch_detail::stage_axis(x, l.oh, l.sh, s.convolution.horizontal);
        if (uses_vertical(s.resize, s.convolution))
            vy[i] = batch_detail::stage_axis(x, l.ov, l.sv, s.convolution.vertical);
    }
    x.inputs_ready();

    float* out = device_ptr<float>(x, o_out);
    for (std::size_t i = 0; i < job.step_count; ++i) {
        const PlanStep& s = job.steps[i];
        const StepLayout& l = layouts[i];
        const std::size_t G = std::size_t(s.member_count);
        const int C = s.src.channels;
        const ops::ImageSet in{device_ptr<const std::uint8_t* const>(x, l.o_table), nullptr, 0};
        const ops::Strides st = strides_of(s.src);
        x.note_group(G);
        switch (s.kind) {
            case PlanStepKind::resize: {
                std::uint8_t* res = device_ptr<std::uint8_t>(x, s.dst);
                if (s.resize == BatchResize::nearest) {
                    x.run(ops::BatchNearest{in, st, C, s.out_h, s.out_w, device_ptr<const int>(x, l.o_ax),
                                            device_ptr<const int>(x, l.o_ay), res},
                          G * std::size_t(s.out_h) * std::size_t(s.out_w));
                    break;
                }
                const batch_detail::ResizeBuffers b{G,   s.src.height, s.src.width, s.out_h, s.out_w,
                                                    device_ptr<std::uint8_t>(x, l.o_tmp), l.tmp_bytes, res};
                if (C == 1) batch_detail::run_resize<1>(x, s.convolution, b, in, st, hx[i], vy[i]);
                else batch_detail::run_resize<3>(x, s.convolution, b, in, st, hx[i], vy[i]);
                break;
            }
            case PlanStepKind::window: {
                ops::BatchWindowPass w{in,    st,     s.src.height, s.src.width, C, s.out_h, s.out_w,
                                       s.top, s.left, {},           device_ptr<std::uint8_t>(x, s.dst)};
                for (int c = 0; c < 4; ++c) w.fill[c] = s.fill[c];
                x.run(w, G * element_count(s.out_h, s.out_w, C));
                break;
            }
            case PlanStepKind::place: {
                ops::BatchPlacePass p{in,
                                      st,
                                      s.src.height,
                                      s.src.width,
                                      C,
                                      s.placement,
                                      s.channels_first,
                                      s.patches,
                                      s.patches_channels_last,
                                      s.extent,
                                      s.finish,
                                      device_ptr<const std::size_t>(x, l.o_offsets),
                                      out};
                x.run(p, G * s.extent);
                break;
            }
        }
    }
    for (std::size_t i = 0; i < job.download_count; ++i)
        x.download(job.downloads[i].host, o_out + job.downloads[i].offset * sizeof(float),
                   job.downloads[i].elements * sizeof(float));
    x.finish();
}

}  // namespace pixelprep::cuda::pipelines
