// The built-in models' CPU processors, ImageProcessor<Model, CpuPolicy>, are compiled once,
// in pixelprep_lib (src/processor/builtin_registry.cpp), not in every translation unit
// that uses them: each is declared here as an explicit instantiation (`extern template`),
// which tells the compiler that the library holds the members defined outside the class
// (image_processor.hpp). Those are the costly ones, the whole pipeline of the model, so a
// program that includes this header (pixelprep.hpp does) must link pixelprep_lib, as
// AutoImageProcessor already requires. A program that wants the headers alone defines
// PIXELPREP_NO_EXTERN_PROCESSORS and compiles its own copies.
#pragma once

#include "pixelprep/cpu_policy.hpp"
#include "pixelprep/models/beit.hpp"
#include "pixelprep/models/bit.hpp"
#include "pixelprep/models/blip.hpp"
#include "pixelprep/models/chameleon.hpp"
#include "pixelprep/models/chinese_clip.hpp"
#include "pixelprep/models/clip.hpp"
#include "pixelprep/models/cohere_compass.hpp"
#include "pixelprep/models/convnext.hpp"
#include "pixelprep/models/deepseek_vl_hybrid.hpp"
#include "pixelprep/models/deit.hpp"
#include "pixelprep/models/detr.hpp"
#include "pixelprep/models/dpt.hpp"
#include "pixelprep/models/gemma3.hpp"
#include "pixelprep/models/gemma4.hpp"
#include "pixelprep/models/hunyuan_vl.hpp"
#include "pixelprep/models/efficientnet.hpp"
#include "pixelprep/models/ernie4_5_vl.hpp"
#include "pixelprep/models/emu3.hpp"
#include "pixelprep/models/flava.hpp"
#include "pixelprep/models/fuyu.hpp"
#include "pixelprep/models/glm4v.hpp"
#include "pixelprep/models/cosmos3_edge.hpp"
#include "pixelprep/models/aria.hpp"
#include "pixelprep/models/granite_docling.hpp"
#include "pixelprep/models/deepseek_ocr2.hpp"
#include "pixelprep/models/minicpmv4_6.hpp"
#include "pixelprep/models/glm5_next.hpp"
#include "pixelprep/models/glm_image.hpp"
#include "pixelprep/models/glpn.hpp"
#include "pixelprep/models/got_ocr2.hpp"
#include "pixelprep/models/idefics.hpp"
#include "pixelprep/models/donut.hpp"
#include "pixelprep/models/eomt.hpp"
#include "pixelprep/models/idefics2.hpp"
#include "pixelprep/models/idefics3.hpp"
#include "pixelprep/models/imagegpt.hpp"
#include "pixelprep/models/janus.hpp"
#include "pixelprep/models/kosmos2_5.hpp"
#include "pixelprep/models/layoutlm.hpp"
#include "pixelprep/models/levit.hpp"
#include "pixelprep/models/llava.hpp"
#include "pixelprep/models/llava_next.hpp"
#include "pixelprep/models/llava_onevision.hpp"
#include "pixelprep/models/mllama.hpp"
#include "pixelprep/models/mobilenet_v1.hpp"
#include "pixelprep/models/mobilenet_v2.hpp"
#include "pixelprep/models/mobilevit.hpp"
#include "pixelprep/models/oneformer.hpp"
#include "pixelprep/models/ovis2.hpp"
#include "pixelprep/models/owlv2.hpp"
#include "pixelprep/models/owlvit.hpp"
#include "pixelprep/models/paddleocr_vl.hpp"
#include "pixelprep/models/perceiver.hpp"
#include "pixelprep/models/pix2struct.hpp"
#include "pixelprep/models/pixtral.hpp"
#include "pixelprep/models/poolformer.hpp"
#include "pixelprep/models/pp_chart2table.hpp"
#include "pixelprep/models/pvt.hpp"
#include "pixelprep/models/qwen2_vl.hpp"
#include "pixelprep/models/sam.hpp"
#include "pixelprep/models/segformer.hpp"
#include "pixelprep/models/siglip.hpp"
#include "pixelprep/models/siglip2.hpp"
#include "pixelprep/models/superglue.hpp"
#include "pixelprep/models/superpoint.hpp"
#include "pixelprep/models/swin2sr.hpp"
#include "pixelprep/models/textnet.hpp"
#include "pixelprep/models/video_llama_3.hpp"
#include "pixelprep/models/tvp.hpp"
#include "pixelprep/models/video_llava.hpp"
#include "pixelprep/models/videomae.hpp"
#include "pixelprep/models/vilt.hpp"
#include "pixelprep/models/vit.hpp"
#include "pixelprep/processor/image_processor.hpp"

// The list the declarations below and the library's instantiations are both made from. A new
// built-in model joins it.
#define PIXELPREP_BUILTIN_MODELS(X)                                                                      \
    X(ClipModel) X(VitModel) X(SiglipModel) X(BitModel) X(ConvNextModel) X(DeitModel) X(BeitModel)       \
    X(LlavaModel) X(LlavaNextModel) X(Qwen2VLModel) X(PixtralModel) X(Siglip2Model) X(Gemma3Model)      \
    X(Idefics3Model) X(SmolVLMModel) X(MllamaModel) X(BlipModel) X(ChineseClipModel) X(MobileNetV1Model)      \
    X(PvtModel) X(MobileNetV2Model) X(SegformerModel) X(ChameleonModel) X(CohereCompassModel)             \
    X(OwlViTModel) X(LevitModel) X(PPChart2TableModel) X(TextNetModel) X(GLPNModel) X(DPTModel)            \
    X(MobileViTModel) X(PoolFormerModel) X(DetrModel) X(ConditionalDetrModel) X(DeformableDetrModel)        \
    X(GroundingDinoModel) X(YolosModel) X(RTDetrModel) X(ViltModel) X(BridgeTowerModel)   \
    X(SamModel) X(EfficientNetModel) X(PerceiverModel) X(LayoutLMv2Model) X(LayoutLMv3Model) X(VideoMAEModel) \
    X(JanusModel) X(DeepseekVLModel) X(FlavaModel) X(GotOcr2Model) X(Ernie4_5_VLMoeModel) \
    X(Glm4vModel) X(Glm46VModel) X(GlmgaModel) X(VideoLlama3Model) X(Ovis2Model)              \
    X(SuperPointModel) X(PromptDepthAnythingModel) X(Mask2FormerModel) X(MaskFormerModel) \
    X(Swin2SRModel) X(SuperGlueModel) X(LightGlueModel) X(EfficientLoFTRModel) \
    X(IdeficsModel) X(Gemma4Model) X(LlavaOnevisionModel) X(Idefics2Model) X(EomtModel) \
    X(DonutModel) X(NougatModel) X(OneFormerModel) X(PaddleOCRVLModel) \
    X(HunYuanVLModel) X(GlmImageModel) X(DeepseekVLHybridModel) X(Owlv2Model) \
    X(Pix2StructModel) X(Kosmos2_5Model) X(Glm5NextModel) X(ImageGPTModel) \
    X(VideoLlavaModel) X(Emu3Model) X(TvpModel) X(FuyuModel) X(Cosmos3EdgeModel) \
    X(DeepseekOcr2Model) X(MiniCPMV4_6Model) X(AriaModel) X(GraniteDoclingModel)

#if !defined(PIXELPREP_NO_EXTERN_PROCESSORS)
namespace pixelprep {
#define PIXELPREP_EXTERN_CPU_PROCESSOR(Model) extern template class ImageProcessor<Model, CpuPolicy>;
PIXELPREP_BUILTIN_MODELS(PIXELPREP_EXTERN_CPU_PROCESSOR)
#undef PIXELPREP_EXTERN_CPU_PROCESSOR
}  // namespace pixelprep
#endif
