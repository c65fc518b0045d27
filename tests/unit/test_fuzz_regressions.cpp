// Regression tests for the findings of the libFuzzer targets (fuzz/README.md). Each case is
// the minimised input (also kept as fuzz/corpus/<target>/regression-*) and checks that it now
// fails cleanly with a pixelprep::Error, or works, instead of crashing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <pixelprep/pixelprep.hpp>
#include <pixelprep/models/gemma3.hpp>
#include <pixelprep/models/siglip2.hpp>

using namespace pixelprep;

namespace {

template <class Model> ImageProcessor<Model, CpuPolicy> load(const std::string& json) {
    return ImageProcessor<Model, CpuPolicy>::from_config(parse_json(json, "fuzz.json"), "fuzz.json");
}

ImageBatch rgb(int h, int w) {
    ImageU8 img(h, w, 3);
    for (std::size_t i = 0; i < img.size(); ++i) img.data()[i] = std::uint8_t(i * 13);
    return ImageBatch(InputImage::decoded(std::move(img)));
}

}  // namespace

// fuzz_config regression-qwen-pixels-huge: min/max_pixels beyond 2^24 were folded into size
// edges (capped at 2^30) that the size codec then refused: save_pretrained wrote a config
// pixelprep could not load again.
TEST_CASE("fuzz: Qwen2-VL min/max_pixels above 2^24 survive a save/load round trip", "[fuzz-regression]") {
    const auto p = load<Qwen2VLModel>(R"({"min_pixels": 1000000000000, "max_pixels": 1000000000000})");
    const std::string saved = p.to_json_string();
    CHECK_THAT(saved, Catch::Contains("\"longest_edge\": 1073741824"));
    const auto again = load<Qwen2VLModel>(saved);
    CHECK(again.to_json_string() == saved);
    // Real configs' values are unchanged.
    const auto real = load<Qwen2VLModel>(R"({"min_pixels": 3136, "max_pixels": 12845056})");
    CHECK(real.options().size->shortest_edge == 3136);
    CHECK(real.options().size->longest_edge == 12845056);
}

// fuzz_config regression-qwen-pixels-negative: negative max_pixels made smart_resize take the
// square root of a negative number and cast NaN to an integer (undefined behaviour).
TEST_CASE("fuzz: Qwen2-VL negative min/max_pixels are config errors", "[fuzz-regression]") {
    CHECK_THROWS_AS(load<Qwen2VLModel>(R"({"min_pixels": -5, "max_pixels": -10})"), ConfigError);
    CHECK_THROWS_AS(geometry::smart_resize(28, 28, 28, 0, -10), InvalidArgument);
}

// fuzz_config regression-qwen-patch-overflow: patch_size * merge_size overflowed int.
TEST_CASE("fuzz: Qwen2-VL patch_size * merge_size does not overflow", "[fuzz-regression]") {
    const auto p = load<Qwen2VLModel>(R"({"patch_size": 1073741824, "merge_size": 4})");
    CHECK_THROWS_AS(p(rgb(7, 5)), LimitError);
    CHECK_THROWS_AS(p.image_token_count(7, 5), LimitError);
}

// fuzz_config regression-qwen-temporal-huge: temporal_patch_size 2^31-1 asked for a 26 GB
// patch tensor (ASan: allocator out of memory).
TEST_CASE("fuzz: Qwen2-VL patches are bounded by the image pixel limit", "[fuzz-regression]") {
    const auto p = load<Qwen2VLModel>(
        R"({"temporal_patch_size": 2147483647, "patch_size": 1, "merge_size": 1, "do_resize": false})");
    CHECK_THROWS_AS(p(rgb(7, 5)), LimitError);
}

// fuzz_config regression-mean-huge: int(mean * 255) of 1e300 cast to long long
// (undefined behaviour).
TEST_CASE("fuzz: LLaVA do_pad with an absurd image_mean is an InvalidArgument", "[fuzz-regression]") {
    const auto p = load<LlavaModel>(R"({"do_pad": true, "image_mean": [1e+300, -1e+300, 1e+30]})");
    CHECK_THROWS_AS(p(rgb(7, 5)), InvalidArgument);
    // In range, nothing changes: a normal mean pads with int(mean * 255).
    const auto ok = load<LlavaModel>(R"({"do_pad": true})");
    CHECK(ok(rgb(7, 5)).stacked_as<float>("pixel_values").shape()[2] == 224);
}

// fuzz_config regression-llava-next-tile-one: a 1-pixel tile on a 2048x2048 pinpoint made
// 4 million views (timeout, then out of memory).
TEST_CASE("fuzz: LLaVA-NeXT views of one image are bounded", "[fuzz-regression]") {
    const auto p = load<LlavaNextModel>(R"({"crop_size": {"height": 1, "width": 1}, "image_grid_pinpoints": [[2048, 2048]]})");
    CHECK_THROWS_AS(p(rgb(7, 5)), LimitError);
    const auto defaults = load<LlavaNextModel>("{}");
    CHECK(defaults(rgb(7, 5)).list("pixel_values").size() == 1);
}

// Found by review of the same pattern: SigLIP2 pads every image to max_num_patches rows,
// Gemma3 makes one view per pan-and-scan crop; both could ask for unbounded memory.
TEST_CASE("fuzz: SigLIP2 and Gemma3 outputs are bounded by the image pixel limit", "[fuzz-regression]") {
    const auto siglip2 = load<Siglip2Model>(R"({"max_num_patches": 16777216})");
    CHECK_THROWS_AS(siglip2(rgb(7, 5)), LimitError);
    CHECK(load<Siglip2Model>("{}")(rgb(7, 5)).keys().size() == 3);

    const auto gemma3 = load<Gemma3Model>(
        R"({"do_pan_and_scan": true, "pan_and_scan_min_crop_size": 1, "pan_and_scan_max_num_crops": 100000000,
            "pan_and_scan_min_ratio_to_activate": 1.0})");
    CHECK_THROWS_AS(gemma3(rgb(1, 4000)), LimitError);  // 4000 crops of 224x224: 200M pixels
    CHECK(gemma3(rgb(2, 8)).list("pixel_values").size() == 5);  // 4 crops + the image: unchanged
}

// Found by review: std::filesystem errors escaped as std::filesystem_error.
TEST_CASE("fuzz: unexaminable paths are pixelprep errors", "[fuzz-regression]") {
    const std::string too_long(5000, 'a');
    CHECK_THROWS_AS(AutoImageProcessor::from_pretrained(too_long), ConfigError);
    using Clip = ImageProcessor<ClipModel, CpuPolicy>;
    CHECK_THROWS_AS(Clip::from_pretrained(too_long), ConfigError);
    CHECK_THROWS_AS(Clip().save_pretrained("/dev/null/sub"), Error);
}

// Found by review: InputImage computed its strides (products of up to four 2^24 axes) before
// validating the shape: signed overflow.
TEST_CASE("fuzz: InputImage rejects shapes whose element count overflows", "[fuzz-regression]") {
    const std::uint8_t px[3] = {1, 2, 3};
    const long long side = 1LL << 24;
    CHECK_THROWS_AS((InputImage::array(px, {side, side, side, 3})), ImageError);
    CHECK(InputImage::array(px, {1, 1, 3}).strides() == std::vector<long long>{3, 3, 1});
}

// fuzz_config regression-qwen-size-height-width: min_pixels/max_pixels were merged into a
// `size` that kept its height/width, a key set the size codec refuses: save_pretrained wrote
// a config pixelprep could not load again. Only the two edges Qwen2-VL reads are kept (its
// outputs are unchanged: target_size never read height/width).
TEST_CASE("fuzz: Qwen2-VL min/max_pixels next to size height/width survive a save/load round trip", "[fuzz-regression]") {
    const auto p = load<Qwen2VLModel>(R"({"size": {"height": 94, "width": 14}, "min_pixels": 3136, "max_pixels": 589824})");
    CHECK(p.options().size->shortest_edge == 3136);
    CHECK(p.options().size->longest_edge == 589824);
    CHECK_FALSE(p.options().size->height.has_value());
    const std::string saved = p.to_json_string();
    const auto again = load<Qwen2VLModel>(saved);
    CHECK(again.to_json_string() == saved);
    const auto plain = load<Qwen2VLModel>(R"({"min_pixels": 3136, "max_pixels": 589824})");
    const auto a = p(rgb(60, 90)), b = plain(rgb(60, 90));
    CHECK(tensor_shape(a.stacked("pixel_values")) == tensor_shape(b.stacked("pixel_values")));
}

// A PIL-style input of h x w x c whose bytes are i * step (mod 256): distinct values per
// pixel, cheap to make, for the mixed-channel batch cases below.
static InputImage patterned_pil(int h, int w, int c, PilMode mode, unsigned step) {
    ImageU8 img(h, w, c);
    for (std::size_t i = 0; i < img.size(); ++i) img.data()[i] = std::uint8_t(i * step);
    return InputImage::pil(std::move(img), mode);
}

// fuzz_processor regression-mllama-channels: with do_convert_rgb off, a batch of a 1-channel
// and a 4-channel image sized Mllama's packed pixel_values by the first image's channels and
// wrote the second image's tiles past its end (ASan: heap-buffer-overflow in store_chw).
// Through the registry, as the fuzz target calls it (no new instantiation in this file).
TEST_CASE("fuzz: Mllama refuses a batch whose images have different channel counts", "[fuzz-regression]") {
    const AnyProcessor p = Registry::global().factory("MllamaImageProcessor", "cpu")(
        parse_json(R"({"size": {"height": 14, "width": 14}, "do_convert_rgb": false, "do_normalize": false})", "fuzz.json"),
        "fuzz.json");
    auto image = [](int h, int w, int c, PilMode mode) { return patterned_pil(h, w, c, mode, 29); };
    const ImageBatch mixed(std::vector<InputImage>{image(9, 5, 1, PilMode::L), image(6, 30, 4, PilMode::RGBA)});
    CHECK_THROWS_AS(p(mixed), ImageError);
    CHECK_THROWS_WITH(p(mixed), Catch::Contains("image 1 of sample 0 has 4 channels, the first image 1"));
    const ImageBatch reversed(std::vector<InputImage>{image(6, 30, 4, PilMode::RGBA), image(9, 5, 1, PilMode::L)});
    CHECK_THROWS_AS(p(reversed), ImageError);
    // One channel count per batch still works: every tile stored at that count.
    const BatchFeature ok = p(ImageBatch(std::vector<InputImage>{image(9, 5, 4, PilMode::RGBA), image(6, 30, 4, PilMode::RGBA)}));
    CHECK(tensor_shape(ok.stacked("pixel_values"))[3] == 4u);
}

// The same rule for Idefics3/SmolVLM's padded frames (found by reading, next to the Mllama
// finding): a mixed batch was sized by the first frame's channels, so a 4-channel frame lost
// a channel and a 1-channel frame was zero-filled, silently.
TEST_CASE("fuzz: Idefics3 refuses a padded batch whose frames have different channel counts", "[fuzz-regression]") {
    const AnyProcessor p = Registry::global().factory("Idefics3ImageProcessor", "cpu")(
        parse_json(R"({"do_image_splitting": false, "do_convert_rgb": false, "do_normalize": false,
                       "size": {"longest_edge": 28}, "max_image_size": {"longest_edge": 28}})", "fuzz.json"),
        "fuzz.json");
    auto image = [](int h, int w, int c, PilMode mode) { return patterned_pil(h, w, c, mode, 31); };
    const ImageBatch mixed(std::vector<InputImage>{image(9, 5, 3, PilMode::RGB), image(6, 30, 4, PilMode::RGBA)});
    CHECK_THROWS_AS(p(mixed), ImageError);
    CHECK_THROWS_WITH(p(mixed), Catch::Contains("image 1 of sample 0 has 4 channels, the first image 3"));
    const BatchFeature ok = p(ImageBatch(std::vector<InputImage>{image(9, 5, 4, PilMode::RGBA), image(6, 30, 4, PilMode::RGBA)}));
    CHECK(tensor_shape(ok.stacked("pixel_values"))[2] == 4u);
}

// The process-wide pixel limit: configurable, restored, and never in the way at the default
// for ordinary sizes.
TEST_CASE("fuzz: the image pixel limit is configurable and defaults to Pillow's bomb threshold", "[fuzz-regression]") {
    CHECK(max_image_pixels() == default_max_image_pixels);
    CHECK(default_max_image_pixels == 178956970u);
    const auto vit = load<VitModel>(R"({"size": {"height": 20000, "width": 20000}})");
    CHECK_THROWS_AS(vit(rgb(7, 5)), LimitError);  // 4e8 pixels, refused before allocating
    const std::uint64_t previous = set_max_image_pixels(1000);
    CHECK(previous == default_max_image_pixels);
    CHECK_THROWS_AS(ImageU8(40, 40, 3), LimitError);
    CHECK(ImageU8(10, 100, 3).size() == 3000u);
    set_max_image_pixels(previous);
    CHECK(ImageU8(400, 400, 3).size() == 480000u);
}

// fuzz_config regression-llava-huge-resize: the recipes that plan (LLaVA here) sized their
// output from the plan before any step ran, so a resize target far past the largest side
// (shortest_edge 33554432) allocated ~10^17 floats instead of raising the resize's error.
// Every derived image of a plan is now checked as the step's image would be.
TEST_CASE("fuzz: a plan's resize target and windows are checked before outputs are allocated", "[fuzz-regression]") {
    const auto llava = load<LlavaModel>(R"({"size": {"shortest_edge": 33554432}, "do_center_crop": false})");
    CHECK_THROWS_WITH(llava(rgb(3, 5)), Catch::Contains("resize: invalid output size"));
    const auto crop = load<LlavaModel>(R"({"size": {"shortest_edge": 16}, "crop_size": {"height": 60000, "width": 60000}})");
    CHECK_THROWS_AS(crop(rgb(3, 5)), LimitError);  // a 60000x60000 window: past the pixel limit
    const auto tiles = load<LlavaNextModel>(R"({"size": {"shortest_edge": 14}, "crop_size": {"height": 14, "width": 14},
                                               "image_grid_pinpoints": [[14, 16777216]]})");
    CHECK_THROWS_AS(tiles(rgb(3, 5)), Error);
}

// fuzz_config regression-janus-mean-huge: Janus's saved background_color, int(mean * 255)
// of 1e300, threw from to_dict (save_pretrained, to_json_string) instead of saving.
TEST_CASE("fuzz: Janus saves the background colour of an absurd image_mean", "[fuzz-regression]") {
    const auto p = load<JanusModel>(R"({"do_pad": true, "image_mean": [1e+300, -1e+300, 1e+30]})");
    std::string saved;
    CHECK_NOTHROW(saved = p.to_json_string());
    CHECK(saved.find("\"background_color\"") != std::string::npos);
    CHECK_THROWS_AS(p(rgb(7, 5)), InvalidArgument);  // the pad itself cannot use such a colour
    const auto defaults = load<JanusModel>("{}");
    CHECK(defaults.to_json_string().find("\"background_color\": [\n    122,\n    116,\n    104\n  ]") != std::string::npos);
}

// fuzz_config regression-janus-mean-inf: a mean whose product with 255 overflows to inf was
// saved as `inf` (not JSON), so the saved config did not load again.
TEST_CASE("fuzz: Janus saves no background colour for an image_mean that overflows", "[fuzz-regression]") {
    const auto p = load<JanusModel>(R"({"image_mean": [1e+308, 0.5, 0.5]})");
    const std::string saved = p.to_json_string();
    CHECK(saved.find("background_color") == std::string::npos);
    CHECK_NOTHROW(parse_json(saved, "saved.json"));
}

// fuzz_processor regression-flava-codebook-null-mean: a config's null codebook_image_mean with
// return_codebook_pixels read an empty optional (heap-use-after-free under ASan). transformers
// gives NaN pixels there and fails inside the step for a null size, crop size or factor;
// pixelprep refuses each by its codebook key. A null codebook_resample is bilinear, as there.
TEST_CASE("fuzz: FLAVA's codebook pass refuses null values of the steps it runs", "[fuzz-regression]") {
    for (const char* key : {"codebook_image_mean", "codebook_image_std", "codebook_size", "codebook_crop_size",
                            "codebook_rescale_factor"}) {
        const auto p = load<FlavaModel>(std::string(R"({"return_codebook_pixels": true, ")") + key + R"(": null})");
        CHECK_THROWS_WITH(p(rgb(30, 40)), Catch::Contains(std::string("key '") + key + "' is null"));
    }
    const auto off = load<FlavaModel>(R"({"return_codebook_pixels": true, "codebook_image_mean": null,
                                           "codebook_do_normalize": false})");
    CHECK_NOTHROW(off(rgb(30, 40)));
    const auto null_filter = load<FlavaModel>(R"({"return_codebook_pixels": true, "codebook_resample": null})");
    const auto bilinear = load<FlavaModel>(R"({"return_codebook_pixels": true, "codebook_resample": 2})");
    const auto codebook = [](const auto& processor) {
        auto items = std::get<std::vector<Tensor>>(processor(rgb(30, 40)).take("codebook_pixel_values"));
        REQUIRE(items.size() == 1u);
        return std::get<Array<float>>(std::move(items[0]));
    };
    const Array<float> a = codebook(null_filter), b = codebook(bilinear);
    CHECK(tensor_shape(Tensor(a)) == tensor_shape(Tensor(b)));
    CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
}

// fuzz_processor regression-detr-huge-pad-size: DETR's batch pad to a pad_size of 2^24 x 2^24
// asked for the whole canvas (about 10^15 floats) before any limit was checked. The plan
// path now holds every pad canvas to the pixel limit, as the step path does.
TEST_CASE("fuzz: a pad canvas past the pixel limit is refused before it is allocated", "[fuzz-regression]") {
    const auto detr = load<DetrModel>(R"({"do_pad": true, "pad_size": {"height": 16777216, "width": 16777216},
                                          "size": {"height": 8, "width": 8}})");
    CHECK_THROWS_AS(detr(rgb(5, 7)), LimitError);
    const auto fits = load<DetrModel>(R"({"do_pad": true, "pad_size": {"height": 12, "width": 10},
                                          "size": {"height": 8, "width": 8}})");
    CHECK_NOTHROW(fits(rgb(5, 7)));
}

// fuzz_config regression-idefics-nonsquare-size: IDEFICS saves image_size = size.height, and
// its __init__ makes image_size the size, so a non-square size turns square on reload -- as in
// transformers (IdeficsImageProcessorPil(size={94, 14}) saves, reloads and saves {94, 94}).
TEST_CASE("fuzz: IDEFICS's saved image_size squares a non-square size on reload, as transformers does",
          "[fuzz-regression]") {
    const auto p = load<IdeficsModel>(R"({"size": {"height": 94, "width": 14}})");
    const std::string saved = p.to_json_string();
    CHECK_THAT(saved, Catch::Contains("\"image_size\": 94"));
    const std::string again = load<IdeficsModel>(saved).to_json_string();
    CHECK_THAT(again, Catch::Contains("\"width\": 94"));
    CHECK(load<IdeficsModel>(again).to_json_string() == again);  // stable from the second save on
}

// fuzz_config regression-minicpmv-patch-overflow: MiniCPM-V's resize divisor, patch_size *
// merge (4 here), overflowed int for a patch_size of 1073741834 (UBSan: signed overflow in
// geometry/minicpmv_slices.hpp). It is 64-bit now, and a side past the limits is refused.
TEST_CASE("fuzz: MiniCPM-V's patch_size * merge past int is refused, not wrapped", "[fuzz-regression]") {
    const auto huge = load<MiniCPMV4_6Model>(R"({"patch_size": 1073741834})");
    CHECK_THROWS_AS(huge(rgb(30, 40)), LimitError);
    CHECK_THROWS_AS(geometry::minicpmv_best_resize(30, 40, 448, 1073741834, 4, true), LimitError);
    CHECK_NOTHROW(load<MiniCPMV4_6Model>(R"({"patch_size": 14})")(rgb(30, 40)));
}
