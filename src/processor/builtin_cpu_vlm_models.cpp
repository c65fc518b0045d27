// ImageProcessor<Model, CpuPolicy> for the built-in vision-language models (Qwen2-VL,
// LLaVA-NeXT, ...): compiled here once for every program, which sees them as
// `extern template` (pixelprep/processor/builtin_processors.hpp).
#include "pixelprep/processor/builtin_processors.hpp"

namespace pixelprep {
#define PIXELPREP_INSTANTIATE_CPU_PROCESSOR(Model) template class ImageProcessor<Model, CpuPolicy>;
PIXELPREP_BUILTIN_VLM_MODELS(PIXELPREP_INSTANTIATE_CPU_PROCESSOR)
}  // namespace pixelprep
