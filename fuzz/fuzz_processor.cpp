// fuzz_processor: a whole processor call (every registered class, cpu backend) on random
// inputs of random sizes with random per-call options.
//
// Each registered class is built once, at start-up, from its defaults with small sizes
// (small_configs below: the default sizes divided by about 16, the same kind of size dict and
// the same ratios), so that an input spends its time in code whose path depends on the input,
// not in per-pixel loops over 224 x 224 or 1456 x 1456 outputs (fuzz/README.md, "Speed").
// The input drives a FuzzedDataProvider:
//   class        one of the registered classes
//   images       1 or 2 inputs; sides 1..64 (log-uniform); PIL modes L/LA/RGB/RGBA, uint8 or
//                float32 arrays HWC/CHW (1, 3 or 4 channels), float values in [0, 1],
//                integral in [0, 255] or anything, 4-D stacks. Inputs smaller and larger than
//                the configured sizes take the same downscale / upscale / crop / pad / patch
//                code as photographs do against the default sizes.
//   options      up to 6 named options: a real option name (or a call-time no-op name) or a
//                random one; the value either --set-style text (JSON, else a bare string,
//                through parse_option_text) or a generated JSON value (bools, ints, floats,
//                size dicts, lists, filter names, null). Sizes are mostly small, sometimes up
//                to 1100 or 2^25 (ConvNeXt's >= 384 branch, the pixel limit).
// Checks: nothing but pixelprep::Error is thrown; outputs are well-formed.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using pixelprep::JsonValue;

// Each class's defaults with small sizes (see the top of this file). Every registered class
// must have an entry: start-up stops with a message naming a class that has none.
const std::map<std::string, std::string>& small_configs() {
    static const std::map<std::string, std::string> configs = {
        {"BeitImageProcessor", R"({"size": {"height": 16, "width": 16}, "crop_size": {"height": 14, "width": 14}})"},
        {"BitImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"BlipImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"ChameleonImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"ChineseCLIPImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"CLIPImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"CohereCompassImageProcessor", R"({"min_pixels": 784, "max_pixels": 3136})"},
        {"ConvNextImageProcessor", R"({"size": {"shortest_edge": 24}})"},
        {"DeiTImageProcessor", R"({"size": {"height": 16, "width": 16}, "crop_size": {"height": 14, "width": 14}})"},
        {"Gemma3ImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"DetrImageProcessor", R"({"size": 14, "max_size": 20, "pad_size": {"height": 24, "width": 24}})"},
        {"YolosImageProcessor", R"({"size": {"shortest_edge": 16, "longest_edge": 32}})"},
        {"RTDetrImageProcessor", R"({"size": {"height": 14, "width": 14}, "do_pad": true})"},
        {"ViltImageProcessor", R"({"size": {"shortest_edge": 16}, "size_divisor": 8})"},
        {"BridgeTowerImageProcessor", R"({"size": {"shortest_edge": 16}, "crop_size": {"shortest_edge": 14}, "size_divisor": 8})"},
        {"SamImageProcessor", R"({"size": {"longest_edge": 16}, "pad_size": {"height": 20, "width": 20}})"},
        {"EfficientNetImageProcessor", R"({"size": {"height": 14, "width": 14}, "rescale_offset": true})"},
        {"PerceiverImageProcessor", R"({"size": {"height": 14, "width": 14}, "crop_size": {"height": 16, "width": 16}})"},
        {"LayoutLMv3ImageProcessor", R"({"size": {"height": 14, "width": 14}, "apply_ocr": false})"},
        {"JanusImageProcessor", R"({"size": {"height": 16, "width": 16}, "min_size": 2})"},
        {"GotOcr2ImageProcessor", R"({"size": {"height": 8, "width": 8}, "crop_to_patches": true, "max_patches": 6})"},
        {"FlavaImageProcessor", R"({"size": {"height": 14, "width": 14}, "crop_size": {"height": 14, "width": 14},
                                    "return_codebook_pixels": true, "codebook_size": 8, "codebook_crop_size": 8})"},
        {"VideoMAEImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"Glm4vImageProcessor", R"({"size": {"shortest_edge": 100, "longest_edge": 3000}})"},
        {"Swin2SRImageProcessor", R"({"size_divisor": 4})"},
        {"Mask2FormerImageProcessor", R"({"size": {"shortest_edge": 14, "longest_edge": 20}, "size_divisor": 8})"},
        {"SuperPointImageProcessor", R"({"size": {"height": 14, "width": 14}, "do_grayscale": true})"},
        {"SuperGlueImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"LightGlueImageProcessor", R"({"size": {"height": 12, "width": 16}})"},
        {"EfficientLoFTRImageProcessor", R"({"size": {"height": 16, "width": 12}, "do_grayscale": false})"},
        {"IdeficsImageProcessor", R"({"image_size": 14})"},
        {"Gemma4ImageProcessor", R"({"max_soft_tokens": 70, "patch_size": 2, "pooling_kernel_size": 1})"},
        {"LlavaOnevisionImageProcessor", R"({"size": {"height": 14, "width": 14},
                                              "image_grid_pinpoints": [[14, 14], [14, 28], [28, 14]]})"},
        {"EomtImageProcessor", R"({"size": {"shortest_edge": 12, "longest_edge": 16}, "do_split_image": true, "do_pad": true})"},
        {"DonutImageProcessor", R"({"size": [12, 16], "do_align_long_axis": true})"},
        {"NougatImageProcessor", R"({"size": {"height": 16, "width": 12}, "do_convert_rgb": true})"},
        {"OneFormerImageProcessor", R"({"size": {"shortest_edge": 12, "longest_edge": 20}, "task_inputs": ["semantic", "ab"]})"},
        {"PaddleOCRVLImageProcessor", R"({"min_pixels": 196, "max_pixels": 3136, "temporal_patch_size": 2})"},
        {"DeepseekVLHybridImageProcessor", R"({"size": {"height": 14, "width": 14}, "high_res_size": {"height": 24, "width": 24}, "min_size": 2})"},
        {"GlmImageImageProcessor", R"({"min_pixels": 256, "max_pixels": 4096, "patch_size": 4})"},
        {"HunYuanVLImageProcessor", R"({"min_pixels": 256, "max_pixels": 4096, "patch_size": 8})"},
        {"Owlv2ImageProcessor", R"({"size": {"height": 12, "width": 20}})"},
        {"Pix2StructImageProcessor", R"({"max_patches": 12, "patch_size": {"height": 4, "width": 6}})"},
        {"Kosmos2_5ImageProcessor", R"({"max_patches": 10, "patch_size": {"height": 6, "width": 4}})"},
        {"Glm5NextImageProcessor", R"({"patch_size": 4, "merge_size": 2, "min_image_tokens": 2, "max_image_tokens": 12})"},
        {"ImageGPTImageProcessor", R"({"size": {"height": 6, "width": 5}, "clusters": [[-1, 0.5, 0.25], [0.1, -0.2, 0.3], [1, 1, -1]]})"},
        {"VideoLlavaImageProcessor", R"({"size": {"shortest_edge": 10}, "crop_size": {"height": 8, "width": 6}})"},
        {"Emu3ImageProcessor", R"({"min_pixels": 64, "max_pixels": 400, "spatial_factor": 4})"},
        {"TvpImageProcessor", R"({"size": {"longest_edge": 12}, "crop_size": {"height": 10, "width": 8}, "pad_size": {"height": 14, "width": 12}, "pad_mode": "symmetric"})"},
        {"FuyuImageProcessor", R"({"size": {"height": 12, "width": 18}, "padding_mode": "reflect"})"},
        {"Idefics2ImageProcessor", R"({"size": {"shortest_edge": 8, "longest_edge": 20}, "do_image_splitting": true})"},
        {"ConditionalDetrImageProcessor", R"({"size": {"shortest_edge": 14, "longest_edge": 20}})"},
        {"DeformableDetrImageProcessor", R"({"size": {"max_height": 16, "max_width": 16}, "pad_size": {"height": 16, "width": 16}})"},
        {"GroundingDinoImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"MaskFormerImageProcessor", R"({"size": 14, "max_size": 20, "size_divisor": 4})"},
        {"DeepseekVLImageProcessor", R"({"size": {"height": 14, "width": 14}, "min_size": 2})"},
        {"LayoutLMv2ImageProcessor", R"({"size": {"height": 14, "width": 14}, "apply_ocr": false})"},
        {"Ernie4_5_VLMoeImageProcessor", R"({"size": {"shortest_edge": 784, "longest_edge": 3136}})"},
        {"Glm46VImageProcessor", R"({"size": {"shortest_edge": 100, "longest_edge": 3000}})"},
        {"GlmgaImageProcessor", R"({"size": {"shortest_edge": 100, "longest_edge": 3000}, "patch_expand_factor": 2})"},
        {"GraniteDoclingImageProcessor", R"({"size": {"height": 8, "width": 12}, "max_patches": 20, "dense_max_patches": 30,
                                             "dense_min_aspect": 1.1, "fine_route": true})"},
        {"AriaImageProcessor", R"({"max_image_size": 490, "min_image_size": 8, "split_image": true,
                                   "split_resolutions": [[490, 980], [980, 490]]})"},
        {"DeepseekOcr2ImageProcessor", R"({"size": {"height": 20, "width": 20}, "tile_size": 12, "background_color": 9})"},
        {"MiniCPMV4_6ImageProcessor", R"({"scale_resolution": 16, "patch_size": 2, "max_slice_nums": 4})"},
        {"Cosmos3EdgeImageProcessor", R"({"size": {"shortest_edge": 100, "longest_edge": 3000}, "patch_size": 4,
                                          "temporal_patch_size": 2})"},
        {"VideoLlama3ImageProcessor", R"({"min_pixels": 196, "max_pixels": 3136})"},
        {"Ovis2ImageProcessor", R"({"size": {"height": 14, "width": 14}, "crop_to_patches": true, "max_patches": 5})"},
        {"PromptDepthAnythingImageProcessor", R"({"size": {"height": 14, "width": 14}, "do_pad": true, "size_divisor": 4})"},
        {"DPTImageProcessor", R"({"size": {"height": 14, "width": 14}, "keep_aspect_ratio": true, "ensure_multiple_of": 7,
                                  "do_pad": true, "size_divisor": 4})"},
        {"GLPNImageProcessor", R"({"size_divisor": 8})"},
        {"Idefics3ImageProcessor", R"({"size": {"longest_edge": 56}, "max_image_size": {"longest_edge": 14}})"},
        {"LevitImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"LlavaImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"LlavaNextImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14},
                                        "image_grid_pinpoints": [[14, 28], [28, 14], [28, 28], [42, 14], [14, 42]]})"},
        {"MllamaImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"MobileNetV1ImageProcessor", R"({"size": {"shortest_edge": 16}, "crop_size": {"height": 14, "width": 14}})"},
        {"MobileNetV2ImageProcessor", R"({"size": {"shortest_edge": 16}, "crop_size": {"height": 14, "width": 14}})"},
        {"MobileViTImageProcessor", R"({"size": {"shortest_edge": 16}, "crop_size": {"height": 14, "width": 14}})"},
        {"OwlViTImageProcessor", R"({"size": {"height": 14, "width": 14}, "rescale": true})"},
        {"PixtralImageProcessor", R"({"size": {"longest_edge": 32}, "patch_size": {"height": 8, "width": 8}})"},
        {"PoolFormerImageProcessor", R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14}})"},
        {"PPChart2TableImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"PvtImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"Qwen2VLImageProcessor", R"({"min_pixels": 784, "max_pixels": 3136})"},
        {"SegformerImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"SiglipImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
        {"Siglip2ImageProcessor", R"({"max_num_patches": 16})"},
        {"SmolVLMImageProcessor", R"({"size": {"longest_edge": 56}, "max_image_size": {"longest_edge": 14}})"},
        {"TextNetImageProcessor", R"({"size": {"shortest_edge": 14}, "size_divisor": 8})"},
        {"ViTImageProcessor", R"({"size": {"height": 14, "width": 14}})"},
    };
    return configs;
}

// A class under test, built once.
struct Subject {
    pixelprep::AnyProcessor processor;
    std::vector<std::string> option_names;  // its options and the call-time no-op names
};
std::vector<Subject> subjects;

struct Pixels {
    std::vector<std::uint8_t> u8;
    std::vector<float> f32;
};

// Inputs keep pointers into their pixel buffers; the buffers live as long as the call.
struct InputSet {
    std::vector<std::unique_ptr<Pixels>> buffers;
    std::vector<pixelprep::InputImage> images;
};

std::uint32_t next(std::uint32_t& x) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

// The pixel loops of the inputs: left out of coverage (fuzz/coverage_ignore.txt), their
// branches say nothing about pixelprep.
void fill_random_bytes(std::uint8_t* p, std::size_t n, std::uint32_t seed, bool flat) {
    for (std::size_t i = 0; i < n; ++i) p[i] = std::uint8_t(next(seed) >> 24);
    if (flat)  // flat regions (alpha 0 and 255 are special cases of premultiply)
        for (std::size_t i = 0; i < n; ++i) p[i] = (p[i] & 0x80) ? 255 : 0;
}

void fill_random_floats(float* p, std::size_t n, std::uint32_t seed, int style) {
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t r = next(seed);
        switch (style) {
            case 0: p[i] = float(r >> 8) / float(1u << 24); break;        // [0, 1)
            case 1: p[i] = float(r >> 24); break;                         // integral 0..255
            case 2: p[i] = float(std::int32_t(r)) / 65536.0f; break;      // anything
            default: p[i] = (r & 1) ? 1.0f : 0.0f; break;                 // 0 / 1 only
        }
    }
}

// A size: mostly small (the configured sizes are 14..56), sometimes up to 1100 (ConvNeXt's
// >= 384 branch, the pixel limit) or 2^25 (beyond it).
long long random_size(FuzzedDataProvider& fdp) {
    switch (fdp.ConsumeIntegralInRange<int>(0, 3)) {
        case 0:
        case 1: return fdp.ConsumeIntegralInRange<long long>(-2, 80);
        case 2: return fdp.ConsumeIntegralInRange<long long>(-2, 1100);
        default: return fdp.ConsumeIntegralInRange<long long>(-2, 1LL << 25);
    }
}

void add_input(FuzzedDataProvider& fdp, InputSet& set) {
    // Sides 1..64, log-uniform.
    auto side = [&] {
        const int e = fdp.ConsumeIntegralInRange<int>(0, 6);
        return fdp.ConsumeIntegralInRange<int>(e == 0 ? 1 : (1 << (e - 1)) + 1, 1 << e);
    };
    const int h = side();
    const int w = side();
    const int kind = fdp.ConsumeIntegralInRange<int>(0, 9);
    std::uint32_t seed = fdp.ConsumeIntegral<std::uint32_t>() | 1u;
    const int value_style = fdp.ConsumeIntegralInRange<int>(0, 3);

    if (kind <= 3) {  // a PIL image of mode L, LA, RGB or RGBA
        static constexpr pixelprep::PilMode modes[4] = {pixelprep::PilMode::L, pixelprep::PilMode::LA,
                                                         pixelprep::PilMode::RGB, pixelprep::PilMode::RGBA};
        const pixelprep::PilMode mode = modes[kind];
        pixelprep::ImageU8 img(h, w, pixelprep::pil_mode_channels(mode));
        fill_random_bytes(img.data(), img.size(), seed, value_style == 0);
        set.images.push_back(pixelprep::InputImage::pil(std::move(img), mode));
        return;
    }
    static constexpr int channel_choices[3] = {1, 3, 4};
    const int c = channel_choices[fdp.ConsumeIntegralInRange<int>(0, 2)];
    const bool chw = fdp.ConsumeBool();
    const bool as_float = kind >= 7;
    const bool stack = kind == 6;
    const long long n = stack ? 2 : 1;
    const std::size_t count = std::size_t(n) * std::size_t(h) * std::size_t(w) * std::size_t(c);
    auto px = std::make_unique<Pixels>();
    std::vector<long long> shape = chw ? std::vector<long long>{c, h, w} : std::vector<long long>{h, w, c};
    if (stack) shape.insert(shape.begin(), n);
    if (!as_float) {
        px->u8.resize(count);
        fill_random_bytes(px->u8.data(), count, seed, false);
        set.images.push_back(pixelprep::InputImage::array(px->u8.data(), shape));
    } else {
        px->f32.resize(count);
        fill_random_floats(px->f32.data(), count, seed, kind == 9 ? value_style : kind - 7);
        set.images.push_back(pixelprep::InputImage::array(px->f32.data(), shape));
    }
    set.buffers.push_back(std::move(px));
}

JsonValue random_value(FuzzedDataProvider& fdp, int depth = 0) {
    switch (fdp.ConsumeIntegralInRange<int>(0, 11)) {
        case 0: return JsonValue(nullptr);
        case 1: return JsonValue(fdp.ConsumeBool());
        case 2: return JsonValue(random_size(fdp));
        case 3: return JsonValue(fdp.ConsumeIntegral<long long>());
        case 4: return JsonValue(fdp.ConsumeFloatingPoint<double>());
        case 5: return JsonValue(fdp.ConsumeFloatingPointInRange<double>(-2.0, 2.0));
        case 6: {  // a size dict
            static const char* const keys[] = {"height", "width", "shortest_edge", "longest_edge",
                                               "max_height", "max_width", "min_pixels", "max_pixels"};
            JsonValue::Object o;
            const int nkeys = fdp.ConsumeIntegralInRange<int>(0, 3);
            for (int i = 0; i < nkeys; ++i) o[keys[fdp.ConsumeIntegralInRange<int>(0, 7)]] = JsonValue(random_size(fdp));
            return JsonValue(std::move(o));
        }
        case 7: {  // a list (mean/std, [h, w], pinpoints)
            JsonValue::Array a;
            const int len = fdp.ConsumeIntegralInRange<int>(0, 5);
            for (int i = 0; i < len; ++i) a.push_back(depth < 2 ? random_value(fdp, depth + 1) : JsonValue(1));
            return JsonValue(std::move(a));
        }
        case 8: {
            static const char* const names[] = {"bicubic", "NEAREST", "lanczos", "box", "hamming", "linear", "bogus",
                                                "channels_first", "channels_last", "np", "pt"};
            return JsonValue(names[fdp.ConsumeIntegralInRange<int>(0, 10)]);
        }
        case 9: return JsonValue(fdp.ConsumeIntegralInRange<long long>(0, 5));  // filter codes
        case 10: {  // [[h, w], ...] pinpoints
            JsonValue::Array a;
            const int len = fdp.ConsumeIntegralInRange<int>(1, 3);
            for (int i = 0; i < len; ++i)
                a.emplace_back(JsonValue::Array{JsonValue(random_size(fdp)), JsonValue(random_size(fdp))});
            return JsonValue(std::move(a));
        }
        default: return JsonValue(fdp.ConsumeRandomLengthString(12));
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    pixelprep_fuzz::init_process(pixelprep_fuzz::processor_max_image_pixels);
    pixelprep::Registry& registry = pixelprep::Registry::global();
    for (const std::string& cls : registry.class_names()) {
        const auto config = small_configs().find(cls);
        if (config == small_configs().end())
            pixelprep_fuzz::invariant_failed("fuzz_processor: class " + cls + " has no entry in small_configs()");
        try {
            Subject s{registry.factory(cls, "cpu")(pixelprep::parse_json(config->second, cls), cls), {}};
            s.option_names = s.processor.option_names();
            for (auto n : pixelprep::call_time_no_op_options) s.option_names.emplace_back(n);
            subjects.push_back(std::move(s));
        } catch (const pixelprep::Error& e) {
            pixelprep_fuzz::invariant_failed("fuzz_processor: the small config of " + cls + " does not load: " + e.what());
        }
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider fdp(data, size);
    const Subject& subject = subjects[fdp.ConsumeIntegralInRange<std::size_t>(0, subjects.size() - 1)];
    const pixelprep::AnyProcessor& processor = subject.processor;
    const std::vector<std::string>& names = subject.option_names;

    InputSet inputs;
    const int n_images = fdp.ConsumeIntegralInRange<int>(1, 2);
    try {
        for (int i = 0; i < n_images; ++i) add_input(fdp, inputs);
    } catch (const pixelprep::Error&) {
        return 0;  // e.g. a 4-D stack of 2-D arrays: rejected when the input is described
    }

    JsonValue::Object named;
    const int n_options = fdp.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < n_options; ++i) {
        std::string name = fdp.ConsumeIntegralInRange<int>(0, 7) == 0
                               ? fdp.ConsumeRandomLengthString(16)
                               : names[fdp.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)];
        if (fdp.ConsumeBool())
            named[name] = pixelprep::parse_option_text(fdp.ConsumeRandomLengthString(48));  // --set NAME=TEXT
        else
            named[name] = random_value(fdp);
    }

    try {
        (void)processor.effective_options(named);
    } catch (const pixelprep::Error&) {
    }
    try {
        pixelprep_fuzz::consume(processor(pixelprep::ImageBatch(inputs.images), named));
    } catch (const pixelprep::Error&) {
    }
    return 0;
}
