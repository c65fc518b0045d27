// Throughput of CudaPolicy and CpuPolicy, from random 640x480 and 1920x1080 RGB arrays:
//  * clip: ImageProcessor<ClipModel, Backend> with CLIP's defaults (shortest edge 224
//    bicubic, center crop 224, rescale, normalize), at batch 1, 32 and 256;
//  * clip, backend pixelprep-cuda-dev: cuda::preprocess_to_device with CLIP's options, the
//    batched path whose output stays on the GPU (a DLPack-ready DeviceTensor), at the same
//    batches; checked against CpuPolicy's pixel_values first;
//  * qwen2vl: ImageProcessor<Qwen2VLModel, Backend> with its defaults (smart_resize to
//    multiples of 28, bicubic, patches), at batch 1, 32 and 256 on CUDA, and 1 and 32 on
//    the CPU: its full-size outputs make CPU batch 256 too slow for run.sh's 10 minutes.
//
// Prints a readable line per measurement and a machine-readable "RESULT ..." line that
// benchmarks/gpu/hf_compare.py merges with transformers' numbers. Before timing, each
// model and input size is checked CudaPolicy == CpuPolicy, byte for byte (exit status 1
// if not).
//
// Usage: gpu_throughput [--min-seconds S] [--batches 1,32,256]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <pixelprep/cuda/batch.hpp>
#include <pixelprep/cuda/runtime.hpp>
#include <pixelprep/cuda_policy.hpp>
#include <pixelprep/processor/builtin_cuda_processors.hpp>  // the library's, not compiled again here
#include <pixelprep/models/qwen2_vl.hpp>
#include <pixelprep/pixelprep.hpp>

#include "../../tests/support/same_bits.hpp"

using namespace pixelprep;
using pixelprep_test::same_bits;

namespace {

struct InputSize {
    int width;
    int height;
};

// A few distinct images, reused round-robin to fill a batch (256 full-HD images would be
// 1.6 GB of input; the backends do not cache anything, so reuse does not flatter them).
struct InputPool {
    std::vector<std::vector<std::uint8_t>> pixels;
    std::vector<InputImage> images;

    InputPool(InputSize s, int distinct, std::mt19937& rng) {
        for (int i = 0; i < distinct; ++i) {
            pixels.emplace_back(std::size_t(s.width) * std::size_t(s.height) * 3);
            for (auto& v : pixels.back()) v = std::uint8_t(rng() & 0xff);
            images.push_back(InputImage::array(pixels.back().data(), {s.height, s.width, 3}));
        }
    }
    ImageBatch batch(int n) const {
        std::vector<InputImage> list;
        for (int i = 0; i < n; ++i) list.push_back(images[std::size_t(i) % images.size()]);
        return ImageBatch(std::move(list));
    }
};

// Calls the processor until at least min_seconds have passed (at least once).
template <class Processor> double images_per_second(const Processor& p, const ImageBatch& batch, double min_seconds) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    long calls = 0;
    double elapsed = 0.0;
    do {
        const BatchFeature out = p(batch);
        if (!out.contains("pixel_values")) std::abort();
        ++calls;
        elapsed = std::chrono::duration<double>(clock::now() - start).count();
    } while (elapsed < min_seconds);
    return double(calls) * double(batch.size()) / elapsed;
}

std::vector<int> parse_batches(const std::string& text) {
    std::vector<int> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(std::stoi(item));
    return out;
}

template <class Model, class Backend>
void run_backend(const char* model, const char* backend, const InputPool& pool, InputSize s,
                 const std::vector<int>& batches, double min_seconds) {
    const ImageProcessor<Model, Backend> processor;
    (void)processor(pool.batch(1));  // warm-up: first-call costs (CUDA context, workspace growth)
    for (int n : batches) {
        const double ips = images_per_second(processor, pool.batch(n), min_seconds);
        std::printf("%-8s %-18s %4dx%-4d batch %3d: %10.1f images/s\n", model, backend, s.width, s.height, n, ips);
        std::printf("RESULT model=%s backend=%s width=%d height=%d batch=%d images_per_s=%.3f\n", model, backend,
                    s.width, s.height, n, ips);
        std::fflush(stdout);
    }
}

// The batched device-output path: host HWC inputs in, pixel_values left on the GPU.
std::vector<cuda::BatchImage> device_batch(const InputPool& pool, InputSize s, int n) {
    std::vector<cuda::BatchImage> out;
    for (int i = 0; i < n; ++i)
        out.push_back({pool.pixels[std::size_t(i) % pool.pixels.size()].data(), s.height, s.width, 3, Layout::hwc, false});
    return out;
}

bool run_device_output(const InputPool& pool, InputSize s, const std::vector<int>& batches, double min_seconds) {
    const ImageProcessor<ClipModel, CudaPolicy> clip;
    const BatchFeature expected = ImageProcessor<ClipModel, CpuPolicy>()(pool.batch(3));
    const Tensor stacked = expected.stacked("pixel_values");
    const auto& want = std::get<pixelprep::Array<float>>(stacked);
    const std::vector<float> got = cuda::preprocess_to_device(device_batch(pool, s, 3), clip.options()).copy_to_host();
    const bool same = got.size() == want.size() && std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0;
    std::printf("check clip %dx%d: preprocess_to_device %s CpuPolicy byte for byte\n", s.width, s.height,
                same ? "equals" : "DIFFERS FROM");
    using clock = std::chrono::steady_clock;
    for (int n : batches) {
        const std::vector<cuda::BatchImage> batch = device_batch(pool, s, n);
        (void)cuda::preprocess_to_device(batch, clip.options());  // warm-up: workspace and buffer sizes
        const std::uint64_t allocations = cuda::workspace_allocation_count();
        const auto start = clock::now();
        long calls = 0;
        double elapsed = 0.0;
        do {
            const cuda::DeviceTensor t = cuda::preprocess_to_device(batch, clip.options());
            if (t.empty()) std::abort();
            ++calls;
            elapsed = std::chrono::duration<double>(clock::now() - start).count();
        } while (elapsed < min_seconds);
        const double ips = double(calls) * double(n) / elapsed;
        const unsigned long long extra = cuda::workspace_allocation_count() - allocations;
        std::printf("%-8s %-18s %4dx%-4d batch %3d: %10.1f images/s (%llu device allocations while timing)\n", "clip",
                    "pixelprep-cuda-dev", s.width, s.height, n, ips, extra);
        std::printf("RESULT model=clip backend=pixelprep-cuda-dev width=%d height=%d batch=%d images_per_s=%.3f\n",
                    s.width, s.height, n, ips);
        std::fflush(stdout);
    }
    return same;
}

// Checks CudaPolicy == CpuPolicy on two images, then measures both backends.
template <class Model>
bool run_model(const char* model, const InputPool& pool, InputSize s, const std::vector<int>& batches,
               const std::vector<int>& cpu_batches, double min_seconds, bool with_cuda) {
    bool same = true;
    if (with_cuda) {
        same = same_bits(ImageProcessor<Model, CpuPolicy>()(pool.batch(2)),
                         ImageProcessor<Model, CudaPolicy>()(pool.batch(2)));
        std::printf("check %s %dx%d: CudaPolicy %s CpuPolicy byte for byte\n", model, s.width, s.height,
                    same ? "equals" : "DIFFERS FROM");
        run_backend<Model, CudaPolicy>(model, "pixelprep-cuda", pool, s, batches, min_seconds);
    }
    run_backend<Model, CpuPolicy>(model, "pixelprep-cpu", pool, s, cpu_batches, min_seconds);
    return same;
}

}  // namespace

int main(int argc, char** argv) {
    double min_seconds = 1.0;
    std::vector<int> batches{1, 32, 256};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--min-seconds" && i + 1 < argc) min_seconds = std::atof(argv[++i]);
        else if (arg == "--batches" && i + 1 < argc) batches = parse_batches(argv[++i]);
        else {
            std::fprintf(stderr, "usage: %s [--min-seconds S] [--batches 1,32,256]\n", argv[0]);
            return 2;
        }
    }

    const auto unavailable = cuda_unavailable_reason();
    if (unavailable) std::printf("pixelprep-cuda: not measured: %s\n", unavailable->c_str());

    std::mt19937 rng(7);
    int status = 0;
    std::vector<int> small_batches;  // Qwen2-VL on the CPU: the batches up to 32
    for (int n : batches)
        if (n <= 32) small_batches.push_back(n);
    for (const InputSize s : {InputSize{640, 480}, InputSize{1920, 1080}}) {
        const InputPool pool(s, 8, rng);
        if (!run_model<ClipModel>("clip", pool, s, batches, batches, min_seconds, !unavailable)) status = 1;
        if (!unavailable && !run_device_output(pool, s, batches, min_seconds)) status = 1;
        if (!run_model<Qwen2VLModel>("qwen2vl", pool, s, batches, small_batches, min_seconds, !unavailable))
            status = 1;
    }
    if (!unavailable)
        std::printf("device allocations by the CUDA workspaces: %llu\n",
                    static_cast<unsigned long long>(cuda::workspace_allocation_count()));
    return status;
}
