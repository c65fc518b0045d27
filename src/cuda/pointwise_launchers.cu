// launch::rescale_* and launch::normalize_*: numpy's float arithmetic on the GPU.
#include "executor.cuh"
#include "pipelines.hpp"

namespace pixelprep::cuda::launch {

void rescale_u8(const std::uint8_t* src, std::size_t count, double factor, float* dst) {
    GpuExecutor x;
    pipelines::rescale(x, src, count, factor, dst);
}

void rescale_f32(const float* src, std::size_t count, double factor, float* dst) {
    GpuExecutor x;
    pipelines::rescale(x, src, count, factor, dst);
}

void normalize_u8(const std::uint8_t* src, ImageShape in, const float* mean, const float* std_dev, float* dst) {
    GpuExecutor x;
    pipelines::normalize(x, src, in, mean, std_dev, dst);
}

void normalize_f32(const float* src, ImageShape in, const float* mean, const float* std_dev, float* dst) {
    GpuExecutor x;
    pipelines::normalize(x, src, in, mean, std_dev, dst);
}

}  // namespace pixelprep::cuda::launch
