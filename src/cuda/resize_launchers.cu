// launch::resize_*: the resize pipelines on the GPU.
#include "executor.cuh"
#include "pipelines.hpp"

namespace pixelprep::cuda::launch {

void resize_convolution_u8(const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                           const ConvolutionPlan& plan) {
    GpuExecutor x;
    pipelines::resize_convolution_u8(x, src, in, dst, out_h, out_w, plan);
}

void resize_nearest_u8(const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                       const int* source_x, const int* source_y) {
    GpuExecutor x;
    pipelines::resize_nearest_u8(x, src, in, dst, out_h, out_w, source_x, source_y);
}

}  // namespace pixelprep::cuda::launch
