// One AnyProcessor shared by 8 threads, each processing different images, must give the
// same results as sequential runs. Built and run under ThreadSanitizer in CI.
#include <array>
#include <cstdio>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

#include <pixelprep/pixelprep.hpp>

using namespace pixelprep;

int main() {
    const auto dir = std::filesystem::temp_directory_path() / ("pixelprep-concurrency-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "preprocessor_config.json")
        << R"({"image_processor_type": "CLIPImageProcessor", "size": {"shortest_edge": 64}, "crop_size": 56})";
    const AnyProcessor shared = AutoImageProcessor::from_pretrained(dir.string());
    std::filesystem::remove_all(dir);

    constexpr int threads = 8, per_thread = 6;
    std::vector<std::vector<std::uint8_t>> images;
    std::vector<std::array<long long, 3>> shapes;
    std::mt19937 rng(7);
    for (int i = 0; i < threads * per_thread; ++i) {
        const long long h = 40 + static_cast<long long>(rng() % 90), w = 40 + static_cast<long long>(rng() % 90);
        std::vector<std::uint8_t> px(std::size_t(h * w * 3));
        for (auto& v : px) v = std::uint8_t(rng() & 0xff);
        images.push_back(std::move(px));
        shapes.push_back({h, w, 3});
    }
    auto run = [&](int i) {
        return shared(InputImage::array(images[std::size_t(i)].data(), {shapes[std::size_t(i)][0], shapes[std::size_t(i)][1], 3}))
            .stacked("pixel_values");
    };
    std::vector<Tensor> sequential;
    for (int i = 0; i < threads * per_thread; ++i) sequential.push_back(run(i));

    std::vector<Tensor> parallel(std::size_t(threads * per_thread));
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (int k = 0; k < per_thread; ++k) parallel[std::size_t(t * per_thread + k)] = run(t * per_thread + k);
        });
    for (auto& th : pool) th.join();

    int mismatches = 0;
    for (std::size_t i = 0; i < sequential.size(); ++i) mismatches += !(sequential[i] == parallel[i]);
    std::printf("concurrency: %d threads x %d images on one AnyProcessor, %d mismatches\n", threads, per_thread, mismatches);

    // The same, with each call a batch of `per_thread` images spread over CpuPolicy's own threads
    // (set_cpu_threads), so batch threads of 8 concurrent calls share the coefficient cache.
    auto run_batch = [&](int t) {
        std::vector<InputImage> batch;
        for (int k = 0; k < per_thread; ++k) {
            const auto i = std::size_t(t * per_thread + k);
            batch.push_back(InputImage::array(images[i].data(), {shapes[i][0], shapes[i][1], 3}));
        }
        return shared(ImageBatch(std::move(batch))).stacked("pixel_values");
    };
    std::vector<Tensor> batch_sequential;
    std::vector<Tensor> batch_parallel(static_cast<std::size_t>(threads));
    set_cpu_threads(1);
    for (int t = 0; t < threads; ++t) batch_sequential.push_back(run_batch(t));
    set_cpu_threads(3);
    pool.clear();
    for (int t = 0; t < threads; ++t) pool.emplace_back([&, t] { batch_parallel[std::size_t(t)] = run_batch(t); });
    for (auto& th : pool) th.join();
    set_cpu_threads(1);
    int batch_mismatches = 0;
    for (std::size_t t = 0; t < batch_sequential.size(); ++t) batch_mismatches += !(batch_sequential[t] == batch_parallel[t]);
    std::printf("concurrency: %d threads x 1 batch of %d images, 3 CpuPolicy threads per call, %d mismatches\n", threads,
                per_thread, batch_mismatches);

    // Single large images, each call resizing its image in bands of rows over CpuPolicy's
    // threads (cpu::row_bands), 4 calls at once.
    constexpr int large = 4;
    std::vector<std::vector<std::uint8_t>> big;
    for (int i = 0; i < large; ++i) {
        std::vector<std::uint8_t> px(std::size_t(900) * 700 * 3);
        for (auto& v : px) v = std::uint8_t(rng() & 0xff);
        big.push_back(std::move(px));
    }
    auto run_large = [&](int i) {
        return shared(InputImage::array(big[std::size_t(i)].data(), {900, 700, 3})).stacked("pixel_values");
    };
    std::vector<Tensor> large_sequential, large_parallel(static_cast<std::size_t>(large));
    for (int i = 0; i < large; ++i) large_sequential.push_back(run_large(i));
    set_cpu_threads(3);
    const int bands = cpu::row_bands(std::size_t(900) * 700, 56);
    pool.clear();
    for (int i = 0; i < large; ++i) pool.emplace_back([&, i] { large_parallel[std::size_t(i)] = run_large(i); });
    for (auto& th : pool) th.join();
    set_cpu_threads(1);
    int large_mismatches = 0;
    for (int i = 0; i < large; ++i) large_mismatches += !(large_sequential[std::size_t(i)] == large_parallel[std::size_t(i)]);
    std::printf("concurrency: %d threads x 1 image of 900x700 in %d row bands each, %d mismatches\n", large, bands,
                large_mismatches);
    return mismatches == 0 && batch_mismatches == 0 && large_mismatches == 0 && bands > 1 ? 0 : 1;
}
