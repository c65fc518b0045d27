// The boundary between the batched plan executor's host planning (pixelprep/cuda/plan_batch.hpp)
// and its device code (src/cuda/plan_pipeline.hpp): plain structs over raw pointers and one
// non-template function. The host lays out every image of the call (inputs, resized images,
// windows) in one device arena and groups the work into steps; each step is one launch (two
// for a two-pass resize) over all of its members, whatever their number.
//
// Host-only: no CUDA header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <variant>

#include "pixelprep/cuda/batch_launchers.hpp"
#include "pixelprep/cuda/launchers.hpp"
#include "pixelprep/plan/image_plan.hpp"

namespace pixelprep::cuda {

// A uint8 image in the call's arena: element (y, x, c) is stride_y * y + stride_x * x +
// stride_c * c bytes from its origin. Inputs keep their layout; a window inside an image is
// that image's pixels from another origin, with its strides.
struct ArenaImage {
    int height;
    int width;
    int channels;
    std::ptrdiff_t stride_y;
    std::ptrdiff_t stride_x;
    std::ptrdiff_t stride_c;
};

enum class PlanStepKind : std::uint8_t { resize, window, place };
// plan::Placement's alternatives, in its order (the variant's index is the kind).
enum class PlacementKind : std::uint8_t { channels_first, patches, patches_channels_last };
static_assert(std::is_same_v<std::variant_alternative_t<0, plan::Placement>, plan::ChannelsFirst> &&
              std::is_same_v<std::variant_alternative_t<1, plan::Placement>, plan::Patches> &&
              std::is_same_v<std::variant_alternative_t<2, plan::Placement>, plan::PatchesChannelsLast>);

// One step over member_count images of one shape and one set of strides (`src`); member k's
// origin is arena byte sources[k].
struct PlanStep {
    PlanStepKind kind;
    ArenaImage src;
    const std::size_t* sources;
    int member_count;

    // resize, window: member k's result is the HWC image of out_h x out_w x src.channels
    // bytes at arena byte dst + k * (its size).
    int out_h;
    int out_w;
    std::size_t dst;

    // resize: Pillow's convolution (premultiplied false) or NEAREST's index tables.
    BatchResize resize;
    ConvolutionPlan convolution;
    const int* source_x;
    const int* source_y;

    // window: pixel (y, x) is source pixel (y + top, x + left), or `fill` outside the source.
    int top;
    int left;
    std::uint8_t fill[4];

    // place: `extent` float32 elements per member, from output element out_offsets[k], laid
    // out as the plan's placement of kind `placement` says (plan/placement.hpp's source_of;
    // its offset is unused, out_offsets say where), zeros where no pixel goes; each value is
    // the member's pixel through `finish`.
    PlacementKind placement;
    plan::ChannelsFirst channels_first;
    plan::Patches patches;
    plan::PatchesChannelsLast patches_channels_last;
    std::size_t extent;
    BatchFinish finish;
    const std::size_t* out_offsets;
};

// Host bytes copied to arena byte `offset` before the first step.
struct ArenaUpload {
    const void* host;
    std::size_t offset;
    std::size_t bytes;
};

// `elements` float32 values from output element `offset` to host memory, after the last step.
struct OutputDownload {
    float* host;
    std::size_t offset;
    std::size_t elements;
};

struct PlanBatchJob {
    std::size_t arena_bytes;
    const ArenaUpload* uploads;
    std::size_t upload_count;
    const PlanStep* steps;  // in order: a step reads only what earlier steps and uploads wrote
    std::size_t step_count;
    std::size_t out_elements;
    const OutputDownload* downloads;
    std::size_t download_count;
};

namespace launch {

// Runs the whole job on one stream of a leased workspace and waits for it.
void execute_plans(const PlanBatchJob& job);

}  // namespace launch

}  // namespace pixelprep::cuda
