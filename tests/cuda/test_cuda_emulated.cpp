// meson test 'cuda-emulated': the 'cuda' comparison with the device code (src/cuda's
// element functors and pipelines) run on the host by HostExecutor. It needs neither a GPU
// nor nvcc, so it runs everywhere; what it cannot check is the GPU's own arithmetic and
// the CUDA plumbing (workspace pool, streams, error paths), which 'cuda' covers on a GPU.
//
// PIXELPREP_CUDA_EMULATED_RESIZE_SIZES (default 520): how many random resize geometries the
// first group compares (each at 1-4 channels and every filter, three quarters of the cases).
// The sanitizer run (tools/run_sanitizers.sh) sets fewer; the README's test command runs all.
#include <cstdio>
#include <cstdlib>

#include "compare_backends.hpp"

int main() {
    int resize_sizes = 520;
    if (const char* v = std::getenv("PIXELPREP_CUDA_EMULATED_RESIZE_SIZES")) {
        char* end = nullptr;
        const long n = std::strtol(v, &end, 10);
        if (end == v || *end != '\0' || n < 1 || n > 100000) {
            std::fprintf(stderr, "cuda-emulated: PIXELPREP_CUDA_EMULATED_RESIZE_SIZES='%s': not a whole number from 1 to 100000\n", v);
            return 2;
        }
        resize_sizes = int(n);
        std::printf("cuda-emulated: %d random resize geometries of the default 520 (PIXELPREP_CUDA_EMULATED_RESIZE_SIZES)\n",
                    resize_sizes);
    }
    return pixelprep::cuda_test::run_all("cuda-emulated", resize_sizes, pixelprep::dlpack::kDLCPU);
}
