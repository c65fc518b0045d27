// Built only when the CUDA backend is not (meson: has_cuda false): "cuda" is registered
// but reports why it cannot run, and the run-time queries of pixelprep/cuda/runtime.hpp
// still link.
#include <cstdint>
#include <optional>
#include <string>

#include "pixelprep/cuda/runtime.hpp"

namespace pixelprep {

std::optional<std::string> cuda_unavailable_reason() {
    return std::string("this pixelprep build has no CUDA backend");
}

namespace cuda {
std::uint64_t workspace_allocation_count() { return 0; }
std::uint64_t kernel_launch_count() { return 0; }
std::uint64_t plan_batch_count() { return 0; }
}  // namespace cuda

}  // namespace pixelprep
