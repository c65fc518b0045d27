// CUDA status codes to pixelprep::CudaError.
#include "check.hpp"

#include "pixelprep/core/errors.hpp"

namespace pixelprep::cuda {

namespace {

std::string status_text(cudaError_t status) {
    return std::string(cudaGetErrorName(status)) + " (" + cudaGetErrorString(status) + ")";
}

std::string memory_summary() {
    std::size_t free_bytes = 0, total_bytes = 0;
    int device = -1;
    if (cudaGetDevice(&device) != cudaSuccess || cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) {
        (void)cudaGetLastError();
        return "device memory state unknown";
    }
    constexpr double mib = 1024.0 * 1024.0;
    return "device " + std::to_string(device) + " has " + std::to_string(static_cast<long long>(free_bytes / mib)) +
           " MiB free of " + std::to_string(static_cast<long long>(total_bytes / mib)) + " MiB";
}

}  // namespace

void throw_cuda_error(cudaError_t status, const std::string& what) {
    (void)cudaGetLastError();  // clear it: a later call must not report this failure again
    if (status == cudaErrorMemoryAllocation)
        throw CudaError("pixelprep CUDA: out of device memory in " + what + ": " + status_text(status) + "; " +
                            memory_summary(),
                        int(status));
    throw CudaError("pixelprep CUDA: " + what + " failed: " + status_text(status), int(status));
}

void throw_allocation_error(cudaError_t status, std::size_t bytes) {
    (void)cudaGetLastError();
    throw CudaError("pixelprep CUDA: out of device memory: the workspace needs " + std::to_string(bytes) +
                        " bytes and cudaMalloc failed with " + status_text(status) + "; " + memory_summary() +
                        " (process smaller batches or images, or free GPU memory)",
                    int(status));
}

}  // namespace pixelprep::cuda
