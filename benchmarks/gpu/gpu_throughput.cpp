// Throughput of CudaPolicy and CpuPolicy, from random 640x480 and 1920x1080 RGB arrays:
//  * clip: ImageProcessor<ClipModel, Backend> with CLIP's defaults (shortest edge 224
//    bicubic, center crop 224, rescale, normalize), at batch 1, 32 and 256;
//  * qwen2vl: ImageProcessor<Qwen2VLModel, Backend> with its defaults (smart_resize to
//    multiples of 28, bicubic, patches), at batch 1 and 32 only: its full-size outputs
//    make batch 256 too slow for run.sh's 10 minutes on the CPU side.
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

#include <pixelprep/cuda/runtime.hpp>
#include <pixelprep/cuda_policy.hpp>
#include <pixelprep/models/qwen2_vl.hpp>
#include <pixelprep/pixelprep.hpp>

using namespace pixelprep;

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

bool same_bits(const Tensor& a, const Tensor& b) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto& x) {
            const auto& y = std::get<std::decay_t<decltype(x)>>(b);
            return x.shape() == y.shape() && std::memcmp(x.data(), y.data(), x.size() * sizeof(*x.data())) == 0;
        },
        a);
}

// Every key, list or batched array, byte for byte.
bool same_bits(const BatchFeature& a, const BatchFeature& b) {
    if (a.keys() != b.keys()) return false;
    for (const auto& key : a.keys()) {
        if (a.is_list(key) != b.is_list(key)) return false;
        if (!a.is_list(key)) {
            if (!same_bits(a.stacked(key), b.stacked(key))) return false;
            continue;
        }
        const auto& la = a.list(key);
        const auto& lb = b.list(key);
        if (la.size() != lb.size()) return false;
        for (std::size_t i = 0; i < la.size(); ++i)
            if (!same_bits(la[i], lb[i])) return false;
    }
    return true;
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
        std::printf("%-8s %-14s %4dx%-4d batch %3d: %10.1f images/s\n", model, backend, s.width, s.height, n, ips);
        std::printf("RESULT model=%s backend=%s width=%d height=%d batch=%d images_per_s=%.3f\n", model, backend,
                    s.width, s.height, n, ips);
        std::fflush(stdout);
    }
}

// Checks CudaPolicy == CpuPolicy on two images, then measures both backends.
template <class Model>
bool run_model(const char* model, const InputPool& pool, InputSize s, const std::vector<int>& batches,
               double min_seconds, bool with_cuda) {
    bool same = true;
    if (with_cuda) {
        same = same_bits(ImageProcessor<Model, CpuPolicy>()(pool.batch(2)),
                         ImageProcessor<Model, CudaPolicy>()(pool.batch(2)));
        std::printf("check %s %dx%d: CudaPolicy %s CpuPolicy byte for byte\n", model, s.width, s.height,
                    same ? "equals" : "DIFFERS FROM");
        run_backend<Model, CudaPolicy>(model, "pixelprep-cuda", pool, s, batches, min_seconds);
    }
    run_backend<Model, CpuPolicy>(model, "pixelprep-cpu", pool, s, batches, min_seconds);
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
    std::vector<int> small_batches;  // Qwen2-VL: the batches up to 32
    for (int n : batches)
        if (n <= 32) small_batches.push_back(n);
    for (const InputSize s : {InputSize{640, 480}, InputSize{1920, 1080}}) {
        const InputPool pool(s, 8, rng);
        if (!run_model<ClipModel>("clip", pool, s, batches, min_seconds, !unavailable)) status = 1;
        if (!run_model<Qwen2VLModel>("qwen2vl", pool, s, small_batches, min_seconds, !unavailable)) status = 1;
    }
    if (!unavailable)
        std::printf("device allocations by the CUDA workspaces: %llu\n",
                    static_cast<unsigned long long>(cuda::workspace_allocation_count()));
    return status;
}
