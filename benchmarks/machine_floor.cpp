// The machine's side of the floor that benchmarks/compare.py reports next to each CLIP row:
// what one core can do at best, measured here in the same run as the timings.
//   - clock_ghz: a chain of dependent integer adds (one per cycle on every x86-64 core);
//   - exact_macs_per_cycle: the rate of exact 8-bit x 22-bit multiply-adds, the way the
//     kernels of the CPU's best level do them:
//       AVX-512 (simd/lane_taps.hpp): one vpdpbusd makes 64 u8 x s8 products and a 22-bit
//       weight takes three of them (three signed 8-bit digits), so 64 / 3 exact products per
//       vpdpbusd, times vpdpbusd per cycle measured on independent sums;
//       AVX2 (simd/lane_taps_avx2.hpp): one vpmaddwd makes 16 int16 products and a 22-bit
//       weight takes two (its 15-bit split), so 8 exact products per vpmaddwd, times
//       vpmaddwd (each with the vpaddd that accumulates it) per cycle;
//     exact_macs_source names which;
//   - read_gb_s: one core streaming a 256 MiB buffer (past every cache), best of five.
// Prints one JSON object; exact_macs_per_cycle is null below AVX2 (and clock_ghz 0 off x86-64).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <pixelprep/cpu/simd/level.hpp>

#if PIXELPREP_X86_SIMD
#include <immintrin.h>
#endif

using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

static double clock_ghz() {
    double best = 0;
#if defined(__x86_64__)
    for (int round = 0; round < 5; ++round) {
        constexpr long n = 200'000'000;
        long x = 0;
        const auto t0 = Clock::now();
        for (long i = 0; i < n; ++i) asm volatile("add $1, %0" : "+r"(x));
        best = std::max(best, double(n) / seconds_since(t0) / 1e9);
    }
#endif
    return best;  // 0 where the probe is not written (not x86-64)
}

#if PIXELPREP_X86_SIMD
// vpdpbusd per second on twelve independent sums (more than its latency needs), each in its
// own register.
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static double dots_per_second() {
    __m512i a0 = _mm512_set1_epi32(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0,
            a10 = a0, a11 = a0;
    const __m512i pixels = _mm512_set1_epi32(0x01020304), weights = _mm512_set1_epi32(0x05060708);
    double best = 0;
    for (int round = 0; round < 5; ++round) {
        constexpr long n = 20'000'000;
        const auto t0 = Clock::now();
        for (long i = 0; i < n; ++i)
            asm volatile(
                "vpdpbusd %12, %13, %0\n\tvpdpbusd %12, %13, %1\n\tvpdpbusd %12, %13, %2\n\tvpdpbusd %12, %13, %3\n\t"
                "vpdpbusd %12, %13, %4\n\tvpdpbusd %12, %13, %5\n\tvpdpbusd %12, %13, %6\n\tvpdpbusd %12, %13, %7\n\t"
                "vpdpbusd %12, %13, %8\n\tvpdpbusd %12, %13, %9\n\tvpdpbusd %12, %13, %10\n\tvpdpbusd %12, %13, %11"
                : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10),
                  "+v"(a11)
                : "v"(weights), "v"(pixels));
        best = std::max(best, double(n) * 12 / seconds_since(t0));
    }
    return best;
}

// vpmaddwd per second on eight independent sums, each accumulated with a vpaddd as the
// kernels do (AVX2 has no multiply-accumulate for integers). Each product reads its own sum,
// so none can be shared; eight chains of vpmaddwd + vpaddd (4-5 cycles) cover the latency.
__attribute__((target("avx2"))) static double madds_per_second() {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    const __m256i weights = _mm256_set1_epi32(0x05060708);
    double best = 0;
    for (int round = 0; round < 5; ++round) {
        constexpr long n = 20'000'000;
        const auto t0 = Clock::now();
        for (long i = 0; i < n; ++i) {
            a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(a0, weights));
            a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(a1, weights));
            a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(a2, weights));
            a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(a3, weights));
            a4 = _mm256_add_epi32(a4, _mm256_madd_epi16(a4, weights));
            a5 = _mm256_add_epi32(a5, _mm256_madd_epi16(a5, weights));
            a6 = _mm256_add_epi32(a6, _mm256_madd_epi16(a6, weights));
            a7 = _mm256_add_epi32(a7, _mm256_madd_epi16(a7, weights));
            asm volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7));
        }
        best = std::max(best, double(n) * 8 / seconds_since(t0));
    }
    return best;
}
#endif

static double read_gb_s() {
    std::vector<std::uint64_t> buffer(std::size_t(256) << 17, 1);  // 256 MiB
    double best = 0;
    for (int round = 0; round < 5; ++round) {
        const auto t0 = Clock::now();
        std::uint64_t a = 0, b = 0, c = 0, d = 0;
        for (std::size_t i = 0; i < buffer.size(); i += 4) {
            a += buffer[i];
            b += buffer[i + 1];
            c += buffer[i + 2];
            d += buffer[i + 3];
        }
        const double s = seconds_since(t0);
        asm volatile("" : : "r"(a + b + c + d));
        best = std::max(best, double(buffer.size() * sizeof(std::uint64_t)) / s / 1e9);
    }
    return best;
}

int main() {
    const double ghz = clock_ghz();
    char macs[32] = "null";
    const char* source = "null";
#if PIXELPREP_X86_SIMD
    if (pixelprep::cpu::cpu_simd_level() == pixelprep::cpu::SimdLevel::avx512) {
        std::snprintf(macs, sizeof macs, "%.2f", dots_per_second() / (ghz * 1e9) * 64.0 / 3.0);
        source = "\"avx512 vpdpbusd\"";
    } else if (pixelprep::cpu::cpu_simd_level() == pixelprep::cpu::SimdLevel::avx2) {
        std::snprintf(macs, sizeof macs, "%.2f", madds_per_second() / (ghz * 1e9) * 8.0);
        source = "\"avx2 vpmaddwd\"";
    }
#endif
    std::printf("{\"clock_ghz\": %.3f, \"exact_macs_per_cycle\": %s, \"exact_macs_source\": %s, \"read_gb_s\": %.2f}\n", ghz,
                macs, source, read_gb_s());
    return 0;
}
