// AVX-512 row kernels of the 8-bit resampling passes (Ice Lake and later, Zen 4): the same
// 16-bit split weights as the AVX2 kernels (packed_taps.hpp), four 128-bit lanes per step.
//   - horizontal: one 32-byte load per step; VBMI's byte permute (vpermb) gives every lane
//     its own taps from it, where AVX2's in-lane shuffle needs both halves to share 16 bytes;
//     VNNI's vpdpwssd multiplies and accumulates in one instruction (wrapping, like the
//     int32 sums of the split). Four output pixels are finished together with a 4x4 lane
//     transpose-and-add, and two source rows share each coefficient load (the packed table
//     of a wide row does not fit L1, so its loads are the cost to halve).
//   - vertical: 64 output bytes per chunk, the AVX2 chunk at twice the width.
// Compiled with target attributes and called only when the CPU has all five extensions
// (simd/level.hpp); every kernel ends like Pillow's: 2^21 + sum, >> 22, clamp to 0..255.
#pragma once

#include "pixelprep/cpu/simd/level.hpp"

#if PIXELPREP_X86_SIMD

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>

#include "pixelprep/cpu/simd/lane_taps.hpp"
#include "pixelprep/cpu/simd/packed_taps.hpp"
#include "pixelprep/cpu/simd/resample_x86.hpp"
#include "pixelprep/numerics/coefficients.hpp"

#define PIXELPREP_TARGET_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi,avx512vnni")))

namespace pixelprep::cpu::simd {

// The permute of one step: `index` picks the loaded byte of each int16's low half, `keep`
// zeroes the high halves and the unused positions (C = 3's fourth pair).
struct PermuteAvx512 {
    __m512i index;
    __mmask64 keep;
};

// GCC 12's unmasked forms of these intrinsics start from _mm512_undefined_epi32() and warn
// (-Wuninitialized, GCC bug 105593) wherever they are inlined; the zero-masked forms with
// every lane kept are the same instructions without the warning.
constexpr __mmask16 all16 = 0xFFFF;
constexpr __mmask64 load32 = 0xFFFFFFFFull;

// From the 64-byte shuffle_mask(C, 4, ...) table: 0x80 marks a zero byte.
PIXELPREP_TARGET_AVX512 inline PermuteAvx512 permute_avx512(const std::uint8_t* mask_bytes) {
    std::uint64_t keep = 0;
    for (int b = 0; b < 64; ++b)
        if (mask_bytes[b] != 0x80) keep |= std::uint64_t(1) << b;
    return {_mm512_loadu_si512(mask_bytes), __mmask64(keep)};
}

// Sixteen int32 partial sums (four lanes of four) of one output pixel of two rows.
template <int C>
PIXELPREP_TARGET_AVX512 inline void horizontal_sums2_avx512(const std::uint8_t* a, const std::uint8_t* b,
                                                            const std::int16_t* k, int steps, PermuteAvx512 p,
                                                            __m512i& sum_a, __m512i& sum_b) {
    constexpr int step_bytes = 4 * taps_per_lane(C) * C;
    __m512i lo_a = _mm512_setzero_si512(), hi_a = lo_a, lo_b = lo_a, hi_b = lo_a;
    for (int s = 0; s < steps; ++s, a += step_bytes, b += step_bytes, k += 64) {
        const __m512i klo = _mm512_loadu_si512(k), khi = _mm512_loadu_si512(k + 32);
        // 32 bytes loaded (the rest zero, never read: indices stay below 32).
        const __m512i va = _mm512_maskz_permutexvar_epi8(p.keep, p.index, _mm512_maskz_loadu_epi8(load32, a));
        const __m512i vb = _mm512_maskz_permutexvar_epi8(p.keep, p.index, _mm512_maskz_loadu_epi8(load32, b));
        lo_a = _mm512_dpwssd_epi32(lo_a, va, klo);
        hi_a = _mm512_dpwssd_epi32(hi_a, va, khi);
        lo_b = _mm512_dpwssd_epi32(lo_b, vb, klo);
        hi_b = _mm512_dpwssd_epi32(hi_b, vb, khi);
    }
    sum_a = _mm512_add_epi32(_mm512_maskz_slli_epi32(all16, hi_a, 15), lo_a);
    sum_b = _mm512_add_epi32(_mm512_maskz_slli_epi32(all16, hi_b, 15), lo_b);
}

// Lane j of the result: the four lanes of s_j added (a 4x4 transpose of 128-bit lanes).
PIXELPREP_TARGET_AVX512 inline __m512i add_lanes4_avx512(__m512i s0, __m512i s1, __m512i s2, __m512i s3) {
    const __m512i x = _mm512_add_epi32(_mm512_maskz_shuffle_i32x4(all16, s0, s1, _MM_SHUFFLE(1, 0, 1, 0)),
                                       _mm512_maskz_shuffle_i32x4(all16, s0, s1, _MM_SHUFFLE(3, 2, 3, 2)));
    const __m512i y = _mm512_add_epi32(_mm512_maskz_shuffle_i32x4(all16, s2, s3, _MM_SHUFFLE(1, 0, 1, 0)),
                                       _mm512_maskz_shuffle_i32x4(all16, s2, s3, _MM_SHUFFLE(3, 2, 3, 2)));
    return _mm512_add_epi32(_mm512_maskz_shuffle_i32x4(all16, x, y, _MM_SHUFFLE(2, 0, 2, 0)),
                            _mm512_maskz_shuffle_i32x4(all16, x, y, _MM_SHUFFLE(3, 1, 3, 1)));
}

// Lane j of `sums` holds output pixel j's four partial sums; writes `count` (1..4) pixels.
template <int C>
PIXELPREP_TARGET_AVX512 inline void store_pixels4_avx512(__m512i sums, std::uint8_t* out, int count) {
    if constexpr (C <= 2) sums = _mm512_add_epi32(sums, _mm512_bsrli_epi128(sums, 8));
    if constexpr (C == 1) sums = _mm512_add_epi32(sums, _mm512_bsrli_epi128(sums, 4));
    sums = _mm512_maskz_srai_epi32(all16, _mm512_add_epi32(sums, _mm512_set1_epi32(numerics::accumulator_init())),
                                   numerics::precision_bits);
    sums = _mm512_maskz_min_epi32(all16, _mm512_maskz_max_epi32(all16, sums, _mm512_setzero_si512()),
                                  _mm512_set1_epi32(255));
    // Byte 4j + q is channel q of pixel j; keep the first C of every four, packed.
    const __m128i bytes = _mm512_maskz_cvtepi32_epi8(all16, sums);
    const __m128i packed = _mm_shuffle_epi8(
        bytes, C == 4   ? _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
               : C == 3 ? _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1)
               : C == 2 ? _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1)
                        : _mm_setr_epi8(0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
    _mm_mask_storeu_epi8(out, __mmask16((1u << (count * C)) - 1u), packed);
}

// Two source rows (`a`, `b`: spans in bounds, possibly the same row) to outputs [0, n).
template <int C>
PIXELPREP_TARGET_AVX512 inline void horizontal_rows2_avx512(const std::uint8_t* a, const std::uint8_t* b,
                                                            const PackedTaps& p, const std::uint8_t* mask_bytes,
                                                            std::uint8_t* out_a, std::uint8_t* out_b, int n) {
    const PermuteAvx512 perm = permute_avx512(mask_bytes);
    const std::ptrdiff_t per_pixel = std::ptrdiff_t(p.steps) * 64;
    const std::int16_t* k = p.coeffs.data();
    for (int i = 0; i < n; i += 4) {
        const int count = n - i < 4 ? n - i : 4;
        __m512i sa[4], sb[4];
        for (int j = 0; j < 4; ++j) {
            if (j < count) {
                const std::ptrdiff_t first = std::ptrdiff_t(p.first[std::size_t(i + j)]) * C;
                horizontal_sums2_avx512<C>(a + first, b + first, k, p.steps, perm, sa[j], sb[j]);
                k += per_pixel;
            } else {
                sa[j] = sb[j] = _mm512_setzero_si512();
            }
        }
        store_pixels4_avx512<C>(add_lanes4_avx512(sa[0], sa[1], sa[2], sa[3]), out_a + std::ptrdiff_t(i) * C, count);
        store_pixels4_avx512<C>(add_lanes4_avx512(sb[0], sb[1], sb[2], sb[3]), out_b + std::ptrdiff_t(i) * C, count);
    }
}

// The 64 bytes of one tap group from the window at `w`: 64 bytes (one load and vpermb) or 128
// (two loads and vpermi2b).
template <int Window>
PIXELPREP_TARGET_AVX512 inline __m512i gather_window_avx512(const std::uint8_t* w, __m512i index) {
    if constexpr (Window == 64) return _mm512_maskz_permutexvar_epi8(~__mmask64(0), index, _mm512_loadu_si512(w));
    else return _mm512_permutex2var_epi8(_mm512_loadu_si512(w), index, _mm512_loadu_si512(w + 64));
}

// One block of a lane table (lane_taps.hpp) for R rows at once: each table load serves the R
// rows, and the R rows' independent sums hide the permute's and the dot product's latency.
template <int R, int Window, int Phases>
PIXELPREP_TARGET_AVX512 inline void lane_block_rows_avx512(const std::uint8_t* src, std::ptrdiff_t src_stride,
                                                           const LaneGroup* groups, const int* windows, int n_groups,
                                                           std::uint8_t* dst, std::ptrdiff_t dst_stride) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i sa[R], sb[R], sc[R];
    // Unrolled, so the 3R sums live in registers (GCC keeps a runtime-indexed array in memory).
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) sa[r] = sb[r] = sc[r] = zero;
    for (int g = 0; g < n_groups; ++g) {
        const __m512i index = _mm512_loadu_si512(groups[g].index);
        const __m512i da = _mm512_loadu_si512(groups[g].digit[0]);
        const __m512i db = _mm512_loadu_si512(groups[g].digit[1]);
        const __m512i dc = _mm512_loadu_si512(groups[g].digit[2]);
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r) {
            const std::uint8_t* w = src + std::ptrdiff_t(r) * src_stride + windows[g];
            const __m512i v = gather_window_avx512<Window>(w, index);
            sa[r] = _mm512_dpbusd_epi32(sa[r], v, da);
            sb[r] = _mm512_dpbusd_epi32(sb[r], v, db);
            sc[r] = _mm512_dpbusd_epi32(sc[r], v, dc);
        }
    }
    const __m512i init = _mm512_set1_epi32(numerics::accumulator_init());
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
        __m512i s = _mm512_add_epi32(_mm512_maskz_slli_epi32(all16, sa[r], 16), _mm512_maskz_slli_epi32(all16, sb[r], 8));
        s = _mm512_add_epi32(s, sc[r]);
        std::uint8_t* out = dst + std::ptrdiff_t(r) * dst_stride;
        if constexpr (Phases == 1) {
            s = _mm512_add_epi32(s, init);
            s = _mm512_maskz_max_epi32(all16, _mm512_maskz_srai_epi32(all16, s, numerics::precision_bits), zero);
            // Unsigned saturation to 0..255 finishes Pillow's clamp.
            _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm512_maskz_cvtusepi32_epi8(all16, s));
        } else {  // an output's phases sit in the vector's halves (2) or quarters (4): add them
            __m256i h = _mm256_add_epi32(_mm512_maskz_extracti64x4_epi64(0xFF, s, 0), _mm512_maskz_extracti64x4_epi64(0xFF, s, 1));
            if constexpr (Phases == 2) {
                h = _mm256_add_epi32(h, _mm256_set1_epi32(numerics::accumulator_init()));
                h = _mm256_max_epi32(_mm256_srai_epi32(h, numerics::precision_bits), _mm256_setzero_si256());
                _mm_storel_epi64(reinterpret_cast<__m128i*>(out), _mm256_maskz_cvtusepi32_epi8(0xFF, h));
            } else {
                __m128i q = _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
                q = _mm_add_epi32(q, _mm_set1_epi32(numerics::accumulator_init()));
                q = _mm_max_epi32(_mm_srai_epi32(q, numerics::precision_bits), _mm_setzero_si128());
                const int bytes = _mm_cvtsi128_si32(_mm_packus_epi16(_mm_packs_epi32(q, q), _mm_setzero_si128()));
                std::memcpy(out, &bytes, 4);
            }
        }
    }
}

// Rows [0, rows) of `src` (row stride `src_stride`) through a lane table to the same rows of
// `dst`. Rows go in chunks and blocks across each chunk, four rows at a time: a block's table
// (256 bytes per group) stays in L1 while the chunk's rows use it.
template <int Window, int Phases>
PIXELPREP_TARGET_AVX512 inline void horizontal_rows_lanes_avx512(const std::uint8_t* src, std::ptrdiff_t src_stride, int rows,
                                                                 const LaneTaps& p, std::uint8_t* dst, std::ptrdiff_t dst_stride) {
    constexpr int chunk = 8;
    for (int r0 = 0; r0 < rows; r0 += chunk) {
        const int r1 = rows - r0 < chunk ? rows : r0 + chunk;
        for (int b = 0; b < p.blocks; ++b) {
            const LaneGroup* groups = p.table.data() + std::size_t(b) * std::size_t(p.groups);
            const int* windows = p.window_start.data() + std::size_t(b) * std::size_t(p.groups);
            const std::ptrdiff_t o0 = p.block_start[std::size_t(b)];
            int r = r0;
            for (; r + 4 <= r1; r += 4)
                lane_block_rows_avx512<4, Window, Phases>(src + std::ptrdiff_t(r) * src_stride, src_stride, groups, windows, p.groups,
                                                  dst + std::ptrdiff_t(r) * dst_stride + o0, dst_stride);
            for (; r < r1; ++r)
                lane_block_rows_avx512<1, Window, Phases>(src + std::ptrdiff_t(r) * src_stride, src_stride, groups, windows, p.groups,
                                                  dst + std::ptrdiff_t(r) * dst_stride + o0, dst_stride);
        }
    }
}

PIXELPREP_TARGET_AVX512 inline __m512i finish_avx512(__m512i lo, __m512i hi) {
    const __m512i init = _mm512_set1_epi32(numerics::accumulator_init());
    return _mm512_maskz_srai_epi32(all16, _mm512_add_epi32(_mm512_add_epi32(_mm512_maskz_slli_epi32(all16, hi, 15), lo), init),
                                   numerics::precision_bits);
}

// 64 output bytes at `x` of one output row: taps rows base + t * stride, weights k[0..taps).
PIXELPREP_TARGET_AVX512 inline void vertical_chunk64_avx512(const std::uint8_t* base, std::ptrdiff_t stride,
                                                            const std::int32_t* k, int taps, std::uint8_t* out) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i lo0 = zero, lo1 = zero, lo2 = zero, lo3 = zero, hi0 = zero, hi1 = zero, hi2 = zero, hi3 = zero;
    for (int t = 0; t < taps; t += 2) {
        const __m512i a = _mm512_loadu_si512(base + std::ptrdiff_t(t) * stride);
        const bool pair = t + 1 < taps;
        const __m512i b = pair ? _mm512_loadu_si512(base + std::ptrdiff_t(t + 1) * stride) : zero;
        const TapPair w = tap_pair(k[t], pair ? k[t + 1] : 0);
        const __m512i wlo = _mm512_set1_epi32(w.lo), whi = _mm512_set1_epi32(w.hi);
        // In-lane interleaves, as in the AVX2 chunk; the packs below undo this order.
        const __m512i ab0 = _mm512_unpacklo_epi8(a, b), ab1 = _mm512_unpackhi_epi8(a, b);
        const __m512i v0 = _mm512_unpacklo_epi8(ab0, zero), v1 = _mm512_unpackhi_epi8(ab0, zero);
        const __m512i v2 = _mm512_unpacklo_epi8(ab1, zero), v3 = _mm512_unpackhi_epi8(ab1, zero);
        lo0 = _mm512_dpwssd_epi32(lo0, v0, wlo);
        hi0 = _mm512_dpwssd_epi32(hi0, v0, whi);
        lo1 = _mm512_dpwssd_epi32(lo1, v1, wlo);
        hi1 = _mm512_dpwssd_epi32(hi1, v1, whi);
        lo2 = _mm512_dpwssd_epi32(lo2, v2, wlo);
        hi2 = _mm512_dpwssd_epi32(hi2, v2, whi);
        lo3 = _mm512_dpwssd_epi32(lo3, v3, wlo);
        hi3 = _mm512_dpwssd_epi32(hi3, v3, whi);
    }
    const __m512i r01 = _mm512_packs_epi32(finish_avx512(lo0, hi0), finish_avx512(lo1, hi1));
    const __m512i r23 = _mm512_packs_epi32(finish_avx512(lo2, hi2), finish_avx512(lo3, hi3));
    _mm512_storeu_si512(out, _mm512_packus_epi16(r01, r23));
}

// The weights of one output row of the vertical pass as vpdpbusd operands: tap group g (taps
// 4g .. 4g + 3, zero past the count) as three int32, each the four int8 of one digit of
// lane_taps.hpp's balanced base-256 split, at packed[3g + d]. False when a weight does not
// split (never for Pillow's weights; the caller then uses the 16-bit kernel).
inline bool vertical_digits(const std::int32_t* k, int taps, std::int32_t* packed) {
    for (int g = 0; 4 * g < taps; ++g) {
        std::uint32_t words[3] = {0, 0, 0};
        for (int j = 0; j < 4; ++j) {
            const std::optional<WeightDigits> d = weight_digits(4 * g + j < taps ? k[4 * g + j] : 0);
            if (!d) return false;
            words[0] |= std::uint32_t(std::uint8_t(d->a)) << (8 * j);
            words[1] |= std::uint32_t(std::uint8_t(d->b)) << (8 * j);
            words[2] |= std::uint32_t(std::uint8_t(d->c)) << (8 * j);
        }
        for (int d = 0; d < 3; ++d) packed[3 * g + d] = std::int32_t(words[d]);
    }
    return true;
}

// Four taps of 64 output bytes: the bytes of source rows r0..r3 interleaved into int32 lanes
// (one unsigned byte per tap) and dotted with the three digits. Inside each 128-bit lane q,
// sums j = 0..3 hold outputs 16q + 4j .. 16q + 4j + 3.
PIXELPREP_TARGET_AVX512 inline void vertical_group_avx512(__m512i r0, __m512i r1, __m512i r2, __m512i r3,
                                                          const std::int32_t* digits, __m512i (&acc)[12]) {
    const __m512i ab_lo = _mm512_unpacklo_epi8(r0, r1), ab_hi = _mm512_unpackhi_epi8(r0, r1);
    const __m512i cd_lo = _mm512_unpacklo_epi8(r2, r3), cd_hi = _mm512_unpackhi_epi8(r2, r3);
    const __m512i v[4] = {_mm512_unpacklo_epi16(ab_lo, cd_lo), _mm512_unpackhi_epi16(ab_lo, cd_lo),
                          _mm512_unpacklo_epi16(ab_hi, cd_hi), _mm512_unpackhi_epi16(ab_hi, cd_hi)};
    const __m512i w[3] = {_mm512_set1_epi32(digits[0]), _mm512_set1_epi32(digits[1]), _mm512_set1_epi32(digits[2])};
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j)
#pragma GCC unroll 3
        for (int d = 0; d < 3; ++d) acc[3 * j + d] = _mm512_dpbusd_epi32(acc[3 * j + d], v[j], w[d]);
}

// 2^16 a + 2^8 b + c + 2^21, shifted: the 22-bit result of sixteen outputs.
PIXELPREP_TARGET_AVX512 inline __m512i finish_digits_avx512(__m512i a, __m512i b, __m512i c) {
    const __m512i s = _mm512_add_epi32(_mm512_maskz_slli_epi32(all16, a, 16), _mm512_maskz_slli_epi32(all16, b, 8));
    return _mm512_maskz_srai_epi32(all16, _mm512_add_epi32(_mm512_add_epi32(s, c), _mm512_set1_epi32(numerics::accumulator_init())),
                                   numerics::precision_bits);
}

// 64 output bytes of one output row of the vertical pass, four taps per vpdpbusd (weights
// from vertical_digits): per four taps 4 loads, 8 unpacks and 12 dot products, against 4
// loads, 12 unpacks and 16 for the 16-bit split (vertical_chunk64_avx512) two taps at a time.
PIXELPREP_TARGET_AVX512 inline void vertical_chunk64_digits_avx512(const std::uint8_t* base, std::ptrdiff_t stride,
                                                                   const std::int32_t* digits, int taps, std::uint8_t* out) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i acc[12];
    for (auto& a : acc) a = zero;
    int t = 0;
    for (; t + 4 <= taps; t += 4, digits += 3)
        vertical_group_avx512(_mm512_loadu_si512(base + std::ptrdiff_t(t) * stride),
                              _mm512_loadu_si512(base + std::ptrdiff_t(t + 1) * stride),
                              _mm512_loadu_si512(base + std::ptrdiff_t(t + 2) * stride),
                              _mm512_loadu_si512(base + std::ptrdiff_t(t + 3) * stride), digits, acc);
    if (t < taps) {  // 1 to 3 taps left: the rows past the count are never read (zero weights)
        const __m512i r0 = _mm512_loadu_si512(base + std::ptrdiff_t(t) * stride);
        const __m512i r1 = t + 1 < taps ? _mm512_loadu_si512(base + std::ptrdiff_t(t + 1) * stride) : zero;
        const __m512i r2 = t + 2 < taps ? _mm512_loadu_si512(base + std::ptrdiff_t(t + 2) * stride) : zero;
        vertical_group_avx512(r0, r1, r2, zero, digits, acc);
    }
    const __m512i s0 = finish_digits_avx512(acc[0], acc[1], acc[2]), s1 = finish_digits_avx512(acc[3], acc[4], acc[5]);
    const __m512i s2 = finish_digits_avx512(acc[6], acc[7], acc[8]), s3 = finish_digits_avx512(acc[9], acc[10], acc[11]);
    // The packs work inside 128-bit lanes too, which puts the outputs back in order.
    _mm512_storeu_si512(out, _mm512_packus_epi16(_mm512_packs_epi32(s0, s1), _mm512_packs_epi32(s2, s3)));
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_X86_SIMD
