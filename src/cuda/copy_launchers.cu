// launch::copy_window and launch::change_layout: element copies on the GPU.
#include "executor.cuh"
#include "pipelines.hpp"

namespace pixelprep::cuda::launch {

void copy_window(const void* src, ImageShape in, std::size_t element_size, void* dst, int out_h, int out_w, int top,
                 int left) {
    GpuExecutor x;
    pipelines::copy_window_bytes(x, src, in, element_size, dst, out_h, out_w, top, left);
}

void change_layout(const void* src, ImageShape in, std::size_t element_size, void* dst, Layout out_layout) {
    GpuExecutor x;
    pipelines::change_layout_bytes(x, src, in, element_size, dst, out_layout);
}

}  // namespace pixelprep::cuda::launch
