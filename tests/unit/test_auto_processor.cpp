#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <pixelprep/pixelprep.hpp>

#include "test_support.hpp"

using namespace pixelprep;
using namespace pixelprep_test;
namespace fs = std::filesystem;


TEST_CASE("file resolution: processor_config.json's image_processor, then preprocessor_config.json, then config.json",
          "[auto]") {
    ModelDir dir;
    dir.write("preprocessor_config.json", R"({"image_processor_type": "ViTImageProcessor"})");
    CHECK(AutoImageProcessor::resolve(dir.str()).class_name == "ViTImageProcessor");
    dir.write("processor_config.json", R"({"image_processor": {"image_processor_type": "SiglipImageProcessorFast"}})");
    CHECK(AutoImageProcessor::resolve(dir.str()).class_name == "SiglipImageProcessor");

    ModelDir only_model;
    only_model.write("config.json", R"({"model_type": "dinov2"})");
    const auto r = AutoImageProcessor::resolve(only_model.str());
    CHECK(r.class_name == "BitImageProcessor");
    ModelDir nothing;
    CHECK_THROWS_WITH(AutoImageProcessor::resolve(nothing.str()), Catch::Contains("no processor_config.json"));
    CHECK_THROWS_WITH(AutoImageProcessor::resolve(nothing.str() + "/missing"), Catch::Contains("no such file"));
}

TEST_CASE("class resolution: suffixes, legacy names, model_type, remote code", "[auto]") {
    ModelDir a;
    a.write("preprocessor_config.json", R"({"image_processor_type": "CLIPImageProcessorPil"})");
    CHECK(AutoImageProcessor::resolve(a.str()).class_name == "CLIPImageProcessor");
    ModelDir b;
    b.write("preprocessor_config.json", R"({"feature_extractor_type": "ConvNextFeatureExtractor"})");
    CHECK(AutoImageProcessor::resolve(b.str()).class_name == "ConvNextImageProcessor");
    ModelDir c;
    c.write("config.json", R"({"model_type": "deit"})");
    c.write("preprocessor_config.json", R"({"do_resize": true})");
    CHECK(AutoImageProcessor::resolve(c.str()).class_name == "DeiTImageProcessor");
    ModelDir d;
    d.write("preprocessor_config.json", R"({"auto_map": {"AutoImageProcessor": "image_processing_x.XImageProcessor"}})");
    CHECK_THROWS_WITH(AutoImageProcessor::resolve(d.str()), Catch::Contains("remote code") &&
                                                                Catch::Contains("XImageProcessor"));
    ModelDir e;
    e.write("preprocessor_config.json", R"({"image_processor_type": "MadeUpImageProcessor"})");
    CHECK_THROWS_WITH(AutoImageProcessor::resolve(e.str()), Catch::Contains("'MadeUpImageProcessor' is not supported") &&
                                                                Catch::Contains("CLIPImageProcessor"));
    ModelDir f;
    f.write("preprocessor_config.json", R"({"image_processor_type": 7})");
    CHECK_THROWS_WITH(AutoImageProcessor::resolve(f.str()), Catch::Contains("key 'image_processor_type': expected str"));
}

TEST_CASE("backend resolution, legacy names and fallback with a warning", "[auto][backend]") {
    ModelDir dir;
    dir.write("preprocessor_config.json", R"({"image_processor_type": "CLIPImageProcessor"})");
    // A registry of our own in which CUDA is unavailable whatever this machine has, so the
    // fallback path runs (and is checked) on GPU machines too.
    Registry registry;
    register_builtin_processors(registry);
    const std::string cuda_reason = "no GPU in this test's registry";
    registry.register_backend("cuda", [&] { return std::optional<std::string>(cuda_reason); });
    auto load = [&](const LoadOptions& options) { return AutoImageProcessor::from_pretrained(dir.str(), options, registry); };

    {
        CapturedLog log;
        auto p = load({.backend = "cuda"});
        CHECK(p.backend_name() == "cpu");
        CHECK(p.requested_backend() == "cuda");
        CHECK(p.fallback_reason().find(cuda_reason) != std::string::npos);
        CHECK(log.contains("falling back to 'cpu'"));
    }
    CHECK_THROWS_WITH(load({.backend = "cuda", .allow_fallback = false}),
                      Catch::Contains("backend 'cuda' is unavailable") && Catch::Contains(cuda_reason));
    {
        CapturedLog log;
        auto p = load({.backend = "pil"});
        CHECK(p.backend_name() == "cpu");
        CHECK(log.contains("deprecated"));
    }
    {
        CapturedLog log;
        auto p = load({.use_fast = true});
        CHECK(p.backend_name() == "cpu");  // use_fast -> cuda -> unavailable -> cpu
        CHECK(log.contains("use_fast is deprecated"));
    }
    CHECK(load({}).backend_name() == "cpu");  // auto, silently
    CHECK_THROWS_WITH(load({.backend = "tpu"}), Catch::Contains("unknown backend 'tpu'"));
    LoadOptions typo;
    typo.overrides["sise"] = JsonValue(3);
    CHECK_THROWS_WITH(load(typo), Catch::Contains("unknown option 'sise'"));
}

TEST_CASE("the global registry picks CUDA exactly when it can run", "[auto][backend]") {
    ModelDir dir;
    dir.write("preprocessor_config.json", R"({"image_processor_type": "CLIPImageProcessor"})");
    const auto cuda_reason = Registry::global().unavailable_reason("CLIPImageProcessor", "cuda");
    auto p = AutoImageProcessor::from_pretrained(dir.str(), {.backend = "cuda"});
    CHECK(p.requested_backend() == "cuda");
    if (cuda_reason) {
        CHECK(p.backend_name() == "cpu");
        CHECK(p.fallback_reason().find(*cuda_reason) != std::string::npos);
        CHECK(AutoImageProcessor::from_pretrained(dir.str()).backend_name() == "cpu");
    } else {
        CHECK(p.backend_name() == "cuda");
        CHECK(p.fallback_reason().empty());
        CHECK(AutoImageProcessor::from_pretrained(dir.str()).backend_name() == "cuda");  // auto prefers CUDA
    }
}

namespace {
// A backend of the user's: the CPU operations, but it counts its calls.
std::atomic<int> counting_calls{0};
struct CountingBackend {
    static constexpr std::string_view name = "counting";
    static WorkingImage process_image(const InputImage& in, const ProcessImageOptions& o) {
        ++counting_calls;
        return CpuPolicy::process_image(in, o);
    }
    static BatchFeature preprocess(std::vector<WorkingImage> images, const CommonOptions& o) {
        return steps::generic<CpuPolicy>(std::move(images), o);
    }
};
}  // namespace

TEST_CASE("a registered backend name is dispatched to", "[auto][registry]") {
    Registry::global().register_processor("clip", {{"counting", make_factory<ClipModel, CountingBackend>()}});
    ModelDir dir;
    dir.write("preprocessor_config.json", R"({"image_processor_type": "CLIPImageProcessor"})");
    auto p = AutoImageProcessor::from_pretrained(dir.str(), {.backend = "counting", .allow_fallback = false});
    CHECK(p.backend_name() == "counting");
    const auto px = random_pixels(64 * 48 * 3, 1);
    const int before = counting_calls;
    const auto out = p(InputImage::array(px.data(), {64, 48, 3}));
    CHECK(counting_calls == before + 1);
    const auto cpu = AutoImageProcessor::from_pretrained(dir.str(), {.backend = "cpu"});
    CHECK(out.stacked("pixel_values") == cpu(InputImage::array(px.data(), {64, 48, 3})).stacked("pixel_values"));
    // merging kept the built-in backend
    CHECK_FALSE(Registry::global().unavailable_reason("CLIPImageProcessor", "cpu").has_value());
}

TEST_CASE("AnyProcessor is a value with thread-safe const calls", "[any]") {
    ModelDir dir;
    dir.write("preprocessor_config.json", R"({"image_processor_type": "ConvNextImageProcessor", "size": {"shortest_edge": 224}})");
    const AnyProcessor shared = AutoImageProcessor::from_pretrained(dir.str());
    const AnyProcessor copy = shared;  // copies share the immutable processor
    std::vector<std::vector<std::uint8_t>> inputs;
    for (unsigned i = 0; i < 4; ++i) inputs.push_back(random_pixels(std::size_t(100 + i) * 90 * 3, 20 + i));
    std::vector<Tensor> sequential;
    for (unsigned i = 0; i < 4; ++i)
        sequential.push_back(copy(InputImage::array(inputs[i].data(), {100 + i, 90, 3})).stacked("pixel_values"));
    std::vector<Tensor> parallel(4);
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < 4; ++i)
        threads.emplace_back([&, i] { parallel[i] = shared(InputImage::array(inputs[i].data(), {100 + i, 90, 3})).stacked("pixel_values"); });
    for (auto& t : threads) t.join();
    for (unsigned i = 0; i < 4; ++i) CHECK(parallel[i] == sequential[i]);
    CHECK(shared.class_name() == "ConvNextImageProcessor");
    const JsonValue eff = shared.effective_options({{"crop_pct", JsonValue(0.5)}});
    CHECK(eff.find("crop_pct")->as_number() == 0.5);
    CHECK(eff.find("size")->find("shortest_edge")->as_int() == 224);
}

TEST_CASE("token counts come from geometry alone", "[auto][tokens]") {
    ModelDir qwen;
    qwen.write("preprocessor_config.json", R"({"image_processor_type": "Qwen2VLImageProcessor"})");
    const AnyProcessor q = AutoImageProcessor::from_pretrained(qwen.str());
    // smart_resize(240, 360) = 252 x 364 -> 18 x 26 patches -> 117 tokens after 2x2 merging
    CHECK(q.image_token_count(240, 360) == 117);
    const auto px = random_pixels(240 * 360 * 3, 5);
    const auto grid = q(InputImage::array(px.data(), {240, 360, 3})).stacked_as<std::int64_t>("image_grid_thw");
    CHECK(grid(0, 0) * grid(0, 1) * grid(0, 2) / 4 == 117);
    CHECK_THROWS_WITH(q.image_token_count(1, 300), Catch::Contains("absolute aspect ratio must be smaller than 200"));

    ModelDir gemma;
    gemma.write("preprocessor_config.json", R"({"image_processor_type": "Gemma3ImageProcessor", "do_pan_and_scan": true,
        "pan_and_scan_min_crop_size": 256, "pan_and_scan_max_num_crops": 4, "pan_and_scan_min_ratio_to_activate": 1.2})");
    CHECK(AutoImageProcessor::from_pretrained(gemma.str()).image_token_count(256, 511) == 768);

    ModelDir clip;
    clip.write("preprocessor_config.json", R"({"image_processor_type": "CLIPImageProcessor"})");
    CHECK_FALSE(AutoImageProcessor::from_pretrained(clip.str()).image_token_count(100, 100).has_value());
}
