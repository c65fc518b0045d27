// What the CUDA backend reports about itself at run time. Host-only declarations; the
// definitions live in src/cuda (or src/processor/cuda_stub.cpp when CUDA is not built).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace pixelprep {

// std::nullopt when CudaPolicy can run here; otherwise why not: no driver (cudaGetDeviceCount
// error 35), no device, a compute capability below 7.5, no kernel image for this GPU, or a
// build without CUDA. Probed once per process.
std::optional<std::string> cuda_unavailable_reason();

namespace cuda {

// How many device allocations (cudaMalloc, and cudaHostAlloc for pinned staging) the CUDA
// backend's workspaces and output buffers have made so far. Workspaces only grow and output
// buffers are pooled, so once a workload has run, repeating it must leave this unchanged.
std::uint64_t workspace_allocation_count();

// How many kernels the CUDA backend has launched so far (every launch, all threads). The
// batched path launches a fixed number per group of same-shaped images, whatever its size.
std::uint64_t kernel_launch_count();

// How many calls the batched plan executor (CudaPolicy::execute_plans) has run so far: each
// runs every plan of one recipe call together.
std::uint64_t plan_batch_count();

}  // namespace cuda

}  // namespace pixelprep
