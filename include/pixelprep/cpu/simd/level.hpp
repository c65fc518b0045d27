// Which instruction set the resampling passes use, chosen at run time so that one binary
// runs on any x86-64: AVX-512 (BW, VL, VBMI and VNNI: Ice Lake, Zen 4 and later) where the
// CPU has it, else AVX2, else SSE4.1, else the portable scalar code. On AArch64 the choice
// is NEON (every AArch64 CPU has it) or scalar.
// Every level gives the same bits (tests/unit/test_simd_resample.cpp checks each one; on
// AArch64 under qemu, tests/arm/neon_under_qemu.sh).
//
// The choice can be narrowed, never widened past what the CPU supports:
//   - PIXELPREP_SIMD=scalar|sse4|avx2|avx512|neon in the environment, read once at first use;
//   - set_simd_level(level) at run time (tests and benchmarks use it to force a path).
#pragma once

#include <atomic>
#include <cstdlib>
#include <string_view>

namespace pixelprep::cpu {

// The x86 levels are ordered (each one's instructions include the previous one's); neon is
// the AArch64 level and is not above or below any of them.
enum class SimdLevel : int { scalar = 0, sse41 = 1, avx2 = 2, avx512 = 3, neon = 4 };

// The vector kernels are x86 intrinsics behind target attributes; nvcc's front end and other
// architectures get the scalar code only.
#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) && !defined(__CUDACC__)
#define PIXELPREP_X86_SIMD 1
#else
#define PIXELPREP_X86_SIMD 0
#endif

// The NEON kernels (simd/resample_neon.hpp): AArch64 only, where NEON is architectural.
#if defined(__aarch64__) && defined(__ARM_NEON) && !defined(__CUDACC__)
#define PIXELPREP_ARM_NEON 1
#else
#define PIXELPREP_ARM_NEON 0
#endif

constexpr std::string_view simd_level_name(SimdLevel l) noexcept {
    return l == SimdLevel::avx512 ? "avx512"
           : l == SimdLevel::avx2 ? "avx2"
           : l == SimdLevel::sse41 ? "sse4.1"
           : l == SimdLevel::neon ? "neon"
                                  : "scalar";
}

// The best level this CPU supports.
inline SimdLevel cpu_simd_level() noexcept {
#if PIXELPREP_X86_SIMD
    static const SimdLevel best = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
            __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vbmi") &&
            __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx2"))
            return SimdLevel::avx512;
        if (__builtin_cpu_supports("avx2")) return SimdLevel::avx2;
        if (__builtin_cpu_supports("sse4.1")) return SimdLevel::sse41;
        return SimdLevel::scalar;
    }();
    return best;
#elif PIXELPREP_ARM_NEON
    return SimdLevel::neon;
#else
    return SimdLevel::scalar;
#endif
}

// Whether this CPU can run `level`'s kernels (scalar always can).
constexpr bool simd_level_runs_here(SimdLevel level, SimdLevel best) noexcept {
    if (level == SimdLevel::scalar) return true;
    if (level == SimdLevel::neon || best == SimdLevel::neon) return level == best;
    return static_cast<int>(level) <= static_cast<int>(best);
}
inline bool simd_level_available(SimdLevel level) noexcept { return simd_level_runs_here(level, cpu_simd_level()); }

namespace detail {
// The level itself where the CPU runs it, else the CPU's best: a vector level of the other
// architecture means "the vector path" there.
inline SimdLevel clamp_to_cpu(SimdLevel wanted) noexcept {
    return simd_level_available(wanted) ? wanted : cpu_simd_level();
}
inline SimdLevel level_from_environment() noexcept {
    const char* env = std::getenv("PIXELPREP_SIMD");  // read once, before any thread asks
    if (env == nullptr) return cpu_simd_level();
    const std::string_view v(env);
    if (v == "scalar") return SimdLevel::scalar;
    if (v == "sse4" || v == "sse4.1" || v == "sse41") return clamp_to_cpu(SimdLevel::sse41);
    if (v == "avx2") return clamp_to_cpu(SimdLevel::avx2);
    if (v == "neon") return clamp_to_cpu(SimdLevel::neon);
    return cpu_simd_level();
}
inline std::atomic<int>& simd_level_slot() noexcept {
    static std::atomic<int> level{static_cast<int>(level_from_environment())};
    return level;
}
}  // namespace detail

// The level resize uses now.
inline SimdLevel simd_level() noexcept {
    return static_cast<SimdLevel>(detail::simd_level_slot().load(std::memory_order_relaxed));
}

// Narrows (or restores) the level; a level above the CPU's is clamped to it. Returns the
// previous level. Thread-safe; a resize already running keeps the level it started with.
inline SimdLevel set_simd_level(SimdLevel level) noexcept {
    return static_cast<SimdLevel>(
        detail::simd_level_slot().exchange(static_cast<int>(detail::clamp_to_cpu(level)), std::memory_order_relaxed));
}

}  // namespace pixelprep::cpu
