// Every CUDA call and kernel launch of the backend goes through check(): a failure becomes
// a pixelprep::CudaError naming the call or kernel, and CUDA's last-error slot is cleared so
// that the failure does not resurface in a later, unrelated call. Host code only (g++ or nvcc).
#pragma once

#include <cstddef>
#include <string>

#include <cuda_runtime.h>

namespace pixelprep::cuda {

// Throws CudaError for `status` (after clearing the sticky last error). Out-of-memory gets
// a message with the device's free and total memory.
[[noreturn]] void throw_cuda_error(cudaError_t status, const std::string& what);

inline void check(cudaError_t status, const char* what) {
    if (status != cudaSuccess) throw_cuda_error(status, what);
}

// A failed cudaMalloc of `bytes`: the out-of-memory message says how much was asked for.
[[noreturn]] void throw_allocation_error(cudaError_t status, std::size_t bytes);

}  // namespace pixelprep::cuda
