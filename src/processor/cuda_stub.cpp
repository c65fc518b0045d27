// Built when the CUDA backend is not: "cuda" is registered but reports why it cannot run.
#include <optional>
#include <string>

namespace pixelprep {

std::optional<std::string> cuda_unavailable_reason() {
    return std::string("this pixelprep build has no CUDA backend");
}

}  // namespace pixelprep
