// The built-in models and backends. Each ImageProcessor<Model, Backend> used through the
// registry is compiled here, once, instead of in every user translation unit: explicit
// instantiations, which builtin_processors.hpp (CPU) and builtin_cuda_processors.hpp (CUDA)
// declare extern. One translation unit for all models, because they share most of the
// backend's code (resize, the SIMD kernels, the pipeline steps): split, each part would
// compile it again.
//
// A plain C++ file in every build: cuda_policy.hpp is a host header, and meson defines
// PIXELPREP_HAS_CUDA here only when the CUDA sources (src/cuda) are built too.
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "pixelprep/processor/builtin_processors.hpp"
#if defined(PIXELPREP_HAS_CUDA)
#include "pixelprep/processor/builtin_cuda_processors.hpp"
#endif
#include "pixelprep/processor/registry.hpp"

namespace pixelprep {

#define PIXELPREP_INSTANTIATE_CPU_PROCESSOR(Model) template class ImageProcessor<Model, CpuPolicy>;
PIXELPREP_BUILTIN_MODELS(PIXELPREP_INSTANTIATE_CPU_PROCESSOR)
#undef PIXELPREP_INSTANTIATE_CPU_PROCESSOR
#if defined(PIXELPREP_HAS_CUDA)
#define PIXELPREP_INSTANTIATE_CUDA_PROCESSOR(Model) template class ImageProcessor<Model, CudaPolicy>;
PIXELPREP_BUILTIN_MODELS(PIXELPREP_INSTANTIATE_CUDA_PROCESSOR)
#undef PIXELPREP_INSTANTIATE_CUDA_PROCESSOR
#endif

namespace {

template <class Model> void add(Registry& r, std::initializer_list<const char*> model_types) {
    std::map<std::string, ProcessorFactory> factories{{"cpu", make_factory<Model, CpuPolicy>()}};
#if defined(PIXELPREP_HAS_CUDA)
    factories.emplace("cuda", make_factory<Model, CudaPolicy>());
#endif
    r.register_processor(std::string(Model::class_name), std::move(factories));
    for (const char* mt : model_types) r.register_model_type(mt, std::string(Model::class_name));
}

}  // namespace

// Defined in src/cuda when CUDA is built (no driver, no device, too old a GPU...);
// otherwise src/processor/cuda_stub.cpp reports that the build has no CUDA backend.
std::optional<std::string> cuda_unavailable_reason();

void register_builtin_processors(Registry& r) {
    r.register_backend("cpu", [] { return std::optional<std::string>{}; });
    r.register_backend("cuda", [] { return cuda_unavailable_reason(); });
    // model_type lists follow transformers 5.23.0's IMAGE_PROCESSOR_MAPPING_NAMES.
    add<ClipModel>(r, {"clip", "aimv2", "aimv2_vision_model", "altclip", "florence2", "git", "groupvit", "kosmos-2",
                       "metaclip_2", "mlcd", "vipllava", "xclip"});
    add<VitModel>(r, {"vit", "clipseg", "dinat", "ijepa", "mgp-str", "swiftformer", "swin", "swinv2", "trocr",
                      "vit_mae", "vit_msn"});
    add<SiglipModel>(r, {"siglip", "colpali", "gemma3n", "paligemma"});
    add<BitModel>(r, {"bit", "dinov2", "focalnet", "hiera", "pixio"});
    add<ConvNextModel>(r, {"convnext", "convnextv2", "cvt", "regnet", "resnet"});
    add<DeitModel>(r, {"deit"});
    add<BeitModel>(r, {"beit", "data2vec-vision"});
    add<LlavaModel>(r, {"llava"});
    add<LlavaNextModel>(r, {"llava_next", "granite4_vision", "llava_next_video"});
    add<Qwen2VLModel>(r, {"qwen2_vl", "colqwen2", "cosmos3_omni", "dots3_note", "exaone4_5", "hyperclovax_vision_v2",
                          "lfm3_vl", "qwen2_5_omni", "qwen2_5_vl", "qwen3_5", "qwen3_5_moe", "qwen3_omni_moe", "qwen3_vl",
                          "qwen4_exp"});
    add<PixtralModel>(r, {"pixtral", "lighton_ocr", "mistral3", "mistral_large4"});
    add<Siglip2Model>(r, {"siglip2"});
    add<Gemma3Model>(r, {"gemma3", "shieldgemma2", "t5gemma2", "t5gemma2_encoder"});
    add<Idefics3Model>(r, {"idefics3"});
    add<SmolVLMModel>(r, {"smolvlm"});
    add<MllamaModel>(r, {"mllama"});
    add<BlipModel>(r, {"blip", "blip-2", "instructblip"});
    add<ChineseClipModel>(r, {"chinese_clip"});
    add<MobileNetV1Model>(r, {"mobilenet_v1"});
    add<PvtModel>(r, {"pvt", "pvt_v2"});
    add<MobileNetV2Model>(r, {"mobilenet_v2"});
    add<SegformerModel>(r, {"segformer", "upernet"});
    add<ChameleonModel>(r, {"chameleon"});
    add<CohereCompassModel>(r, {"cohere_compass"});
    add<OwlViTModel>(r, {"owlvit"});
    add<LevitModel>(r, {"levit"});
    add<PPChart2TableModel>(r, {"pp_chart2table"});
    add<TextNetModel>(r, {"textnet"});
    add<GLPNModel>(r, {"glpn"});
    add<DPTModel>(r, {"dpt", "depth_anything"});
    add<MobileViTModel>(r, {"mobilevit", "mobilevitv2"});
    add<PoolFormerModel>(r, {"poolformer"});
    add<DetrModel>(r, {"detr", "table-transformer", "omdet-turbo"});
    add<ConditionalDetrModel>(r, {"conditional_detr"});
    add<DeformableDetrModel>(r, {"deformable_detr", "lw_detr"});
    add<GroundingDinoModel>(r, {"grounding-dino", "mm-grounding-dino"});
    add<YolosModel>(r, {"yolos"});
    add<RTDetrModel>(r, {"rt_detr", "deimv2"});
    add<ViltModel>(r, {"vilt"});
    add<BridgeTowerModel>(r, {"bridgetower"});
    add<SamModel>(r, {"sam", "sam_hq"});
    add<EfficientNetModel>(r, {"efficientnet", "align"});
    add<PerceiverModel>(r, {"perceiver"});
    add<LayoutLMv2Model>(r, {"layoutlmv2", "layoutxlm"});
    add<LayoutLMv3Model>(r, {"layoutlmv3", "udop"});
    add<VideoMAEModel>(r, {"videomae", "timesformer"});
    add<JanusModel>(r, {"janus"});
    add<DeepseekVLModel>(r, {"deepseek_vl"});
    add<FlavaModel>(r, {"flava"});
    add<GotOcr2Model>(r, {"got_ocr2", "internvl", "aya_vision", "qianfan_ocr"});
    add<Ernie4_5_VLMoeModel>(r, {"ernie4_5_vl_moe"});
    add<Glm4vModel>(r, {"glm4v"});
    add<Glm46VModel>(r, {"glm46v"});
    add<GlmgaModel>(r, {"glmga"});
    add<Cosmos3EdgeModel>(r, {"cosmos3_edge"});
    add<DeepseekOcr2Model>(r, {"deepseek_ocr2"});
    add<AriaModel>(r, {"aria"});
    add<GraniteDoclingModel>(r, {"granite_docling"});
    add<MiniCPMV4_6Model>(r, {"minicpmv4_6", "minicpmv4_7"});
    add<VideoLlama3Model>(r, {"video_llama_3"});
    add<Ovis2Model>(r, {"ovis2"});
    add<SuperPointModel>(r, {"superpoint"});
    add<SuperGlueModel>(r, {"superglue"});
    add<LightGlueModel>(r, {"lightglue"});
    add<EfficientLoFTRModel>(r, {"efficientloftr"});
    add<IdeficsModel>(r, {"idefics"});
    add<Gemma4Model>(r, {"gemma4", "embedding_gemma2"});
    add<LlavaOnevisionModel>(r, {"llava_onevision"});
    add<Idefics2Model>(r, {"idefics2"});
    add<EomtModel>(r, {"eomt", "eomt_dinov3"});
    add<DonutModel>(r, {"donut-swin"});
    add<NougatModel>(r, {"nougat"});
    add<PromptDepthAnythingModel>(r, {"prompt_depth_anything"});
    add<Mask2FormerModel>(r, {"mask2former"});
    add<MaskFormerModel>(r, {"maskformer"});
    add<OneFormerModel>(r, {"oneformer"});
    add<PaddleOCRVLModel>(r, {"paddleocr_vl"});
    add<HunYuanVLModel>(r, {"hunyuan_vl"});
    add<GlmImageModel>(r, {"glm_image"});
    add<DeepseekVLHybridModel>(r, {"deepseek_vl_hybrid"});
    add<Owlv2Model>(r, {"owlv2"});
    add<Pix2StructModel>(r, {"pix2struct"});
    add<Kosmos2_5Model>(r, {"kosmos-2.5"});
    add<Glm5NextModel>(r, {"glm5_next"});
    add<ImageGPTModel>(r, {"imagegpt"});
    add<VideoLlavaModel>(r, {"video_llava"});
    add<Emu3Model>(r, {"emu3"});
    add<TvpModel>(r, {"tvp"});
    add<FuyuModel>(r, {"fuyu"});
    add<Swin2SRModel>(r, {"swin2sr"});
}

}  // namespace pixelprep
