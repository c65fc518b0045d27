// launch::copy_window, launch::change_layout and launch::patchify: element copies (and
// Qwen2-VL's patch gather) on the GPU.
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

void patchify(const void* src, ImageShape in, std::size_t element_size, int patch, int merge, int temporal,
              float* dst) {
    GpuExecutor x;
    pipelines::patchify_bytes(x, src, in, element_size, patch, merge, temporal, dst);
}

}  // namespace pixelprep::cuda::launch
