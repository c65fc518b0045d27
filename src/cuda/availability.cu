// cuda_unavailable_reason(): whether this process can run the CUDA backend, probed once.
#include <optional>
#include <string>

#include <cuda_runtime.h>

#include "pixelprep/cuda/runtime.hpp"

namespace pixelprep {

namespace {

// Compiled for the same architectures as the real kernels: if the GPU has no image for
// this one, it has none for them either.
__global__ void availability_probe_kernel() {}

std::string status_text(cudaError_t status) {
    return "error " + std::to_string(int(status)) + " " + cudaGetErrorName(status) + ": " + cudaGetErrorString(status);
}

std::optional<std::string> probe() {
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) {
        (void)cudaGetLastError();
        // Without a driver, cudaGetDeviceCount fails with 35 (cudaErrorInsufficientDriver),
        // not cudaErrorNoDevice, and leaves `count` unwritten.
        if (status == cudaErrorInsufficientDriver)
            return "no usable NVIDIA driver (cudaGetDeviceCount: " + status_text(status) + ")";
        if (status == cudaErrorNoDevice)
            return "no CUDA device is visible (cudaGetDeviceCount: " + status_text(status) + ")";
        return "cudaGetDeviceCount failed: " + status_text(status);
    }
    if (count <= 0) return std::string("no CUDA device is visible (cudaGetDeviceCount returned 0)");

    int device = 0, major = 0, minor = 0;
    if (cudaGetDevice(&device) != cudaSuccess ||
        cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device) != cudaSuccess ||
        cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device) != cudaSuccess) {
        const cudaError_t e = cudaGetLastError();
        return "cannot query the current CUDA device: " + status_text(e);
    }
    cudaDeviceProp prop{};
    const std::string name =
        cudaGetDeviceProperties(&prop, device) == cudaSuccess ? std::string(prop.name) : std::string("unknown");
    (void)cudaGetLastError();
    const std::string which = "device " + std::to_string(device) + " (" + name + ", compute capability " +
                              std::to_string(major) + "." + std::to_string(minor) + ")";
    if (major * 10 + minor < 75) return which + " is older than compute capability 7.5, the oldest the backend supports";

    cudaFuncAttributes attributes{};
    const cudaError_t image = cudaFuncGetAttributes(&attributes, availability_probe_kernel);
    if (image != cudaSuccess) {
        (void)cudaGetLastError();
        return "this build has no kernel image for " + which + " (" + status_text(image) +
               "); rebuild with -Dgpu_archs including " + std::to_string(major) + "." + std::to_string(minor);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> cuda_unavailable_reason() {
    static const std::optional<std::string> reason = probe();
    return reason;
}

}  // namespace pixelprep
