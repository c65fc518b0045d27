// rescale + normalize of interleaved uint8 pixels into channels-first float32 planes, 16
// pixels per step with AVX-512: the values are computed, not looked up, with the very
// operations of numerics::rescale_value and normalize_value (a float64 product rounded to
// float32, then a float32 subtraction and division). IEEE arithmetic gives the same bits in
// a vector lane as in a scalar register (round to nearest; nothing here can fuse into an
// FMA), so this equals the 256-entry tables it replaces on the hot path.
#pragma once

#include "pixelprep/cpu/simd/level.hpp"

#include <cstddef>
#include <cstdint>

namespace pixelprep::cpu::simd {

// The formula behind a value table, when it is the rescale/normalize one.
struct AffineValues {
    bool rescale = false;  // x = float32(float64(v) * factor), else x = float32(v)
    double factor = 1.0;
    // When set, float32 arithmetic gives the same x: float32(v) * factor_high +
    // float32(v) * factor_low, where factor_high holds factor's top 16 significant bits (so
    // v * factor_high is exact) and factor_low the rest. make_value_map sets it only after
    // comparing all 256 values with the float64 formula (a few factors in 10^4 differ in
    // one value), so the vector paths skip float64's conversions, which cost AVX2 on Zen 2
    // half the map's time, without a bit of difference.
    bool float32_rescale = false;
    float factor_high = 0.0f;
    float factor_low = 0.0f;
    bool normalize = false;  // then (x - mean[c]) / std[c] in float32
    float mean[4] = {0, 0, 0, 0};
    float std_dev[4] = {1, 1, 1, 1};
};

}  // namespace pixelprep::cpu::simd

#if PIXELPREP_X86_SIMD

#include <immintrin.h>

#define PIXELPREP_TARGET_AVX512_MAP __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512vbmi")))

namespace pixelprep::cpu::simd {

// Pixels [0, n) of `src` (C interleaved channels, C = 1..4; channel c is the map's channel
// first_channel + c) into planes dst + c * plane; returns how many pixels it wrote (a
// multiple of 16; the caller finishes the rest).
// Zero-masked intrinsics with every lane kept: GCC 12's unmasked ones (and its casts) warn,
// see resample_avx512.hpp.
template <int C>
PIXELPREP_TARGET_AVX512_MAP inline std::size_t map_to_planes_avx512(const std::uint8_t* src, std::size_t n,
                                                                    const AffineValues& a, int first_channel,
                                                                    float* dst, std::ptrdiff_t plane) {
    static_assert(C >= 1 && C <= 4, "1 to 4 channels");
    constexpr __mmask64 load_mask = C == 4 ? ~__mmask64(0) : (__mmask64(1) << (16 * C)) - 1;
    __m512i channel_bytes[C];
    for (int c = 0; c < C; ++c) {  // byte j of channel c's index: the j-th pixel's channel c
        alignas(64) std::uint8_t idx[64] = {};
        for (int j = 0; j < 16; ++j) idx[j] = static_cast<std::uint8_t>(C * j + c);
        channel_bytes[c] = _mm512_load_si512(idx);
    }
    constexpr __mmask16 all16 = 0xFFFF;
    const __m512d factor = _mm512_set1_pd(a.factor);
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        const __m512i pixels = _mm512_maskz_loadu_epi8(load_mask, src + i * C);
        for (int c = 0; c < C; ++c) {
            const __m128i bytes =
                _mm512_maskz_extracti32x4_epi32(0xF, _mm512_maskz_permutexvar_epi8(~__mmask64(0), channel_bytes[c], pixels), 0);
            const __m512i ints = _mm512_maskz_cvtepu8_epi32(all16, bytes);
            __m512 x;
            if (a.rescale) {
                const __m256i ints_lo = _mm512_maskz_extracti64x4_epi64(0xF, ints, 0);
                const __m256i ints_hi = _mm512_maskz_extracti64x4_epi64(0xF, ints, 1);
                const __m512d lo = _mm512_mul_pd(_mm512_maskz_cvtepi32_pd(0xFF, ints_lo), factor);
                const __m512d hi = _mm512_mul_pd(_mm512_maskz_cvtepi32_pd(0xFF, ints_hi), factor);
                x = _mm512_insertf32x8(_mm512_insertf32x8(_mm512_setzero_ps(), _mm512_maskz_cvtpd_ps(0xFF, lo), 0),
                                       _mm512_maskz_cvtpd_ps(0xFF, hi), 1);
            } else {
                x = _mm512_maskz_cvtepi32_ps(all16, ints);  // exact: 0..255
            }
            if (a.normalize)
                x = _mm512_div_ps(_mm512_sub_ps(x, _mm512_set1_ps(a.mean[first_channel + c])),
                                  _mm512_set1_ps(a.std_dev[first_channel + c]));
            _mm512_storeu_ps(dst + std::ptrdiff_t(c) * plane + std::ptrdiff_t(i), x);
        }
    }
    return i;
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_X86_SIMD
