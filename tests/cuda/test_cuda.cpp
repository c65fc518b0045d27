// meson test 'cuda': CudaPolicy on the GPU against CpuPolicy, byte for byte. Exits 77
// (meson's "skipped") with the reason when this machine cannot run the CUDA backend, after
// checking that a CudaPolicy call then fails cleanly with that reason.
#include <cstdio>
#include <string>

#include <pixelprep/processor/builtin_cuda_processors.hpp>  // the library's, not compiled again here

#include "compare_backends.hpp"

namespace {

// Without a usable GPU, an operation must throw BackendUnavailable carrying the reason.
bool refuses_cleanly(const std::string& reason) {
    const pixelprep::WorkingImage img = pixelprep::ImageU8(4, 4, 3);
    try {
        (void)pixelprep::CudaPolicy::rescale(img, 0.5);
    } catch (const pixelprep::BackendUnavailable& e) {
        std::printf("cuda: CudaPolicy refuses as it should: %s\n", e.what());
        return std::string(e.what()).find(reason) != std::string::npos;
    } catch (const std::exception& e) {
        std::printf("cuda: FAIL: CudaPolicy threw something other than BackendUnavailable: %s\n", e.what());
        return false;
    }
    std::printf("cuda: FAIL: CudaPolicy ran although the backend is unavailable\n");
    return false;
}

}  // namespace

int main() {
    if (const auto why = pixelprep::cuda_unavailable_reason()) {
        if (!refuses_cleanly(*why)) return 1;
        std::printf("cuda: skipped: %s\n", why->c_str());
        return 77;
    }
    return pixelprep::cuda_test::run_all("cuda", 520, pixelprep::dlpack::kDLCUDA);
}
