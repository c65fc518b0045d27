// Idefics3 / SmolVLM and Mllama: nested batches, padding across the batch, the Python-list
// outputs, token counts and transformers' errors. Pixel values are checked bit for bit
// against transformers in hf-parity-vlm; here the structure is checked on small configs.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <pixelprep/pixelprep.hpp>

#include "test_support.hpp"

using namespace pixelprep;
using namespace pixelprep_test;

namespace {

InputImage gray_ramp(int h, int w) {
    ImageU8 img(h, w, 3);
    for (std::size_t i = 0; i < img.size(); ++i) img.data()[i] = std::uint8_t(i * 13 + 7);
    return InputImage::decoded(std::move(img));
}

template <class Model> ImageProcessor<Model, CpuPolicy> make(const std::string& json) {
    return ImageProcessor<Model, CpuPolicy>::from_config(parse_json(json, "test.json"), "test.json");
}

std::vector<std::int64_t> ints(const Tensor& t) {
    const auto& a = std::get<pixelprep::Array<std::int64_t>>(t);
    return {a.begin(), a.end()};
}

const char* small_idefics3 = R"({"size": {"longest_edge": 64}, "max_image_size": {"longest_edge": 32}})";
const char* small_mllama = R"({"size": {"height": 56, "width": 56}, "max_image_tiles": 4})";

}  // namespace

TEST_CASE("Idefics3 geometry", "[vlm][idefics3]") {
    // The short side is truncated, then rounded up to even; the 4096 cap keeps the ratio.
    CHECK(geometry::rescale_to_max_len(20, 40, 64) == geometry::HeightWidth{32, 64});
    CHECK(geometry::rescale_to_max_len(3, 100, 64) == geometry::HeightWidth{2, 64});
    CHECK(geometry::idefics3_resize_output_size(1, 2, 6000) == geometry::HeightWidth{2048, 4096});
    CHECK(geometry::resize_for_vision_encoder(32, 64, 32) == geometry::HeightWidth{32, 64});
    CHECK(geometry::split_grid(32, 64, 32) == geometry::HeightWidth{1, 2});
    CHECK(geometry::split_grid(32, 32, 32) == geometry::HeightWidth{0, 0});  // one frame, no global image
    CHECK(geometry::idefics3_number_of_image_patches(40, 40, 64, 32, true) == geometry::SplitCount{5, 2, 2});
    CHECK(geometry::idefics3_number_of_image_patches(40, 40, 64, 32, false) == geometry::SplitCount{0, 0, 0});
}

TEST_CASE("Idefics3: a flat list is one sample", "[vlm][idefics3]") {
    const auto p = make<Idefics3Model>(small_idefics3);
    // 40x40 -> 64x64 -> 2x2 tiles + global = 5 frames; 20x40 -> 32x64 -> 1x2 tiles + global = 3.
    const BatchFeature out = p(ImageBatch(std::vector<InputImage>{gray_ramp(40, 40), gray_ramp(20, 40)}),
                               JsonValue::Object{{"return_row_col_info", JsonValue(true)}});
    CHECK(tensor_shape(out.stacked("pixel_values")) == std::vector<std::size_t>{1, 8, 3, 32, 32});
    CHECK(tensor_shape(out.stacked("pixel_attention_mask")) == std::vector<std::size_t>{1, 8, 32, 32});
    CHECK(std::string(tensor_dtype(out.stacked("pixel_attention_mask"))) == "int64");
    REQUIRE(out.is_list("rows"));
    CHECK(ints(out.list("rows").at(0)) == std::vector<std::int64_t>{2, 1});
    CHECK(ints(out.list("cols").at(0)) == std::vector<std::int64_t>{2, 2});
    CHECK_FALSE(p(gray_ramp(40, 40)).contains("rows"));  // only with return_row_col_info
}

TEST_CASE("Idefics3: nested samples are padded to the most frames", "[vlm][idefics3]") {
    const auto p = make<SmolVLMModel>(small_idefics3);
    const BatchFeature out = p(ImageBatch::nested({{gray_ramp(40, 40)}, {gray_ramp(20, 40)}}));
    const auto pv = out.stacked_as<float>("pixel_values");
    const auto mask = out.stacked_as<std::int64_t>("pixel_attention_mask");
    REQUIRE(pv.shape() == std::vector<std::size_t>{2, 5, 3, 32, 32});
    CHECK(xt::sum(xt::view(mask, 0))() == 5 * 32 * 32);
    CHECK(xt::sum(xt::view(mask, 1))() == 3 * 32 * 32);  // frames 3 and 4 of sample 1 are padding
    CHECK(xt::amax(xt::abs(xt::view(pv, 1, xt::range(3, 5))))() == 0.0f);
    // Without splitting every image is one M x M frame.
    const auto flat = p(gray_ramp(40, 40), JsonValue::Object{{"do_image_splitting", JsonValue(false)}});
    CHECK(tensor_shape(flat.stacked("pixel_values")) == std::vector<std::size_t>{1, 1, 3, 32, 32});
}

TEST_CASE("Idefics3: token counts and errors", "[vlm][idefics3][tokens]") {
    const auto p = make<Idefics3Model>(R"({"size": {"longest_edge": 64}, "max_image_size": {"longest_edge": 32}, "image_seq_len": 10})");
    CHECK(p.image_token_count(40, 40) == 10 * (4 + 1));
    CHECK(p.image_token_count(20, 40) == 10 * (2 + 1));
    CHECK(make<Idefics3Model>("{}").image_token_count(1, 1) == 169 * 17);  // upscaled to 1456: 4x4 tiles
    CHECK_THROWS_WITH(p(gray_ramp(8, 8), JsonValue::Object{{"size", parse_json(R"({"shortest_edge": 64})", "v")}}),
                      "size must be a dictionary with key 'longest_edge' or 'height' and 'width'.");
    CHECK_THROWS_WITH(p(gray_ramp(8, 8), JsonValue::Object{{"max_image_size", parse_json(R"({"height": 32, "width": 32})", "v")}}),
                      Catch::Contains("max_image_size must be a dictionary with the key 'longest_edge'"));
    CHECK_THROWS_WITH(p(gray_ramp(8, 8), JsonValue::Object{{"max_image_size", parse_json(R"({"longest_edge": 0})", "v")}}),
                      Catch::Contains("max_image_size['longest_edge'] must be positive"));
}

TEST_CASE("Mllama geometry", "[vlm][mllama]") {
    const std::vector<std::pair<int, int>> four{{1, 1}, {1, 2}, {1, 3}, {1, 4}, {2, 1}, {2, 2}, {3, 1}, {4, 1}};
    CHECK(geometry::supported_aspect_ratios(4) == four);
    CHECK(geometry::optimal_tiled_canvas(56, 112, 4, 56) == geometry::HeightWidth{56, 112});  // the smaller of two exact fits
    CHECK(geometry::optimal_tiled_canvas(1000, 1000, 4, 56) == geometry::HeightWidth{112, 112});  // the largest downscale
    CHECK(geometry::image_size_fit_to_canvas(10, 1000, 56, 224, 56) == geometry::HeightWidth{2, 224});
    CHECK(geometry::aspect_ratio_id(2, 1, 4) == 5);
}

TEST_CASE("Mllama: nested batch, ids, mask and num_tiles", "[vlm][mllama]") {
    const auto p = make<MllamaModel>(small_mllama);
    const BatchFeature out = p(ImageBatch::nested({{gray_ramp(56, 56), gray_ramp(56, 112)}, {gray_ramp(112, 56)}}));
    CHECK(tensor_shape(out.stacked("pixel_values")) == std::vector<std::size_t>{2, 2, 4, 3, 56, 56});
    const auto ids = out.stacked_as<std::int64_t>("aspect_ratio_ids");
    CHECK(std::vector<std::int64_t>(ids.begin(), ids.end()) == std::vector<std::int64_t>{1, 2, 5, 0});
    const auto mask = out.stacked_as<std::int64_t>("aspect_ratio_mask");
    // Tile 0 is always 1, even for the padding image of sample 1.
    CHECK(std::vector<std::int64_t>(mask.begin(), mask.end()) ==
          std::vector<std::int64_t>{1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0});
    REQUIRE(out.is_list("num_tiles"));  // a Python list of lists: ragged across samples
    CHECK(ints(out.list("num_tiles").at(0)) == std::vector<std::int64_t>{1, 2});
    CHECK(ints(out.list("num_tiles").at(1)) == std::vector<std::int64_t>{2});
    CHECK(p.image_token_count(500, 300) == 1);  // one <|image|> token per image
}

TEST_CASE("Mllama: transformers' argument errors", "[vlm][mllama]") {
    const auto p = make<MllamaModel>(small_mllama);
    CHECK_THROWS_WITH(p(gray_ramp(8, 8), JsonValue::Object{{"max_image_tiles", JsonValue(0)}}),
                      "MllamaImageProcessor `max_image_tiles` must be a positive integer, got 0.");
    CHECK_THROWS_WITH(make<MllamaModel>(R"({"max_image_tiles": 0})")(gray_ramp(8, 8)),
                      "MllamaImageProcessor `max_image_tiles` must be a positive integer, got 0.");
    CHECK_THROWS_WITH(p(gray_ramp(8, 8), JsonValue::Object{{"size", parse_json(R"({"height": 56, "width": 28})", "v")}}),
                      Catch::StartsWith("Argument `size` must have the same height and width"));
    CHECK_THROWS_WITH(p(gray_ramp(8, 8), JsonValue::Object{{"size", parse_json(R"({"shortest_edge": 56})", "v")}}),
                      Catch::StartsWith("Argument `size` must be a dictionary with keys 'height' and 'width'."));
    CHECK_THROWS_WITH(p(gray_ramp(8, 8), JsonValue::Object{{"do_pad", JsonValue(false)}}),
                      "MllamaImageProcessor doesn't support `do_pad=False` mode.");
}

TEST_CASE("token counts: processor-level values as options", "[vlm][tokens]") {
    ModelDir dir;
    dir.write("preprocessor_config.json", R"({"image_processor_type": "LlavaNextImageProcessor",
        "size": {"shortest_edge": 336}, "crop_size": {"height": 336, "width": 336}})");
    const AnyProcessor p = AutoImageProcessor::from_pretrained(dir.str());
    const JsonValue::Object processor{{"patch_size", JsonValue(14)}, {"num_additional_image_tokens", JsonValue(1)},
                                      {"vision_feature_select_strategy", JsonValue(std::string("default"))}};
    CHECK(p.image_token_count(1, 1, processor) == 1176);  // geometry.json, llava_v16_processor
    CHECK_THROWS_WITH(p.image_token_count(1, 1), Catch::Contains("needs the processor's patch_size"));

    ModelDir pix;
    pix.write("preprocessor_config.json", R"({"image_processor_type": "PixtralImageProcessor", "patch_size": 14,
        "size": {"longest_edge": 1540}})");
    // 480x640 -> 504x644 with 28-pixel patches -> 18 rows of 23 columns + a break/end per row.
    CHECK(AutoImageProcessor::from_pretrained(pix.str()).image_token_count(480, 640, {{"spatial_merge_size", JsonValue(2)}}) ==
          18 * (23 + 1));

    ModelDir sig;
    sig.write("preprocessor_config.json", R"({"image_processor_type": "Siglip2ImageProcessor"})");
    const AnyProcessor s = AutoImageProcessor::from_pretrained(sig.str());
    CHECK(s.image_token_count(256, 256) == 256);
    CHECK_THROWS_WITH(s.image_token_count(256, 256, {{"max_num_patches", JsonValue(0)}}),
                      Catch::Contains("max_num_patches must be positive"));

    for (const char* type : {"idefics3", "smolvlm", "mllama"}) {
        ModelDir m;
        m.write("config.json", std::string(R"({"model_type": ")") + type + "\"}");
        m.write("preprocessor_config.json", "{}");
        CHECK(AutoImageProcessor::from_pretrained(m.str()).image_token_count(10, 10).has_value());
    }
}
