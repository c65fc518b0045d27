// Steady-state serving: one processor called CALLS times on the same image, the way a server
// calls it per request. Reports, per call, the minor page faults (getrusage ru_minflt: the
// kernel mapping fresh memory) and the median latency, for
//   fresh:       out = proc(image)          every call allocates its outputs (large blocks
//                                            from the array pool: core/array.hpp);
//   fresh, pool off: the same with set_output_pool_limit(0): memory the kernel maps anew;
//   caller-owned proc.process_into(image, out)  the arrays of the previous result are reused.
// Usage: bench_serving MODEL_DIR IMAGE.npy [CALLS=1000]   (the image: uint8 HWC, numpy .npy)
// Prints one JSON object per mode.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <xtensor/xnpy.hpp>

#include <pixelprep/pixelprep.hpp>

using namespace pixelprep;
using Clock = std::chrono::steady_clock;

static long minor_faults() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_serving MODEL_DIR IMAGE.npy [CALLS=1000]\n");
        return 2;
    }
    set_logger([](LogLevel, std::string_view) {});
    const AnyProcessor proc = AutoImageProcessor::from_pretrained(argv[1]);
    const int calls = argc > 3 ? std::stoi(argv[3]) : 1000;
    const auto pixels = xt::load_npy<std::uint8_t>(argv[2]);
    const InputImage image = InputImage::array(
        pixels.data(), {(long long)pixels.shape()[0], (long long)pixels.shape()[1], (long long)pixels.shape()[2]});
    double output_mib = 0;
    {
        const BatchFeature out = proc(image);
        for (const auto& key : out.keys())
            std::visit([&](const auto& a) { output_mib += double(a.size() * sizeof(a[0])) / 1048576.0; }, out.stacked(key));
    }
    auto report = [&](const char* mode, auto&& call) {
        for (int i = 0; i < 3; ++i) call();  // warm: code, coefficient caches, scratch buffers
        std::vector<double> ms;
        ms.reserve(std::size_t(calls));
        const long before = minor_faults();
        for (int i = 0; i < calls; ++i) {
            const auto t0 = Clock::now();
            call();
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        const double faults = double(minor_faults() - before) / calls;
        std::sort(ms.begin(), ms.end());
        std::printf("{\"model\": \"%s\", \"mode\": \"%s\", \"calls\": %d, \"output_mib\": %.3f, "
                    "\"page_faults_per_call\": %.3f, \"median_ms\": %.4f}\n",
                    std::string(proc.class_name()).c_str(), mode, calls, output_mib, faults, ms[ms.size() / 2]);
    };
    report("fresh", [&] { const BatchFeature out = proc(image); });
    {
        const OutputPoolLimitScope pool_off(0);
        report("fresh, pool off", [&] { const BatchFeature out = proc(image); });
    }
    BatchFeature owned;
    report("caller-owned", [&] { proc.process_into(image, owned); });
    return 0;
}
