// A short run of floats (at most 16: a patch row) copied by one masked load and store.
//
// Why: Qwen2-VL's patches are 14 values wide; a memcpy call per 56-byte run cost more than
// the copy (the run length is the config's, so the compiler cannot inline it). Measured on
// the 1932x1092 patch layout (caller-owned output, best of 30): memcpy 4.2-4.5 ms, masked
// 3.7-4.2 ms. Writing each run to both temporal frames at once measured slower (6.4-7.1 ms):
// two interleaved store streams; the frame is copied after it is written, from L1.
#pragma once

#include "pixelprep/cpu/simd/level.hpp"

#include <cstddef>

#if PIXELPREP_X86_SIMD

#include <immintrin.h>

namespace pixelprep::cpu::simd {

// n (1..16) floats from src to dst.
__attribute__((target("avx512f"))) inline void copy_short_run_avx512(const float* src, int n, float* dst) {
    const __mmask16 mask = __mmask16((1u << n) - 1u);
    _mm512_mask_storeu_ps(dst, mask, _mm512_maskz_loadu_ps(mask, src));
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_X86_SIMD
