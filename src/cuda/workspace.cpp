// The workspace pool and its allocation counter.
#include "workspace.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "check.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/cuda/runtime.hpp"

namespace pixelprep::cuda {

namespace {

std::atomic<std::uint64_t> allocations{0};

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

Workspace::Workspace(int device) : device_(device) {
    check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
}

Workspace::~Workspace() {
    // Errors are ignored (and cleared) here: this runs on failure paths and at teardown.
    if (base_ != nullptr) (void)cudaFree(base_);
    if (stream_ != nullptr) (void)cudaStreamDestroy(stream_);
    (void)cudaGetLastError();
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

}  // namespace pixelprep::cuda
