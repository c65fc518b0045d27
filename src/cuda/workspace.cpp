// The workspace pool and its allocation counter.
#include "workspace.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "check.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/cuda/batch_launchers.hpp"
#include "pixelprep/cuda/runtime.hpp"

namespace pixelprep::cuda {

namespace {

std::atomic<std::uint64_t> allocations{0};
std::atomic<std::uint64_t> launches{0};

struct Pool {
    std::mutex mutex;
    std::vector<std::unique_ptr<Workspace>> idle;
};

// Never destroyed: freeing device memory during static destruction can run after the CUDA
// runtime has shut down. The driver releases everything at process exit.
Pool& pool() {
    static Pool* p = new Pool();
    return *p;
}

}  // namespace

std::uint64_t workspace_allocation_count() { return allocations.load(); }
std::uint64_t kernel_launch_count() { return launches.load(); }
void note_kernel_launch() noexcept { launches.fetch_add(1, std::memory_order_relaxed); }

Workspace::Workspace(int device) : device_(device) {
    check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    check(cudaStreamCreateWithFlags(&copy_stream_, cudaStreamNonBlocking), "cudaStreamCreateWithFlags (copy stream)");
    check(cudaEventCreateWithFlags(&copied_, cudaEventDisableTiming), "cudaEventCreateWithFlags");
}

Workspace::~Workspace() {
    // Errors are ignored (and cleared) here: this runs on failure paths and at teardown.
    if (base_ != nullptr) (void)cudaFree(base_);
    if (staging_ != nullptr) (void)cudaFreeHost(staging_);
    if (copied_ != nullptr) (void)cudaEventDestroy(copied_);
    if (copy_stream_ != nullptr) (void)cudaStreamDestroy(copy_stream_);
    if (stream_ != nullptr) (void)cudaStreamDestroy(stream_);
    (void)cudaGetLastError();
}

void Workspace::reserve_staging(std::size_t bytes) {
    if (bytes <= staging_capacity_) return;
    const std::size_t generous = bytes + bytes / 2;
    if (staging_ != nullptr) {
        check(cudaFreeHost(staging_), "cudaFreeHost (growing the staging buffer)");
        staging_ = nullptr;
        staging_capacity_ = 0;
    }
    void* p = nullptr;
    cudaError_t status = cudaHostAlloc(&p, generous, cudaHostAllocDefault);
    std::size_t got = generous;
    if (status == cudaErrorMemoryAllocation) {
        (void)cudaGetLastError();
        status = cudaHostAlloc(&p, bytes, cudaHostAllocDefault);
        got = bytes;
    }
    if (status != cudaSuccess) throw_cuda_error(status, "cudaHostAlloc of " + std::to_string(bytes) + " pinned bytes");
    allocations.fetch_add(1);
    staging_ = static_cast<unsigned char*>(p);
    staging_capacity_ = got;
}

void Workspace::reserve(std::size_t bytes) {
    if (bytes <= capacity_) return;
    // Half again as much, so a slowly growing workload settles after a few calls; if that
    // much does not fit, exactly what is needed.
    const std::size_t generous = bytes + bytes / 2;
    if (base_ != nullptr) {
        // Every call waits for its stream before returning, so nothing uses the old buffer.
        check(cudaFree(base_), "cudaFree (growing the workspace)");
        base_ = nullptr;
        capacity_ = 0;
    }
    void* p = nullptr;
    cudaError_t status = cudaMalloc(&p, generous);
    std::size_t got = generous;
    if (status == cudaErrorMemoryAllocation) {
        (void)cudaGetLastError();
        status = cudaMalloc(&p, bytes);
        got = bytes;
    }
    if (status != cudaSuccess) throw_allocation_error(status, bytes);
    allocations.fetch_add(1);
    base_ = static_cast<unsigned char*>(p);
    capacity_ = got;
}

WorkspaceLease::WorkspaceLease() {
    if (const std::optional<std::string> why = cuda_unavailable_reason())
        throw BackendUnavailable("pixelprep CUDA backend cannot run here: " + *why);
    int device = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    {
        std::lock_guard lock(pool().mutex);
        auto& idle = pool().idle;
        for (auto it = idle.begin(); it != idle.end(); ++it)
            if ((*it)->device() == device) {
                workspace_ = std::move(*it);
                idle.erase(it);
                return;
            }
    }
    workspace_ = std::make_unique<Workspace>(device);
}

WorkspaceLease::~WorkspaceLease() {
    if (!committed_ || !workspace_) return;  // a failed call: the workspace is destroyed
    try {
        std::lock_guard lock(pool().mutex);
        pool().idle.push_back(std::move(workspace_));
    } catch (...) {
        // No room in the pool's list: the workspace is simply destroyed.
    }
}

// ---- output buffers (batch_launchers.hpp) ----------------------------------------------------

namespace {

struct FreeBuffer {
    void* pointer;
    std::size_t bytes;
    int device;
};

struct BufferPool {
    static constexpr std::size_t max_idle = 16;
    std::mutex mutex;
    std::vector<FreeBuffer> idle;  // oldest first
};

BufferPool& buffer_pool() {
    static BufferPool* p = new BufferPool();  // never destroyed, as pool()
    return *p;
}

void release_buffer(void* pointer, std::size_t bytes, int device) noexcept {
    BufferPool& pool = buffer_pool();
    try {
        std::lock_guard lock(pool.mutex);
        pool.idle.push_back({pointer, bytes, device});
        if (pool.idle.size() <= BufferPool::max_idle) return;
        pointer = pool.idle.front().pointer;
        pool.idle.erase(pool.idle.begin());
    } catch (...) {
    }
    (void)cudaFree(pointer);  // the oldest idle buffer (or this one, if the list could not grow)
    (void)cudaGetLastError();
}

}  // namespace

namespace launch {

DeviceBuffer acquire_device_buffer(std::size_t bytes) {
    if (const std::optional<std::string> why = cuda_unavailable_reason())
        throw BackendUnavailable("pixelprep CUDA backend cannot run here: " + *why);
    int device = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    bytes = std::max<std::size_t>(bytes, 1);
    void* pointer = nullptr;
    {
        BufferPool& pool = buffer_pool();
        std::lock_guard lock(pool.mutex);
        for (auto it = pool.idle.begin(); it != pool.idle.end(); ++it)
            if (it->bytes == bytes && it->device == device) {
                pointer = it->pointer;
                pool.idle.erase(it);
                break;
            }
    }
    if (pointer == nullptr) {
        const cudaError_t status = cudaMalloc(&pointer, bytes);
        if (status != cudaSuccess) throw_allocation_error(status, bytes);
        allocations.fetch_add(1);
    }
    std::shared_ptr<void> memory(pointer, [bytes, device](void* p) { release_buffer(p, bytes, device); });
    return {std::move(memory), {dlpack::kDLCUDA, device}};
}

void copy_device_to_host(void* dst, const void* src, std::size_t bytes) {
    if (bytes == 0) return;
    check(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost), "cudaMemcpy (DeviceTensor to host)");
}

void copy_host_to_device(void* dst, const void* src, std::size_t bytes) {
    if (bytes == 0) return;
    check(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice), "cudaMemcpy (host to device buffer)");
}

}  // namespace launch

}  // namespace pixelprep::cuda
