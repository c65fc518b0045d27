// pixelprep's side of benchmarks/compare.py. For one model folder and a list of .npy images
// (uint8 HWC, decoded once by the harness), prints JSON with the median per-image latency on
// one thread and the batch throughput with T threads (one shared AnyProcessor, images split
// across threads), so that peers and pixelprep are timed on the same pixels in one run.
// Memory: all images in one call (one BatchFeature holding every output), peak RSS growth
// over the state with inputs loaded, reported against inputs + outputs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>


#include <xtensor/xnpy.hpp>

#include <pixelprep/pixelprep.hpp>

using namespace pixelprep;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: bench_compare MODEL REPEATS THREADS IMAGE.npy...\n");
        return 2;
    }
    set_logger([](LogLevel, std::string_view) {});
    const AnyProcessor proc = AutoImageProcessor::from_pretrained(argv[1]);
    const int repeats = std::stoi(argv[2]), threads = std::stoi(argv[3]);
    std::vector<xt::xarray<std::uint8_t>> arrays;
    for (int i = 4; i < argc; ++i) arrays.push_back(xt::load_npy<std::uint8_t>(argv[i]));
    auto input = [&](std::size_t i) {
        const auto& a = arrays[i];
        return InputImage::array(a.data(), {(long long)a.shape()[0], (long long)a.shape()[1], (long long)a.shape()[2]});
    };
    // Peak memory first, while the process high-water mark is still the loaded inputs.
    // Linux: writing 5 to clear_refs resets the high-water mark (VmHWM) to the current RSS, so
    // the growth measured is the call's own, not a leftover of loading the .npy files.
    auto reset_peak_rss = [] { std::ofstream("/proc/self/clear_refs") << "5"; };
    auto peak_rss_bytes = [] {
        std::ifstream status("/proc/self/status");
        for (std::string line; std::getline(status, line);)
            if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) * 1024.0;  // kB
        return 0.0;
    };
    double input_bytes = 0, output_bytes = 0;
    std::vector<InputImage> all;
    for (std::size_t i = 0; i < arrays.size(); ++i) {
        all.push_back(input(i));
        input_bytes += double(arrays[i].size());
    }
    reset_peak_rss();
    const double rss_before = peak_rss_bytes();
    {
        const BatchFeature out = proc(ImageBatch(all));
        auto add = [&](const Tensor& t) { std::visit([&](const auto& a) { output_bytes += double(a.size() * sizeof(a[0])); }, t); };
        for (const auto& key : out.keys()) {
            if (out.is_list(key))
                for (const auto& t : out.list(key)) add(t);
            else
                add(out.stacked(key));
        }
    }
    const double rss_growth = std::max(0.0, peak_rss_bytes() - rss_before);
    // Latency: the first image, one thread, median of `repeats` runs (after one warm-up).
    const auto fresh_calls = [&] {
        (void)proc(input(0));
        std::vector<double> t;
        for (int r = 0; r < repeats; ++r) {
            const auto t0 = Clock::now();
            const BatchFeature out = proc(input(0));
            t.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        std::sort(t.begin(), t.end());
        return t;
    };
    const std::vector<double> ms = fresh_calls();
    // The same with the array pool off (core/array.hpp): every large output is memory the
    // kernel maps and zeroes anew, as malloc gives it.
    const std::vector<double> ms_pool_off = [&] {
        const OutputPoolLimitScope pool_off(0);
        return fresh_calls();
    }();
    // The same call in a server's steady state: the previous result's arrays handed back
    // (process_into), so no fresh output memory (no page faults) per call.
    BatchFeature reused;
    proc.process_into(input(0), reused);
    std::vector<double> ms_reused;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = Clock::now();
        proc.process_into(input(0), reused);
        ms_reused.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms_reused.begin(), ms_reused.end());
    // Throughput: every image once per thread pool run, images split across threads.
    auto run_batch = [&](int n_threads) {
        const auto t0 = Clock::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < n_threads; ++t)
            pool.emplace_back([&, t] {
                for (std::size_t i = std::size_t(t); i < arrays.size(); i += std::size_t(n_threads)) (void)proc(input(i));
            });
        for (auto& th : pool) th.join();
        return double(arrays.size()) / std::chrono::duration<double>(Clock::now() - t0).count();
    };
    const double one = run_batch(1), many = run_batch(threads);
    std::printf("{\"median_ms\": %.4f, \"median_ms_reused\": %.4f, \"median_ms_pool_off\": %.4f, \"images_per_s_1\": %.3f, \"images_per_s_T\": %.3f, \"threads\": %d, "
                "\"input_mib\": %.3f, \"output_mib\": %.3f, \"peak_mib\": %.3f}\n",
                ms[ms.size() / 2], ms_reused[ms_reused.size() / 2], ms_pool_off[ms_pool_off.size() / 2], one, many, threads, input_bytes / 1048576.0, output_bytes / 1048576.0,
                (input_bytes + rss_growth) / 1048576.0);
    return 0;
}
