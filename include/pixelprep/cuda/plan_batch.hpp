// The batched plan executor (CudaPolicy::execute_plans): every plan of a call run on the
// device at once, bit-exact with CpuPolicy.
//
//  * Every image of the call lives in one device arena: the inputs (uploaded once each),
//    the resized images and the windows that leave their image. A window inside an image
//    is that image's pixels from another origin, no copy.
//  * The work is grouped by shape: the resizes of one level (an image derived from the
//    input is level 0, one derived from that level 1, ...) with the same source shape,
//    target and filter share their coefficient tables and run as one launch per pass; the
//    windows likewise; and every view of one shape and placement is one launch of the
//    value map written straight into its place in the output.
//  * The output is one device buffer laid out as the views' host arrays are; views that are
//    contiguous on the host (all of them, for most recipes) come back in one copy.
//
// Host-only: no CUDA header.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/cuda/arena_layout.hpp"
#include "pixelprep/cuda/plan_launchers.hpp"
#include "pixelprep/cuda/resize.hpp"
#include "pixelprep/numerics/channel_values.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/value_map_options.hpp"
#include "pixelprep/plan/image_plan.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep::cuda {

namespace plan_batch_detail {

// Where a view's values go on the host.
struct HostRange {
    float* begin;
    std::size_t elements;
};

inline std::vector<HostRange> view_ranges(std::span<const plan::Job> jobs) {
    std::vector<HostRange> ranges;
    for (const plan::Job& j : jobs) {
        const int c = channels_of(*j.input);
        for (const plan::View& v : j.plan->views) {
            const geometry::HeightWidth s = j.plan->size_of(v.image);
            const std::size_t offset = std::visit([](const auto& p) { return p.offset; }, v.placement);
            ranges.push_back({j.out + offset, plan::extent(v.placement, s.height, s.width, c)});
        }
    }
    return ranges;
}

using ShapeKey = std::tuple<int, int, int, std::ptrdiff_t, std::ptrdiff_t, std::ptrdiff_t>;
inline ShapeKey shape_key(const ArenaImage& a) {
    return {a.height, a.width, a.channels, a.stride_y, a.stride_x, a.stride_c};
}
inline ArenaImage hwc_image(int h, int w, int c) {
    return {h, w, c, std::ptrdiff_t(w) * c, std::ptrdiff_t(c), 1};
}

// An image of the call: its origin in the arena and how to read it.
struct Located {
    std::size_t origin = 0;
    ArenaImage image{};
};

// A group under construction: its members' origins and who they are.
struct Group {
    PlanStep step{};
    std::vector<std::size_t> sources;
    std::vector<std::pair<std::size_t, std::size_t>> members;  // (job, derived image)
};

// Everything a PlanBatchJob points into, kept alive until the launch returns.
struct Storage {
    std::vector<ArenaUpload> uploads;
    std::vector<PlanStep> steps;
    std::vector<OutputDownload> downloads;
    std::deque<std::vector<std::size_t>> offsets;
    std::deque<detail::ConvolutionTables> convolutions;
    std::deque<detail::NearestTables> nearest;
};

// The value map of `channels`-channel images, as the batched kernels take it.
inline BatchFinish finish_for(int channels, const CommonOptions& o) {
    const ValueMapOptions v = *value_map_options(channels, o);
    BatchFinish f;
    f.factor = v.factor.value_or(1.0);
    f.normalize = v.normalize;
    if (v.normalize) {
        const std::vector<float> mean = numerics::per_channel(v.mean, channels, "mean");
        const std::vector<float> std_dev = numerics::per_channel(v.std_dev, channels, "std");
        std::copy(mean.begin(), mean.end(), f.mean);
        std::copy(std_dev.begin(), std_dev.end(), f.std_dev);
    }
    return f;
}

// Closes a map of groups into steps (in order of first appearance), and gives each member its
// result: the out_h x out_w HWC image k of the group's region.
template <class Key>
void emit_groups(std::map<Key, std::size_t>& index, std::vector<Group>& groups, ArenaLayout& arena, Storage& st,
                 std::vector<std::vector<Located>>& derived) {
    for (Group& g : groups) {
        const std::size_t bytes =
            std::size_t(g.step.out_h) * std::size_t(g.step.out_w) * std::size_t(g.step.src.channels);
        g.step.dst = arena.add(bytes * g.members.size());
        g.step.member_count = int(g.members.size());
        st.offsets.push_back(std::move(g.sources));
        g.step.sources = st.offsets.back().data();
        for (std::size_t k = 0; k < g.members.size(); ++k)
            derived[g.members[k].first][g.members[k].second] = {
                g.step.dst + k * bytes, hwc_image(g.step.out_h, g.step.out_w, g.step.src.channels)};
        st.steps.push_back(g.step);
    }
    index.clear();
    groups.clear();
}

}  // namespace plan_batch_detail

// The preflight: whether the batched executor takes these jobs. It takes uint8 inputs with 1
// (L) or 3 (RGB) channels in either layout, well-formed plans, complete value options, and
// views whose output ranges do not overlap. Anything else runs step by step, which also
// reports every error in transformers' words.
inline bool can_batch_plans(std::span<const plan::Job> jobs, const CommonOptions& o) {
    using namespace plan_batch_detail;
    if (jobs.empty()) return false;
    for (const plan::Job& j : jobs) {
        const auto* u8 = std::get_if<ImageU8>(j.input);
        if (u8 == nullptr || u8->empty() || (u8->channels() != 1 && u8->channels() != 3)) return false;
        if (!j.plan->well_formed({u8->height(), u8->width()}) || !value_map_options(u8->channels(), o)) return false;
    }
    std::vector<HostRange> ranges = view_ranges(jobs);
    std::sort(ranges.begin(), ranges.end(), [](const HostRange& a, const HostRange& b) { return a.begin < b.begin; });
    for (std::size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i - 1].begin + ranges[i - 1].elements > ranges[i].begin) return false;
    return true;
}

// Runs jobs that can_batch_plans accepted.
inline void execute_plans_batched(std::span<const plan::Job> jobs, const CommonOptions& o) {
    using namespace plan_batch_detail;
    Storage st;
    ArenaLayout arena;

    // Inputs, each uploaded once.
    std::map<const std::uint8_t*, Located> uploaded;
    std::vector<Located> inputs(jobs.size());
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        const ImageU8& img = std::get<ImageU8>(*jobs[j].input);
        auto [it, fresh] = uploaded.try_emplace(img.data());
        if (fresh) {
            const ArenaImage a = img.layout() == Layout::chw
                                     ? ArenaImage{img.height(), img.width(), img.channels(), std::ptrdiff_t(img.width()), 1,
                                                  std::ptrdiff_t(img.height()) * img.width()}
                                     : hwc_image(img.height(), img.width(), img.channels());
            it->second = {arena.add(img.size()), a};
            st.uploads.push_back({img.data(), it->second.origin, img.size()});
        }
        inputs[j] = it->second;
    }

    // Levels: an image derived from the input is level 0, one derived from a level-L image L + 1.
    std::vector<std::vector<Located>> derived(jobs.size());
    std::vector<std::vector<int>> level(jobs.size());
    int max_level = -1;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        const auto& ds = jobs[j].plan->derived;
        derived[j].resize(ds.size());
        for (const plan::Derive& d : ds) {
            level[j].push_back(d.from < 0 ? 0 : level[j][std::size_t(d.from)] + 1);
            max_level = std::max(max_level, level[j].back());
        }
    }
    const auto source_of = [&](std::size_t j, const plan::Derive& d) -> const Located& {
        return d.from < 0 ? inputs[j] : derived[j][std::size_t(d.from)];
    };

    using ResizeKey = std::tuple<ShapeKey, int, int, int>;
    using WindowKey = std::tuple<ShapeKey, int, int, int, int, std::uint32_t>;
    std::map<ResizeKey, std::size_t> resize_index;
    std::map<WindowKey, std::size_t> window_index;
    std::vector<Group> groups;
    std::vector<std::vector<Located>> resized(jobs.size());
    for (std::size_t j = 0; j < jobs.size(); ++j) resized[j].resize(derived[j].size());
    for (int L = 0; L <= max_level; ++L) {
        // Resizes that change the size (one of a uint8 image to its own size is Pillow's copy).
        for (std::size_t j = 0; j < jobs.size(); ++j)
            for (std::size_t i = 0; i < derived[j].size(); ++i) {
                if (level[j][i] != L) continue;
                const plan::Derive& d = jobs[j].plan->derived[i];
                const Located& src = source_of(j, d);
                resized[j][i] = src;
                if (!d.resample || (d.size.height == src.image.height && d.size.width == src.image.width)) continue;
                const ResizeKey key{shape_key(src.image), d.size.height, d.size.width, int(*d.resample)};
                auto [it, fresh] = resize_index.try_emplace(key, groups.size());
                if (fresh) {
                    Group g;
                    g.step.kind = PlanStepKind::resize;
                    g.step.src = src.image;
                    g.step.out_h = d.size.height;
                    g.step.out_w = d.size.width;
                    if (*d.resample == Resample::nearest) {
                        g.step.resize = BatchResize::nearest;
                        st.nearest.push_back(
                            detail::plan_nearest(src.image.height, src.image.width, d.size.height, d.size.width));
                        g.step.source_x = st.nearest.back().source_x.data();
                        g.step.source_y = st.nearest.back().source_y.data();
                    } else {
                        g.step.resize = BatchResize::convolution;
                        st.convolutions.push_back(detail::plan_convolution(*d.resample, src.image.height,
                                                                           src.image.width, d.size.height, d.size.width));
                        g.step.convolution = st.convolutions.back().plan(false);
                    }
                    groups.push_back(std::move(g));
                }
                groups[it->second].sources.push_back(src.origin);
                groups[it->second].members.push_back({j, i});
            }
        emit_groups(resize_index, groups, arena, st, resized);

        // Windows: the whole image, a slice inside it (no copy), or a copy with its outside filled.
        for (std::size_t j = 0; j < jobs.size(); ++j)
            for (std::size_t i = 0; i < derived[j].size(); ++i) {
                if (level[j][i] != L) continue;
                const plan::Derive& d = jobs[j].plan->derived[i];
                const Located& base = resized[j][i];
                const ArenaImage& b = base.image;
                const geometry::CropWindow& w = d.window;
                if (w.top >= 0 && w.left >= 0 && w.top + w.height <= b.height && w.left + w.width <= b.width) {
                    derived[j][i] = {base.origin + std::size_t(std::ptrdiff_t(w.top) * b.stride_y +
                                                               std::ptrdiff_t(w.left) * b.stride_x),
                                     ArenaImage{w.height, w.width, b.channels, b.stride_y, b.stride_x, b.stride_c}};
                    continue;
                }
                std::uint8_t fill[4] = {0, 0, 0, 0};
                for (std::size_t c = 0; c < d.fill.size() && c < std::size_t(b.channels); ++c)
                    fill[c] = static_cast<std::uint8_t>(d.fill[c]);  // numpy's cast into the image's dtype
                const std::uint32_t packed = std::uint32_t(fill[0]) | std::uint32_t(fill[1]) << 8 |
                                             std::uint32_t(fill[2]) << 16 | std::uint32_t(fill[3]) << 24;
                const WindowKey key{shape_key(b), w.top, w.left, w.height, w.width, packed};
                auto [it, fresh] = window_index.try_emplace(key, groups.size());
                if (fresh) {
                    Group g;
                    g.step.kind = PlanStepKind::window;
                    g.step.src = b;
                    g.step.out_h = w.height;
                    g.step.out_w = w.width;
                    g.step.top = w.top;
                    g.step.left = w.left;
                    std::copy(fill, fill + 4, g.step.fill);
                    groups.push_back(std::move(g));
                }
                groups[it->second].sources.push_back(base.origin);
                groups[it->second].members.push_back({j, i});
            }
        emit_groups(window_index, groups, arena, st, derived);
    }

    // The output: the views' host ranges in address order, contiguous ones merged into one
    // download; a view's device offset follows from its range's.
    std::vector<HostRange> ranges = view_ranges(jobs);
    std::vector<std::size_t> order(ranges.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ranges[a].begin < ranges[b].begin; });
    std::vector<std::size_t> device_offset(ranges.size());
    std::size_t out_elements = 0;
    for (std::size_t r : order) {
        const HostRange& h = ranges[r];
        OutputDownload* last = st.downloads.empty() ? nullptr : &st.downloads.back();
        if (last == nullptr || last->host + last->elements != h.begin) {
            st.downloads.push_back({h.begin, out_elements, 0});
            last = &st.downloads.back();
        }
        device_offset[r] = last->offset + std::size_t(h.begin - last->host);
        last->elements += h.elements;
        out_elements += h.elements;
    }

    // Views, grouped by source shape and placement (every field of it but the offset: the
    // placements' own equality, so a field added to one groups by itself).
    std::vector<Group> places;
    std::vector<std::vector<std::size_t>> place_outputs;
    const auto same_place = [](const PlanStep& a, const PlanStep& b) {
        return shape_key(a.src) == shape_key(b.src) && a.placement == b.placement && a.extent == b.extent &&
               a.channels_first == b.channels_first && a.patches == b.patches &&
               a.patches_channels_last == b.patches_channels_last;
    };
    std::size_t r = 0;
    for (std::size_t j = 0; j < jobs.size(); ++j)
        for (const plan::View& v : jobs[j].plan->views) {
            const Located& img = derived[j][std::size_t(v.image)];
            PlanStep s{};
            s.kind = PlanStepKind::place;
            s.src = img.image;
            s.extent = ranges[r].elements;
            s.placement = PlacementKind(v.placement.index());
            std::visit(
                [&](auto placement) {
                    placement.offset = 0;
                    if constexpr (std::is_same_v<decltype(placement), plan::ChannelsFirst>) s.channels_first = placement;
                    else if constexpr (std::is_same_v<decltype(placement), plan::Patches>) s.patches = placement;
                    else s.patches_channels_last = placement;
                },
                v.placement);
            auto group = std::find_if(places.begin(), places.end(), [&](const Group& g) { return same_place(g.step, s); });
            if (group == places.end()) {
                s.finish = finish_for(img.image.channels, o);
                places.push_back(Group{s, {}, {}});
                place_outputs.emplace_back();
                group = places.end() - 1;
            }
            group->sources.push_back(img.origin);
            place_outputs[std::size_t(group - places.begin())].push_back(device_offset[r]);
            ++r;
        }
    for (std::size_t g = 0; g < places.size(); ++g) {
        PlanStep s = places[g].step;
        s.member_count = int(places[g].sources.size());
        st.offsets.push_back(std::move(places[g].sources));
        s.sources = st.offsets.back().data();
        st.offsets.push_back(std::move(place_outputs[g]));
        s.out_offsets = st.offsets.back().data();
        st.steps.push_back(s);
    }

    const PlanBatchJob job{arena.total(),   st.uploads.data(), st.uploads.size(),   st.steps.data(),
                           st.steps.size(), out_elements,      st.downloads.data(), st.downloads.size()};
    launch::execute_plans(job);
}

}  // namespace pixelprep::cuda
