// The GPU executor for pipelines.hpp: a leased workspace, async copies and element-functor
// kernels on the workspace's stream, and one wait at the end.
//
// Numerics: this code and every file of the backend is compiled with -fmad=false (nvcc
// would otherwise contract a*b+c into an FMA, whose single rounding differs from the CPU's
// two), -ftz=false, -prec-div=true and -prec-sqrt=true (IEEE float division, denormals
// kept, as on the host), and never with --use_fast_math. See src/cuda/meson.build.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include <cuda_runtime.h>

#include "check.hpp"
#include "workspace.hpp"

namespace pixelprep::cuda {

// One thread per element, grid-stride so that any element count fits any grid.
template <class F> __global__ void for_each_element(F f, std::size_t count) {
    const std::size_t stride = std::size_t(gridDim.x) * blockDim.x;
    for (std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride) f(i);
}

class GpuExecutor {
public:
    static constexpr unsigned threads_per_block = 256;
    static constexpr std::size_t max_blocks = std::size_t(1) << 20;

    void reserve(std::size_t bytes) { lease_->reserve(bytes); }
    unsigned char* at(std::size_t offset) const { return lease_->base() + offset; }

    void upload(std::size_t offset, const void* host, std::size_t bytes) {
        if (bytes == 0) return;
        check(cudaMemcpyAsync(at(offset), host, bytes, cudaMemcpyHostToDevice, lease_->stream()),
              "cudaMemcpyAsync (host to device)");
    }
    void download(void* host, std::size_t offset, std::size_t bytes) {
        if (bytes == 0) return;
        check(cudaMemcpyAsync(host, at(offset), bytes, cudaMemcpyDeviceToHost, lease_->stream()),
              "cudaMemcpyAsync (device to host)");
    }

    template <class F> void run(const F& f, std::size_t count) {
        if (count == 0) return;
        const std::size_t blocks = std::min(max_blocks, (count + threads_per_block - 1) / threads_per_block);
        for_each_element<F><<<unsigned(blocks), threads_per_block, 0, lease_->stream()>>>(f, count);
        // Launch errors (bad configuration, no kernel image) are reported with the kernel.
        check(cudaGetLastError(), (std::string("kernel launch ") + F::name).c_str());
        note_kernel_launch();
        kernels_ += kernels_.empty() ? F::name : std::string(", ") + F::name;
    }

    // The batched path (batch_pipeline.hpp): uploads through pinned staging on the copy
    // stream, which runs ahead of the kernels; inputs_ready() makes the kernels issued
    // after it wait for the uploads issued before it (cudaStreamWaitEvent captures the
    // event's latest record, so one event serves every group).
    void reserve_staging(std::size_t bytes) { lease_->reserve_staging(bytes); }
    void stage_upload(std::size_t offset, std::size_t stage_offset, const void* host, std::size_t bytes) {
        if (bytes == 0) return;
        unsigned char* staged = lease_->staging() + stage_offset;
        std::memcpy(staged, host, bytes);
        check(cudaMemcpyAsync(at(offset), staged, bytes, cudaMemcpyHostToDevice, lease_->copy_stream()),
              "cudaMemcpyAsync (pinned staging to device)");
    }
    void inputs_ready() {
        check(cudaEventRecord(lease_->copied(), lease_->copy_stream()), "cudaEventRecord (uploads done)");
        check(cudaStreamWaitEvent(lease_->stream(), lease_->copied(), 0), "cudaStreamWaitEvent (kernels after uploads)");
    }
    void note_group(std::size_t) {}

    // Waits for the call's copies and kernels. A fault inside a kernel surfaces here; the
    // message lists the kernels the call ran, in order.
    void finish() {
        const cudaError_t status = cudaStreamSynchronize(lease_->stream());
        if (status != cudaSuccess) throw_cuda_error(status, "cudaStreamSynchronize after kernels [" + kernels_ + "]");
        // The copy stream: every upload was followed by inputs_ready(), so it is done, but
        // the staging buffer is reused by the next call only after this wait.
        const cudaError_t copies = cudaStreamSynchronize(lease_->copy_stream());
        if (copies != cudaSuccess) throw_cuda_error(copies, "cudaStreamSynchronize (copy stream)");
        lease_.commit();
    }

private:
    WorkspaceLease lease_;
    std::string kernels_;
};

}  // namespace pixelprep::cuda
