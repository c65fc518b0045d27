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

// How many device allocations the CUDA backend's workspaces have made so far. Workspaces
// only grow, so once a workload has run, repeating it must leave this unchanged.
std::uint64_t workspace_allocation_count();

}  // namespace cuda

}  // namespace pixelprep
