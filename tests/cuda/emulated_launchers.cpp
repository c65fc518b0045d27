// The launchers of pixelprep/cuda/launchers.hpp (and the run-time queries) for the
// 'cuda-emulated' test: src/cuda/pipelines.hpp run by HostExecutor instead of the GPU.
// Linked instead of the real CUDA sources, never together with them.
#include <optional>
#include <string>

#include "host_executor.hpp"
#include "pipelines.hpp"
#include "pixelprep/cuda/launchers.hpp"
#include "pixelprep/cuda/runtime.hpp"

namespace pixelprep {

std::optional<std::string> cuda_unavailable_reason() { return std::nullopt; }

namespace cuda {

std::uint64_t workspace_allocation_count() { return cuda_test::HostArena::instance().allocations.load(); }

namespace launch {

using cuda_test::HostExecutor;

void resize_convolution_u8(const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                           const ConvolutionPlan& plan) {
    HostExecutor x;
    pipelines::resize_convolution_u8(x, src, in, dst, out_h, out_w, plan);
}

void resize_nearest_u8(const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                       const int* source_x, const int* source_y) {
    HostExecutor x;
    pipelines::resize_nearest_u8(x, src, in, dst, out_h, out_w, source_x, source_y);
}

void copy_window(const void* src, ImageShape in, std::size_t element_size, void* dst, int out_h, int out_w, int top,
                 int left) {
    HostExecutor x;
    pipelines::copy_window_bytes(x, src, in, element_size, dst, out_h, out_w, top, left);
}

void change_layout(const void* src, ImageShape in, std::size_t element_size, void* dst, Layout out_layout) {
    HostExecutor x;
    pipelines::change_layout_bytes(x, src, in, element_size, dst, out_layout);
}

void rescale_u8(const std::uint8_t* src, std::size_t count, double factor, float* dst) {
    HostExecutor x;
    pipelines::rescale(x, src, count, factor, dst);
}

void rescale_f32(const float* src, std::size_t count, double factor, float* dst) {
    HostExecutor x;
    pipelines::rescale(x, src, count, factor, dst);
}

void normalize_u8(const std::uint8_t* src, ImageShape in, const float* mean, const float* std_dev, float* dst) {
    HostExecutor x;
    pipelines::normalize(x, src, in, mean, std_dev, dst);
}

void normalize_f32(const float* src, ImageShape in, const float* mean, const float* std_dev, float* dst) {
    HostExecutor x;
    pipelines::normalize(x, src, in, mean, std_dev, dst);
}

}  // namespace launch
}  // namespace cuda
}  // namespace pixelprep
