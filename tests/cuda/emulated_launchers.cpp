// The launchers of pixelprep/cuda/launchers.hpp (and the run-time queries) for the
// 'cuda-emulated' test: src/cuda/pipelines.hpp run by HostExecutor instead of the GPU.
// Linked instead of the real CUDA sources, never together with them.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "batch_pipeline.hpp"
#include "host_executor.hpp"
#include "pipelines.hpp"
#include "plan_pipeline.hpp"
#include "pixelprep/cuda/batch_launchers.hpp"
#include "pixelprep/cuda/launchers.hpp"
#include "pixelprep/cuda/plan_launchers.hpp"
#include "pixelprep/cuda/runtime.hpp"

namespace pixelprep {

std::optional<std::string> cuda_unavailable_reason() { return std::nullopt; }

namespace cuda {

std::uint64_t workspace_allocation_count() { return cuda_test::HostArena::instance().allocations.load(); }
std::uint64_t kernel_launch_count() { return cuda_test::HostArena::instance().launches.load(); }
std::uint64_t plan_batch_count() { return cuda_test::HostArena::instance().plan_batches.load(); }

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

void patchify(const void* src, ImageShape in, std::size_t element_size, int patch, int merge, int temporal,
              float* dst) {
    HostExecutor x;
    pipelines::patchify_bytes(x, src, in, element_size, patch, merge, temporal, dst);
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

void preprocess_batch(const BatchJob& job) {
    HostExecutor x;
    pipelines::preprocess_batch(x, job);
}

void execute_plans(const PlanBatchJob& job) {
    HostExecutor x;
    pipelines::execute_plans(x, job);
    cuda_test::HostArena::instance().plan_batches.fetch_add(1);
}

// Output buffers in host memory, pooled by size as the real ones (src/cuda/workspace.cpp),
// reported as kDLCPU: the host-memory fake behind the DLPack tests.
DeviceBuffer acquire_device_buffer(std::size_t bytes) {
    struct Pool {
        std::mutex mutex;
        std::multimap<std::size_t, std::unique_ptr<unsigned char[]>> idle;
    };
    static Pool* pool = new Pool();
    bytes = std::max<std::size_t>(bytes, 1);
    unsigned char* p = nullptr;
    {
        std::lock_guard lock(pool->mutex);
        auto it = pool->idle.find(bytes);
        if (it != pool->idle.end()) {
            p = it->second.release();
            pool->idle.erase(it);
        }
    }
    if (p == nullptr) {
        p = new unsigned char[bytes];
        cuda_test::HostArena::instance().allocations.fetch_add(1);
    }
    std::shared_ptr<void> memory(p, [bytes](void* q) {
        std::lock_guard lock(pool->mutex);
        pool->idle.emplace(bytes, std::unique_ptr<unsigned char[]>(static_cast<unsigned char*>(q)));
    });
    return {std::move(memory), {dlpack::kDLCPU, 0}};
}

void copy_device_to_host(void* dst, const void* src, std::size_t bytes) {
    if (bytes != 0) std::memcpy(dst, src, bytes);
}

void copy_host_to_device(void* dst, const void* src, std::size_t bytes) {
    if (bytes != 0) std::memcpy(dst, src, bytes);
}

}  // namespace launch
}  // namespace cuda
}  // namespace pixelprep
