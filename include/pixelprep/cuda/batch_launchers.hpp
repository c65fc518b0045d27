// The batched boundary between host planning (pixelprep/cuda/batch.hpp) and the device code
// (src/cuda/batch_pipeline.hpp): plain structs over raw pointers and three non-template
// functions. One call runs a whole batch: its images are grouped by input shape on the host,
// and each group (chunk) is one launch per step -- resize pass(es), then one fused
// crop + rescale + normalize + layout kernel -- whatever the number of images in it.
//
// Host-only: no CUDA header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "pixelprep/cuda/dlpack.hpp"
#include "pixelprep/cuda/launchers.hpp"

namespace pixelprep::cuda {

enum class BatchResize : std::uint8_t { none, nearest, convolution };

// rescale then normalize, fused: x = float32(float64(v) * factor) (factor 1.0 when rescaling
// is off, as cpu::normalize converts uint8), then (x - mean[c]) / std[c] if `normalize`.
struct BatchFinish {
    double factor = 1.0;
    bool normalize = false;
    float mean[4] = {0, 0, 0, 0};
    float std_dev[4] = {1, 1, 1, 1};
};

// Images of one input shape, planned once: the same tables, the same crop window.
struct BatchGroup {
    ImageShape in;                 // every member's shape (uint8, channels 1..4, no alpha)
    BatchResize resize;            // none: the input is cropped as it is
    int resized_h;                 // the resize output (the input size when resize == none)
    int resized_w;
    ConvolutionPlan convolution;   // resize == convolution (premultiplied false)
    const int* source_x;           // resize == nearest: resized_w entries
    const int* source_y;           //   resized_h entries
    int out_h;                     // crop window over the resized image; top/left may be
    int out_w;                     //   negative or the window larger (zeros outside), as
    int top;                       //   geometry::center_crop_window gives it
    int left;
    Layout out_layout;
    const int* members;            // member_count image indices into BatchJob::inputs
    int member_count;
    const std::size_t* out_offsets;  // member_count element offsets into the output
};

struct BatchJob {
    const BatchGroup* groups;
    std::size_t group_count;
    const std::uint8_t* const* inputs;  // per image: host memory, or device memory when
    bool inputs_on_device;              //   inputs_on_device (then nothing is uploaded)
    BatchFinish finish;
    std::size_t out_elements;           // float32 elements of the whole output
    float* device_out;                  // device memory (acquire_device_buffer), or null:
    float* host_out;                    //   then the output is downloaded here (host memory)
};

// A device allocation for outputs that outlive the call (DeviceTensor, DLPack). Buffers are
// pooled: releasing the last reference returns the memory to the pool, and a later request
// of the same size reuses it, so a steady workload makes no cudaMalloc.
struct DeviceBuffer {
    std::shared_ptr<void> memory;
    dlpack::DLDevice device;
};

namespace launch {

// Runs the whole job on one stream of a leased workspace (uploads through pinned staging
// on a copy stream that runs ahead of the kernels), and waits for it.
void preprocess_batch(const BatchJob& job);

DeviceBuffer acquire_device_buffer(std::size_t bytes);

// bytes from device memory (a DeviceBuffer) to host memory, and back; each waits.
void copy_device_to_host(void* dst, const void* src, std::size_t bytes);
void copy_host_to_device(void* dst, const void* src, std::size_t bytes);

}  // namespace launch

}  // namespace pixelprep::cuda
