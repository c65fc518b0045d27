// The per-element bodies of the batched plan executor's own kernels (plan_pipeline.hpp; its
// resizes are batch_ops.hpp's): a window with its outside filled, and a view through the value
// map into its placement. As in batch_ops.hpp, element i of a launch is element i % per_image of
// member i / per_image, sources are read through strides, and the arithmetic is the CPU's,
// term for term. No CUDA API here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "batch_ops.hpp"
#include "pixelprep/config.hpp"
#include "pixelprep/cuda/plan_launchers.hpp"
#include "pixelprep/numerics/pixel_math.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep::cuda::ops {

// detail::window_with_fill (pipeline/plan_executor.hpp) over a group: output byte (y, x, c) of
// member k, HWC, is source (y + top, x + left, c), or fill[c] outside the source.
struct BatchWindowPass {
    static constexpr const char* name = "batch_window";
    ImageSet src;
    Strides s;
    int src_h;
    int src_w;
    int channels;
    int out_h;
    int out_w;
    int top;
    int left;
    std::uint8_t fill[4];
    std::uint8_t* dst;

    PIXELPREP_HD void operator()(std::size_t i) const {
        const std::size_t per = std::size_t(out_h) * std::size_t(out_w) * std::size_t(channels);
        const std::size_t k = i / per;
        const std::size_t j = i % per;
        const std::size_t pixel = j / std::size_t(channels);
        const int c = int(j % std::size_t(channels));
        const int y = int(pixel / std::size_t(out_w)) + top;
        const int x = int(pixel % std::size_t(out_w)) + left;
        const bool inside = y >= 0 && y < src_h && x >= 0 && x < src_w;
        dst[i] = inside ? src.at(k)[std::ptrdiff_t(y) * s.y + std::ptrdiff_t(x) * s.x + std::ptrdiff_t(c) * s.c]
                        : fill[c];
    }
};

// A view through the value map into its placement: output element j of member k's extent is
// plan/placement.hpp's source_of(j) of member k, or 0.0f where the placement puts no pixel.
struct BatchPlacePass {
    static constexpr const char* name = "batch_place_view";
    ImageSet src;
    Strides s;
    int height;
    int width;
    int channels;
    PlacementKind placement;
    plan::ChannelsFirst channels_first;
    plan::Patches patches;
    plan::PatchesChannelsLast patches_channels_last;
    std::size_t extent;
    BatchFinish finish;
    const std::size_t* out_offsets;
    float* out;

    PIXELPREP_HD plan::SourcePixel source_of(std::size_t j) const {
        if (placement == PlacementKind::channels_first) return plan::source_of(channels_first, height, width, channels, j);
        if (placement == PlacementKind::patches) return plan::source_of(patches, height, width, channels, j);
        return plan::source_of(patches_channels_last, height, width, channels, j);
    }

    PIXELPREP_HD void operator()(std::size_t i) const {
        const std::size_t k = i / extent;
        const std::size_t j = i % extent;
        const plan::SourcePixel p = source_of(j);
        out[out_offsets[k] + j] =
            p.y < 0 ? 0.0f
                    : finish_value(finish, src.at(k)[std::ptrdiff_t(p.y) * s.y + std::ptrdiff_t(p.x) * s.x +
                                                     std::ptrdiff_t(p.c) * s.c],
                                   p.c);
    }
};

}  // namespace pixelprep::cuda::ops
