// Plans (plan/image_plan.hpp) and their executors: CpuPolicy's fused executor must give the
// bits of the step-by-step executor on every kind of step (resize, windows that pad, tiles,
// both placements); caller-owned outputs (process_into) must reuse the caller's arrays and
// give the values of a fresh call.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include <pixelprep/pixelprep.hpp>
#include <pixelprep/pipeline/plan_executor.hpp>

#include "../support/same_bits.hpp"
#include "test_support.hpp"

using namespace pixelprep;
using namespace pixelprep_test;

namespace {

ImageU8 noise(int h, int w, int c) {
    ImageU8 img(h, w, c);
    std::uint32_t x = 12345;
    for (std::size_t i = 0; i < img.size(); ++i) {
        x = x * 1664525u + 1013904223u;
        img.data()[i] = std::uint8_t(x >> 24);
    }
    return img;
}

CommonOptions clip_values() {
    CommonOptions o;
    o.do_rescale = true;
    o.rescale_factor = 1.0 / 255.0;
    o.do_normalize = true;
    o.image_mean = ChannelValues{{0.48145466, 0.4578275, 0.40821073}};
    o.image_std = ChannelValues{{0.26862954, 0.26130258, 0.27577711}};
    return o;
}

// A plan with every kind of step: a resize, centred padding, tiles of the padded image (one
// of them partly padding), a second resize, and both placements.
plan::ImagePlan every_step(Resample filter) {
    plan::ImagePlan p;
    const int fit = p.derive(-1, {30, 56}, filter, {-13, 0, 56, 56});  // resized, centred on 56x56
    const int t0 = p.derive(fit, {56, 56}, std::nullopt, {0, 0, 28, 28});
    const int t3 = p.derive(fit, {56, 56}, std::nullopt, {28, 28, 28, 28});
    const int small = p.derive(fit, {28, 28}, filter, {-2, -3, 32, 33}, {122, 116, 104});  // padded all round in a colour
    const std::size_t slot = 3 * 40 * 40;
    p.views.push_back({t0, plan::ChannelsFirst{0, 40, 40}});
    p.views.push_back({t3, plan::ChannelsFirst{slot, 40, 40}});
    p.views.push_back({small, plan::ChannelsFirst{2 * slot, 40, 40}});
    p.views.push_back({p.derive(-1, {56, 112}, filter, {0, 0, 56, 112}), plan::Patches{3 * slot, 14, 2, 2}});
    const std::size_t patches = (56 / 14) * (112 / 14) * 3 * 2 * 14 * 14;
    // SigLIP2's channels-last patch rows, 12 of 16x16 and 8 rows of zeros after them.
    p.views.push_back({p.derive(fit, {48, 64}, filter, {0, 0, 48, 64}), plan::PatchesChannelsLast{3 * slot + patches, 16, 20}});
    return p;
}

std::size_t every_step_size() { return 3 * 3 * 40 * 40 + (56 / 14) * (112 / 14) * 3 * 2 * 14 * 14 + 20 * 16 * 16 * 3; }

// Views large enough that the fused executor computes them in several row bands (each band
// resized, then placed), one with coloured padding all round, and a window of the input
// taken as it is (no copy).
plan::ImagePlan banded(Resample filter) {
    plan::ImagePlan p;
    p.views.push_back({p.derive(-1, {392, 1064}, filter, {0, 0, 392, 1064}), plan::Patches{0, 14, 2, 2}});
    const std::size_t patches = std::size_t(392 / 14) * (1064 / 14) * 3 * 2 * 14 * 14;
    p.views.push_back({p.derive(-1, {301, 500}, filter, {-5, -7, 311, 520}, {9, 200, 77}), plan::ChannelsFirst{patches, 320, 530}});
    p.views.push_back({p.derive(-1, {700, 900}, std::nullopt, {33, 41, 400, 450}),
                       plan::ChannelsFirst{patches + 3 * 320 * 530, 400, 450}});
    p.views.push_back({p.derive(-1, {400, 640}, filter, {0, 0, 400, 640}),
                       plan::PatchesChannelsLast{patches + 3 * 320 * 530 + 3 * 400 * 450, 16, 1100}});
    return p;
}
std::size_t banded_size() {
    return std::size_t(392 / 14) * (1064 / 14) * 3 * 2 * 14 * 14 + 3 * 320 * 530 + 3 * 400 * 450 + 1100 * 16 * 16 * 3;
}

}  // namespace

TEST_CASE("the fused CPU plan executor gives the step-by-step executor's bits", "[plan]") {
    const CommonOptions o = clip_values();
    for (const Resample filter : {Resample::bilinear, Resample::bicubic, Resample::lanczos, Resample::box, Resample::hamming}) {
        for (const int channels : {1, 3}) {
            CAPTURE(int(filter), channels);
            CommonOptions oc = o;
            if (channels == 1) {
                oc.image_mean = ChannelValues{{0.5}};
                oc.image_std = ChannelValues{{0.25}};
            }
            const auto fused_and_stepwise = [&](const WorkingImage& input, const plan::ImagePlan& p, std::size_t size) {
                REQUIRE(CpuPolicy::can_execute(input, p, oc));
                // (with one channel the slots sized for three are not all written: the same fill on both)
                std::vector<float> fused(size, -1.0f), stepwise(size, -1.0f);
                op::execute_plan<CpuPolicy>(input, p, oc, fused.data());
                const auto views = op::execute_views<CpuPolicy>(input, p, oc);
                REQUIRE(views.size() == p.views.size());
                for (std::size_t i = 0; i < views.size(); ++i)
                    std::visit([&](const auto& img) { plan::place_image(img, p.views[i].placement, stepwise.data()); }, views[i]);
                CHECK(std::memcmp(fused.data(), stepwise.data(), fused.size() * sizeof(float)) == 0);
                return fused;
            };
            fused_and_stepwise(noise(700, 900, channels), banded(filter), banded_size());
            const std::vector<float> fused = fused_and_stepwise(noise(97, 131, channels), every_step(filter), every_step_size());
            // The padding is zero in uint8 space before the value map: not 0.0f after it.
            CHECK(fused[0] != 0.0f);
            // The coloured padding of view 2: channel 0 of its top-left pixel is the map of 122.
            const float expected = (float(122 * (1.0 / 255.0)) - float(channels == 1 ? 0.5 : 0.48145466)) /
                                   float(channels == 1 ? 0.25 : 0.26862954);
            CHECK(fused[2 * 3 * 40 * 40] == expected);
        }
    }
}

TEST_CASE("the preflight sends what the fused executor does not take to the steps", "[plan]") {
    const CommonOptions o = clip_values();
    const plan::ImagePlan p = every_step(Resample::bicubic);
    CHECK_FALSE(CpuPolicy::can_execute(WorkingImage(noise(97, 131, 4)), p, o));       // RGBA: premultiplied
    CHECK_FALSE(CpuPolicy::can_execute(WorkingImage(ImageF32(97, 131, 3)), p, o));     // float input
    CHECK_FALSE(CpuPolicy::can_execute(WorkingImage(noise(97, 131, 3)), every_step(Resample::nearest), o));
    // Taken or not, the results agree: an RGBA input runs step by step.
    CommonOptions o4 = o;
    o4.image_mean = ChannelValues{{0.5, 0.5, 0.5, 0.5}};
    o4.image_std = ChannelValues{{0.5, 0.5, 0.5, 0.5}};
    std::vector<float> out(every_step_size() / 3 * 4);
    op::execute_plan<CpuPolicy>(WorkingImage(noise(97, 131, 4)), p, o4, out.data());
    CHECK(out[0] == (0.0f - 0.5f) / 0.5f);  // a padded pixel: 0 rescaled, then normalized
}

TEST_CASE("process_into reuses the caller's arrays and gives a fresh call's values", "[plan][serving]") {
    const InputImage image = InputImage::decoded(noise(300, 500, 3));
    for (const char* config : {R"({"image_processor_type": "Qwen2VLImageProcessor"})",
                               R"({"image_processor_type": "Idefics3ImageProcessor", "size": {"longest_edge": 128},
                                   "max_image_size": {"longest_edge": 64}})",
                               R"({"image_processor_type": "PixtralImageProcessor", "size": {"longest_edge": 256}})",
                               R"({"image_processor_type": "Gemma3ImageProcessor", "do_pan_and_scan": true,
                                   "pan_and_scan_min_crop_size": 128, "pan_and_scan_max_num_crops": 4,
                                   "pan_and_scan_min_ratio_to_activate": 1.2})",
                               R"({"image_processor_type": "CLIPImageProcessor"})"}) {
        CAPTURE(config);
        ModelDir dir;
        dir.write("preprocessor_config.json", config);
        const AnyProcessor proc = AutoImageProcessor::from_pretrained(dir.str());
        const BatchFeature fresh = proc(image);
        BatchFeature out;
        proc.process_into(image, out);
        const auto memory = [&] {  // where the result's pixel_values live (no copy taken)
            const Tensor& t = out.is_list("pixel_values") ? out.list("pixel_values")[0] : out.tensor("pixel_values");
            return std::visit([](const auto& a) -> const void* { return a.data(); }, t);
        };
        const void* buffer = memory();
        proc.process_into(image, out);
        const void* again = memory();
        CHECK(again == buffer);  // the same memory, written again
        CHECK(same_bits(out.stacked("pixel_values"), fresh.stacked("pixel_values")));
        CHECK(out.keys() == fresh.keys());
    }
}

TEST_CASE("SigLIP2's channels-last patch rows hold each pixel where transformers puts it", "[plan][siglip2]") {
    // 32x48 RGB, no resize, patch 16: 2x3 patches, padded to 8 rows; row k = patch (k / 3,
    // k % 3), column (py * 16 + px) * 3 + c. Without rescale and normalize the rows stay
    // uint8; with rescale they are float32(v * (1/255)).
    const ImageU8 img = noise(32, 48, 3);
    const InputImage image = InputImage::decoded(img);
    for (const bool rescale : {false, true}) {
        CAPTURE(rescale);
        ModelDir dir;
        dir.write("preprocessor_config.json", std::string(R"({"image_processor_type": "Siglip2ImageProcessor", "do_resize": false,
            "do_normalize": false, "max_num_patches": 8, "do_rescale": )") + (rescale ? "true" : "false") + "}");
        const BatchFeature out = AutoImageProcessor::from_pretrained(dir.str())(image);
        const Tensor& t = out.list("pixel_values")[0];
        std::visit([&](const auto& a) {
            using T = typename std::decay_t<decltype(a)>::value_type;
            CHECK((rescale ? std::is_same_v<T, float> : std::is_same_v<T, std::uint8_t>));
            REQUIRE(a.shape() == std::vector<std::size_t>{8, 16 * 16 * 3});
            std::size_t wrong = 0;
            for (int k = 0; k < 6; ++k)
                for (int py = 0; py < 16; ++py)
                    for (int px = 0; px < 16; ++px)
                        for (int c = 0; c < 3; ++c) {
                            const std::uint8_t v = img.at(k / 3 * 16 + py, k % 3 * 16 + px, c);
                            const T want = rescale ? T(float(double(v) * (1.0 / 255.0))) : T(v);
                            wrong += a(std::size_t(k), std::size_t((py * 16 + px) * 3 + c)) != want;
                        }
            for (std::size_t k = 6; k < 8; ++k)
                for (std::size_t j = 0; j < a.shape()[1]; ++j) wrong += a(k, j) != T{};
            CHECK(wrong == 0);
        }, t);
        const auto& mask = std::get<pixelprep::Array<std::int32_t>>(out.list("pixel_attention_mask")[0]);
        CHECK(mask == xt::xarray<std::int32_t>{1, 1, 1, 1, 1, 1, 0, 0});
    }
}

TEST_CASE("SigLIP2 without resize on a size that is no patch multiple raises after the value checks", "[plan][siglip2]") {
    ModelDir dir;
    dir.write("preprocessor_config.json", R"({"image_processor_type": "Siglip2ImageProcessor", "do_resize": false})");
    const AnyProcessor proc = AutoImageProcessor::from_pretrained(dir.str());
    CHECK_THROWS_WITH(proc(InputImage::decoded(noise(30, 48, 3))),
                      Catch::Contains("SigLIP2: a 30x48 image cannot be cut into 16-pixel patches"));
}
