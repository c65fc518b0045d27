// meson test 'cuda-emulated': the 'cuda' comparison with the device code (src/cuda's
// element functors and pipelines) run on the host by HostExecutor. It needs neither a GPU
// nor nvcc, so it runs everywhere; what it cannot check is the GPU's own arithmetic and
// the CUDA plumbing (workspace pool, streams, error paths), which 'cuda' covers on a GPU.
#include "compare_backends.hpp"

int main() { return pixelprep::cuda_test::run_all("cuda-emulated", 520, pixelprep::dlpack::kDLCPU); }
