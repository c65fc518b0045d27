// Google Benchmark micro-benchmarks: each CpuPolicy operation and each model pipeline on
// synthetic images of typical camera sizes. Speed claims live in the comparison harness
// (benchmarks/compare.py), which times peers in the same run; these track pixelprep alone.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include <pixelprep/pixelprep.hpp>

using namespace pixelprep;

namespace {

ImageU8 random_image(int h, int w, int c) {
    std::mt19937 rng(42);
    ImageU8 img(h, w, c);
    for (auto& v : img.storage()) v = std::uint8_t(rng() & 0xff);
    return img;
}

// Args: source height, width, filter, SIMD level (0 scalar, 1 SSE4.1, 2 AVX2, 3 AVX-512;
// clamped to the CPU, and the label says which ran).
void BM_Resize(benchmark::State& state) {
    const int h = int(state.range(0)), w = int(state.range(1));
    const auto filter = static_cast<Resample>(state.range(2));
    const cpu::SimdLevel level = std::min(static_cast<cpu::SimdLevel>(state.range(3)), cpu::cpu_simd_level());
    const ImageU8 img = random_image(h, w, 3);
    const auto out = geometry::resize_output_size(h, w, SizeSpec::shortest(224));
    for (auto _ : state) benchmark::DoNotOptimize(cpu::resize(img, out.height, out.width, filter, level));
    state.SetLabel(std::string(resample_name(filter)) + " " + std::to_string(h) + "x" + std::to_string(w) + " -> " +
                   std::to_string(out.height) + "x" + std::to_string(out.width) + " " +
                   std::string(cpu::simd_level_name(level)));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Resize)
    ->Args({480, 640, int(Resample::bicubic), 0})
    ->Args({480, 640, int(Resample::bicubic), 1})
    ->Args({480, 640, int(Resample::bicubic), 2})
    ->Args({480, 640, int(Resample::bicubic), 3})
    ->Args({1080, 1920, int(Resample::bicubic), 0})
    ->Args({1080, 1920, int(Resample::bicubic), 2})
    ->Args({1080, 1920, int(Resample::bicubic), 3})
    ->Args({3024, 4032, int(Resample::bicubic), 2})
    ->Args({3024, 4032, int(Resample::bicubic), 3})
    ->Args({480, 640, int(Resample::bilinear), 2})
    ->Args({480, 640, int(Resample::lanczos), 2})
    ->Args({480, 640, int(Resample::nearest), 2})
    ->Unit(benchmark::kMicrosecond);

// The horizontal pass alone (only the width changes): 256 rows of 1920 RGB pixels to
// 1920 * per_mille / 1000 columns. Args: per_mille, filter, SIMD level. Tracks how each
// vector kernel fares by tap count (few taps when enlarging, many when shrinking hard).
void BM_HorizontalPass(benchmark::State& state) {
    const int out_w = int(1920 * state.range(0) / 1000);
    const auto filter = static_cast<Resample>(state.range(1));
    const cpu::SimdLevel level = std::min(static_cast<cpu::SimdLevel>(state.range(2)), cpu::cpu_simd_level());
    const ImageU8 img = random_image(256, 1920, 3);
    for (auto _ : state) benchmark::DoNotOptimize(cpu::resize(img, 256, out_w, filter, level));
    state.SetLabel(std::string(resample_name(filter)) + " 1920 -> " + std::to_string(out_w) + " " +
                   std::string(cpu::simd_level_name(level)));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HorizontalPass)
    ->ArgsProduct({{1006, 2000, 700, 500, 250, 117, 50}, {int(Resample::bicubic), int(Resample::lanczos)}, {2, 3}})
    ->Unit(benchmark::kMicrosecond);

// CLIP's horizontal shrink of a 12-megapixel photo (4032 -> 298, 13.5x, 55 bicubic taps) on
// 256 rows that stay in cache: the arithmetic of the 4032x3024 row without its memory traffic.
void BM_HorizontalPass4032(benchmark::State& state) {
    const cpu::SimdLevel level = std::min(static_cast<cpu::SimdLevel>(state.range(0)), cpu::cpu_simd_level());
    const ImageU8 img = random_image(256, 4032, 3);
    for (auto _ : state) benchmark::DoNotOptimize(cpu::resize(img, 256, 298, Resample::bicubic, level));
    state.SetLabel("BICUBIC 4032 -> 298 " + std::string(cpu::simd_level_name(level)));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HorizontalPass4032)->Arg(2)->Arg(3)->Unit(benchmark::kMicrosecond);

// The fused CLIP chain (resize to shortest 224, crop 224x224, rescale, normalize, CHW float).
void BM_FusedResizeCropNormalize(benchmark::State& state) {
    const int h = int(state.range(0)), w = int(state.range(1));
    const cpu::SimdLevel level = std::min(static_cast<cpu::SimdLevel>(state.range(2)), cpu::cpu_simd_level());
    const ImageU8 img = random_image(h, w, 3);
    const auto out = geometry::resize_output_size(h, w, SizeSpec::shortest(224));
    const std::vector<double> mean{0.48145466, 0.4578275, 0.40821073}, sd{0.26862954, 0.26130258, 0.27577711};
    const cpu::ValueMap map = cpu::make_value_map(3, 1.0 / 255.0, &mean, &sd);
    const cpu::FusedResize r{out.height, out.width, Resample::bicubic, std::pair<int, int>(224, 224)};
    for (auto _ : state) benchmark::DoNotOptimize(cpu::fused_resize_crop_map(img, r, &map, level));
    state.SetLabel(std::to_string(h) + "x" + std::to_string(w) + " " + std::string(cpu::simd_level_name(level)));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FusedResizeCropNormalize)
    ->Args({480, 640, 0})
    ->Args({480, 640, 2})
    ->Args({480, 640, 3})
    ->Args({1080, 1920, 2})
    ->Args({1080, 1920, 3})
    ->Unit(benchmark::kMicrosecond);

void BM_RescaleNormalize(benchmark::State& state) {
    const ImageU8 img = to_layout(random_image(224, 224, 3), Layout::chw);
    const std::vector<double> mean{0.48145466, 0.4578275, 0.40821073}, sd{0.26862954, 0.26130258, 0.27577711};
    for (auto _ : state) benchmark::DoNotOptimize(cpu::normalize(cpu::rescale(img, 1.0 / 255.0), mean, sd));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RescaleNormalize)->Unit(benchmark::kMicrosecond);

void BM_CenterCrop(benchmark::State& state) {
    const ImageU8 img = to_layout(random_image(224, 298, 3), Layout::chw);
    for (auto _ : state) benchmark::DoNotOptimize(cpu::center_crop(img, 224, 224));
}
BENCHMARK(BM_CenterCrop)->Unit(benchmark::kMicrosecond);

template <class Model> void BM_Pipeline(benchmark::State& state) {
    const int h = int(state.range(0)), w = int(state.range(1));
    const ImageU8 img = random_image(h, w, 3);
    const ImageProcessor<Model, CpuPolicy> proc;
    const InputImage input = InputImage::array(img.data(), {h, w, 3});
    for (auto _ : state) benchmark::DoNotOptimize(proc(input));
    state.SetLabel(std::string(Model::class_name) + " from " + std::to_string(h) + "x" + std::to_string(w));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK_TEMPLATE(BM_Pipeline, ClipModel)->Args({480, 640})->Args({1080, 1920})->Args({3024, 4032})->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Pipeline, SiglipModel)->Args({1080, 1920})->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Pipeline, ConvNextModel)->Args({1080, 1920})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
