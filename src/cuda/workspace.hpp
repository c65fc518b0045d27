// Device workspaces: one stream and one grow-only device buffer each, kept in a pool and
// reused across calls, so that a steady workload makes no cudaMalloc. A call leases a
// workspace for its duration, so concurrent calls (AnyProcessor is shared across threads)
// never share one.
#pragma once

#include <cstddef>
#include <memory>

#include <cuda_runtime.h>

namespace pixelprep::cuda {

class Workspace {
public:
    explicit Workspace(int device);
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    int device() const { return device_; }
    cudaStream_t stream() const { return stream_; }
    unsigned char* base() const { return base_; }

    // At least `bytes` of device memory at base(); grows, never shrinks. Contents are not kept.
    void reserve(std::size_t bytes);

    // The batched path's uploads: a second stream that runs ahead of stream(), an event to
    // order them, and pinned host memory to copy from (grow-only, like base()).
    cudaStream_t copy_stream() const { return copy_stream_; }
    cudaEvent_t copied() const { return copied_; }
    unsigned char* staging() const { return staging_; }
    void reserve_staging(std::size_t bytes);

private:
    int device_;
    cudaStream_t stream_ = nullptr;
    unsigned char* base_ = nullptr;
    std::size_t capacity_ = 0;
    cudaStream_t copy_stream_ = nullptr;
    cudaEvent_t copied_ = nullptr;
    unsigned char* staging_ = nullptr;
    std::size_t staging_capacity_ = 0;
};

// Counts one kernel launch (cuda::kernel_launch_count).
void note_kernel_launch() noexcept;

// A workspace for the current device, taken from the pool for one call. After commit()
// it goes back to the pool; a call that failed destroys it instead, so that memory or a
// stream in an unknown state is never reused.
class WorkspaceLease {
public:
    WorkspaceLease();  // throws BackendUnavailable when the backend cannot run here
    ~WorkspaceLease();
    WorkspaceLease(const WorkspaceLease&) = delete;
    WorkspaceLease& operator=(const WorkspaceLease&) = delete;

    Workspace* operator->() const { return workspace_.get(); }
    void commit() noexcept { committed_ = true; }

private:
    std::unique_ptr<Workspace> workspace_;
    bool committed_ = false;
};

}  // namespace pixelprep::cuda
