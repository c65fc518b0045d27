// The built-in models' CUDA processors, ImageProcessor<Model, CudaPolicy>, are compiled once
// in a CUDA build of pixelprep_lib (src/processor/builtin_registry.cpp). A translation unit
// of such a build that includes this header uses those instead of compiling its own (the
// 'cuda' test, the GPU benchmark); see builtin_processors.hpp for the CPU ones. Only with a
// CUDA build: without one, the library holds no CUDA processors.
#pragma once

#include "pixelprep/cuda_policy.hpp"
#include "pixelprep/processor/builtin_processors.hpp"

namespace pixelprep {
#define PIXELPREP_EXTERN_CUDA_PROCESSOR(Model) extern template class ImageProcessor<Model, CudaPolicy>;
PIXELPREP_BUILTIN_MODELS(PIXELPREP_EXTERN_CUDA_PROCESSOR)
#undef PIXELPREP_EXTERN_CUDA_PROCESSOR
}  // namespace pixelprep
