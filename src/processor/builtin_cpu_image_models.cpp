// ImageProcessor<Model, CpuPolicy> for the built-in image models (CLIP, ViT, ...): compiled
// here once for every program, which sees them as `extern template`
// (pixelprep/processor/builtin_processors.hpp).
#include "pixelprep/processor/builtin_processors.hpp"

namespace pixelprep {
#define PIXELPREP_INSTANTIATE_CPU_PROCESSOR(Model) template class ImageProcessor<Model, CpuPolicy>;
PIXELPREP_BUILTIN_IMAGE_MODELS(PIXELPREP_INSTANTIATE_CPU_PROCESSOR)
}  // namespace pixelprep
