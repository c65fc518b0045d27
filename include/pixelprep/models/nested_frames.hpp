// The output of the nested-batch VLM recipes whose images each become several frames (tiles
// plus a global image): Idefics2, Idefics3 and SmolVLM. transformers keeps a list of frames
// per sample; with do_pad it pads every frame (bottom/right, 0 after normalization) to the
// batch's largest and every sample to the most frames, and returns an int64 mask of the valid
// area; without it numpy stacks the nested list as it is. Each recipe builds one plan per
// image whose views are its frames, in order; these functions place the views and run them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/models/common_channels.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep::nested_frames {

using Samples = std::vector<std::vector<WorkingImage>>;
using Plans = std::vector<std::vector<plan::ImagePlan>>;

// do_pad: float32 (B, most frames, C, max H, max W), each frame top-left in its slot and 0
// elsewhere, and the int64 mask of the valid area; both sized from the plans.
template <class B, class Options>
BatchFeature padded(const Samples& samples, Plans& plans, const Options& o, std::string_view class_name) {
    const std::size_t ch = common_channel_count(samples, class_name, "image");
    if (ch == 0) throw InvalidArgument("No images found in the batch.");
    std::size_t n = 0, H = 0, W = 0;
    for (const auto& sample : plans) {
        std::size_t frames = 0;
        for (const auto& p : sample) {
            frames += p.views.size();
            for (const auto& v : p.views) {
                H = std::max(H, std::size_t(p.size_of(v.image).height));
                W = std::max(W, std::size_t(p.size_of(v.image).width));
            }
        }
        n = std::max(n, frames);
    }
    Array<float> pv = output_array<float>({plans.size(), n, ch, H, W});
    Array<std::int64_t> mask = output_array<std::int64_t>({plans.size(), n, H, W});
    std::vector<plan::Job> jobs;
    for (std::size_t i = 0; i < plans.size(); ++i) {
        std::size_t j = 0;
        for (std::size_t k = 0; k < plans[i].size(); ++k) {
            plan::ImagePlan& p = plans[i][k];
            for (auto& v : p.views) {
                v.placement = plan::ChannelsFirst{((i * n + j) * ch) * H * W, int(H), int(W)};
                const auto size = p.size_of(v.image);
                plan::write_valid_mask(mask.data() + (i * n + j) * H * W, int(H), int(W), size.height, size.width);
                ++j;
            }
            jobs.push_back({&samples[i][k], &p, pv.data()});
        }
        for (; j < n; ++j) {  // a missing frame: all padding
            std::fill_n(pv.data() + ((i * n + j) * ch) * H * W, ch * H * W, 0.0f);
            std::fill_n(mask.data() + (i * n + j) * H * W, H * W, std::int64_t(0));
        }
    }
    op::execute_plans<B>(jobs, o);
    BatchFeature out;
    out.set_tensor("pixel_values", std::move(pv));
    out.set_tensor("pixel_attention_mask", std::move(mask));
    return out;
}

// Without padding, where every sample has as many frames, every frame the same shape and the
// frames are float32 (rescale or normalize): each frame straight into its slot of the one
// (B, frames, C, H, W) array. nullopt where numpy's stacking would need more (a dtype or an
// error) than one array can give.
template <class B, class Options>
std::optional<BatchFeature> stacked_as_plans(const Samples& samples, Plans& plans, const Options& o) {
    if (!truthy(o.do_rescale) && !truthy(o.do_normalize)) return std::nullopt;
    std::optional<std::size_t> frames, ch;
    std::optional<geometry::HeightWidth> frame;
    for (std::size_t i = 0; i < plans.size(); ++i) {
        std::size_t count = 0;
        for (std::size_t k = 0; k < plans[i].size(); ++k) {
            const std::size_t c = std::size_t(channels_of(samples[i][k]));
            if (ch.value_or(c) != c) return std::nullopt;
            ch = c;
            for (const auto& v : plans[i][k].views) {
                const geometry::HeightWidth size = plans[i][k].size_of(v.image);
                if (frame && (frame->height != size.height || frame->width != size.width)) return std::nullopt;
                frame = size;
                ++count;
            }
        }
        if (frames.value_or(count) != count) return std::nullopt;
        frames = count;
    }
    if (!frames || *frames == 0 || !frame) return std::nullopt;
    const std::size_t H = std::size_t(frame->height), W = std::size_t(frame->width);
    Array<float> pv = output_array<float>({plans.size(), *frames, *ch, H, W});
    std::vector<plan::Job> jobs;
    std::size_t slot = 0;
    for (std::size_t i = 0; i < plans.size(); ++i)
        for (std::size_t k = 0; k < plans[i].size(); ++k) {
            for (auto& v : plans[i][k].views) v.placement = plan::ChannelsFirst{slot++ * *ch * H * W, int(H), int(W)};
            jobs.push_back({&samples[i][k], &plans[i][k], pv.data()});
        }
    op::execute_plans<B>(jobs, o);
    BatchFeature out;
    out.set_tensor("pixel_values", std::move(pv));
    return out;
}

// No padding: numpy stacks the nested list, so every sample needs as many frames and every
// frame the same shape. The one-array path where it applies; otherwise the frames are
// finished step by step and stacked, which keeps their dtype and raises numpy's error.
template <class B, class Options>
BatchFeature stacked(const Samples& samples, Plans& plans, const Options& o, std::string_view class_name) {
    if (std::optional<BatchFeature> direct = stacked_as_plans<B>(samples, plans, o)) return std::move(*direct);
    std::vector<std::vector<WorkingImage>> frames(samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i)
        for (std::size_t k = 0; k < samples[i].size(); ++k)
            for (auto& f : op::execute_views<B>(samples[i][k], plans[i][k], o)) frames[i].push_back(std::move(f));
    std::vector<Tensor> per_sample;
    for (const auto& s : frames) {
        if (s.size() != frames[0].size())
            throw InvalidArgument(std::string(class_name) + ": without do_pad every sample needs the same number of frames to make one "
                                  "array (got " + std::to_string(frames[0].size()) + " and " + std::to_string(s.size()) + ")");
        per_sample.push_back(steps::pixel_values(s).stacked("pixel_values"));
    }
    BatchFeature tmp;
    tmp.set_list("pixel_values", std::move(per_sample));
    BatchFeature out;
    out.set_tensor("pixel_values", tmp.stacked("pixel_values"));
    return out;
}

}  // namespace pixelprep::nested_frames
