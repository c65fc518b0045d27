// SSE4.1 and AVX2 row kernels of the 8-bit resampling passes (see packed_taps.hpp for the
// weight split that keeps them exact). Compiled with target attributes, so the rest of the
// program needs no -mavx2; resample_passes.hpp calls them only when the CPU has the
// instructions. Every kernel ends exactly like Pillow's: 2^21 + sum, arithmetic shift by 22,
// clamp to 0..255 (packs/packus saturate, and the shifted value always fits int16).
#pragma once

#include "pixelprep/cpu/simd/level.hpp"

#if PIXELPREP_X86_SIMD

#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "pixelprep/cpu/simd/packed_taps.hpp"
#include "pixelprep/numerics/coefficients.hpp"

#define PIXELPREP_TARGET_SSE41 __attribute__((target("sse4.1")))
#define PIXELPREP_TARGET_AVX2 __attribute__((target("avx2")))

namespace pixelprep::cpu::simd {

// Weights of taps t and t+1 as the int16 pairs pmaddwd multiplies with (lo, hi parts).
struct TapPair {
    std::int32_t lo;
    std::int32_t hi;
};
inline TapPair tap_pair(std::int32_t k0, std::int32_t k1) noexcept {
    const auto lo = [](std::int32_t k) { return std::uint32_t(std::uint16_t(split_low(k))); };
    const auto hi = [](std::int32_t k) { return std::uint32_t(std::uint16_t(split_high(k))); };
    return {std::int32_t(lo(k0) | (lo(k1) << 16)), std::int32_t(hi(k0) | (hi(k1) << 16))};
}

// The weight pairs of one output row of the vertical pass (taps t and t + 1, a zero weight
// past the last tap), computed once per row rather than in every chunk of it; the chunk
// AVX2 kernel broadcasts them from memory, a plain load on the CPUs measured (Zen 2), where a
// broadcast from a general register takes the shuffle unit the multiplies need.
inline void tap_pairs(const std::int32_t* k, int taps, TapPair* pairs) noexcept {
    for (int t = 0; t < taps; t += 2) pairs[t / 2] = tap_pair(k[t], t + 1 < taps ? k[t + 1] : 0);
}

// ---- SSE4.1 ----------------------------------------------------------------------------

// Four int32 partial sums of one output pixel to its C bytes.
template <int C> PIXELPREP_TARGET_SSE41 inline void store_pixel_sse41(__m128i s, std::uint8_t* out) {
    if constexpr (C <= 2) s = _mm_add_epi32(s, _mm_srli_si128(s, 8));  // taps (0,1) + (2,3)
    if constexpr (C == 1) s = _mm_add_epi32(s, _mm_srli_si128(s, 4));
    s = _mm_add_epi32(s, _mm_set1_epi32(numerics::accumulator_init()));
    s = _mm_srai_epi32(s, numerics::precision_bits);
    s = _mm_packus_epi16(_mm_packs_epi32(s, s), s);
    const std::uint32_t v = std::uint32_t(_mm_cvtsi128_si32(s));
    std::memcpy(out, &v, C);
}

// One source row (read from `row`, spans in bounds) to outputs [0, n) of the packed table.
template <int C>
PIXELPREP_TARGET_SSE41 inline void horizontal_row_sse41(const std::uint8_t* row, const PackedTaps& p,
                                                         const std::uint8_t* mask_bytes, std::uint8_t* out, int n) {
    const __m128i mask = _mm_loadu_si128(reinterpret_cast<const __m128i*>(mask_bytes));
    const int step_bytes = p.taps_per_step * C;
    const std::int16_t* k = p.coeffs.data();
    for (int i = 0; i < n; ++i) {
        const std::uint8_t* src = row + std::ptrdiff_t(p.first[std::size_t(i)]) * C;
        __m128i lo = _mm_setzero_si128(), hi = _mm_setzero_si128();
        for (int s = 0; s < p.steps; ++s, src += step_bytes, k += 16) {
            const __m128i v = _mm_shuffle_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(src)), mask);
            lo = _mm_add_epi32(lo, _mm_madd_epi16(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(k))));
            hi = _mm_add_epi32(hi, _mm_madd_epi16(v, _mm_loadu_si128(reinterpret_cast<const __m128i*>(k + 8))));
        }
        store_pixel_sse41<C>(_mm_add_epi32(_mm_slli_epi32(hi, 15), lo), out + std::ptrdiff_t(i) * C);
    }
}

// One tap pair (rows a and b, b zero past the last tap) added into 16 outputs' sums: bytes
// 0..7 and 8..15 interleaved with the next row, then widened to int16 pairs.
PIXELPREP_TARGET_SSE41 inline void vertical_pair_sse41(__m128i a, __m128i b, const TapPair& w, __m128i (&lo)[4],
                                                       __m128i (&hi)[4]) {
    const __m128i zero = _mm_setzero_si128();
    const __m128i wlo = _mm_set1_epi32(w.lo), whi = _mm_set1_epi32(w.hi);
    const __m128i ab0 = _mm_unpacklo_epi8(a, b), ab1 = _mm_unpackhi_epi8(a, b);
    const __m128i v[4] = {_mm_unpacklo_epi8(ab0, zero), _mm_unpackhi_epi8(ab0, zero), _mm_unpacklo_epi8(ab1, zero),
                          _mm_unpackhi_epi8(ab1, zero)};
    for (int j = 0; j < 4; ++j) {
        lo[j] = _mm_add_epi32(lo[j], _mm_madd_epi16(v[j], wlo));
        hi[j] = _mm_add_epi32(hi[j], _mm_madd_epi16(v[j], whi));
    }
}

// 16 output bytes at `x` of one output row: taps rows base + (t * stride), weights in
// pairs[0..(taps + 1) / 2) (tap_pairs). The odd last tap is outside the loop, as in
// vertical_chunk32_avx2 (a pair test inside it cost the AVX2 kernel a spilled sum).
PIXELPREP_TARGET_SSE41 inline void vertical_chunk16_sse41(const std::uint8_t* base, std::ptrdiff_t stride,
                                                          const TapPair* pairs, int taps, std::uint8_t* out) {
    const __m128i zero = _mm_setzero_si128();
    __m128i lo[4] = {zero, zero, zero, zero}, hi[4] = {zero, zero, zero, zero};
    const auto row = [&](int t) PIXELPREP_TARGET_SSE41 {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + std::ptrdiff_t(t) * stride));
    };
    int t = 0;
    for (; t + 1 < taps; t += 2) vertical_pair_sse41(row(t), row(t + 1), pairs[t / 2], lo, hi);
    if (t < taps) vertical_pair_sse41(row(t), zero, pairs[t / 2], lo, hi);
    const __m128i init = _mm_set1_epi32(numerics::accumulator_init());
    __m128i r[4];
    for (int j = 0; j < 4; ++j)
        r[j] = _mm_srai_epi32(_mm_add_epi32(_mm_add_epi32(_mm_slli_epi32(hi[j], 15), lo[j]), init),
                              numerics::precision_bits);
    const __m128i packed = _mm_packus_epi16(_mm_packs_epi32(r[0], r[1]), _mm_packs_epi32(r[2], r[3]));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), packed);
}

// ---- AVX2 ------------------------------------------------------------------------------

// sum += v, as one vpaddd into sum's own register. Every AVX2 kernel that keeps eight sums
// live adds through this: with the plain intrinsic, GCC 12 gave the sums new registers each
// step, copied them back and spilled some (the four-row horizontal pass ran slower than two
// rows, 8.2 against 7.1 ms, on Zen 3). For the vertical chunk one harness measured 8-9%
// (0.53 against 0.48 ms for CLIP-224 from 3024 rows) and a later one no difference.
PIXELPREP_TARGET_AVX2 inline void add_in_place_avx2(__m256i& sum, __m256i v) {
    asm("vpaddd %1, %0, %0" : "+x"(sum) : "x"(v));
}

// Two output pixels' eight partial sums each (s0, s1: row a's and row b's), folded, rounded
// and clamped as Pillow finishes: the C bytes of each in the low bytes of `first` and `second`.
struct FinishedPair {
    std::uint32_t first;
    std::uint32_t second;
};
template <int C> PIXELPREP_TARGET_AVX2 inline FinishedPair finish_pair_avx2(__m256i s0, __m256i s1) {
    // Half 0: s0's pixel, half 1: s1's.
    __m256i s = _mm256_add_epi32(_mm256_permute2x128_si256(s0, s1, 0x20), _mm256_permute2x128_si256(s0, s1, 0x31));
    if constexpr (C <= 2) s = _mm256_add_epi32(s, _mm256_srli_si256(s, 8));
    if constexpr (C == 1) s = _mm256_add_epi32(s, _mm256_srli_si256(s, 4));
    s = _mm256_srai_epi32(_mm256_add_epi32(s, _mm256_set1_epi32(numerics::accumulator_init())), numerics::precision_bits);
    s = _mm256_packus_epi16(_mm256_packs_epi32(s, s), s);
    return {std::uint32_t(_mm256_extract_epi32(s, 0)), std::uint32_t(_mm256_extract_epi32(s, 4))};
}

// R source rows (R even; spans in bounds, a row may repeat) to outputs [0, n) of each. Each
// step broadcasts 16 source bytes to both halves, and each half's shuffle picks its own taps;
// each weight load serves all R rows (the packed weights of a wide row do not fit L1, so
// sharing them cuts the L2 traffic). Four rows, not two: on Zen 3, CLIP-224's horizontal
// pass from 1920x1080 took 1.10 ms two rows at a time and 0.95 ms four at a time, from
// 4032x3024 7.10 and 5.87 ms (minimum of 31 runs, 3 rounds alike); four rows' eight sums,
// the mask, the two weight vectors and the loaded bytes still fit AVX2's 16 registers.
template <int C, int R>
PIXELPREP_TARGET_AVX2 inline void horizontal_rows_avx2(const std::uint8_t* const (&src)[R], const PackedTaps& p,
                                                       const std::uint8_t* mask_bytes, std::uint8_t* const (&out)[R],
                                                       int n) {
    static_assert(R % 2 == 0, "rows are finished in pairs");
    const __m256i mask = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(mask_bytes));
    const int step_bytes = 2 * taps_per_lane(C) * C;
    const std::int16_t* k = p.coeffs.data();
    for (int i = 0; i < n; ++i) {
        std::ptrdiff_t offset = std::ptrdiff_t(p.first[std::size_t(i)]) * C;
        __m256i lo[R], hi[R];
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) lo[r] = hi[r] = _mm256_setzero_si256();
        for (int s = 0; s < p.steps; ++s, offset += step_bytes, k += 32) {
            __m256i klo = _mm256_load_si256(reinterpret_cast<const __m256i*>(k));
            __m256i khi = _mm256_load_si256(reinterpret_cast<const __m256i*>(k + 16));
            // Kept in registers: GCC otherwise folds them into each row's multiplies as
            // memory operands, one extra load per row.
            asm("" : "+x"(klo), "+x"(khi));
#pragma GCC unroll 4
            for (int r = 0; r < R; ++r) {
                const __m256i v = _mm256_shuffle_epi8(
                    _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src[r] + offset))), mask);
                add_in_place_avx2(lo[r], _mm256_madd_epi16(v, klo));
                add_in_place_avx2(hi[r], _mm256_madd_epi16(v, khi));
            }
        }
#pragma GCC unroll 2
        for (int r = 0; r < R; r += 2) {
            const FinishedPair v = finish_pair_avx2<C>(_mm256_add_epi32(_mm256_slli_epi32(hi[r], 15), lo[r]),
                                                       _mm256_add_epi32(_mm256_slli_epi32(hi[r + 1], 15), lo[r + 1]));
            // A whole 4-byte word where the next pixel overwrites the extra bytes; the last
            // pixel writes only its own. Two calls with fixed sizes, not one with a size chosen
            // at run time: GCC 12 compiled the latter (in a harness kernel) into a byte loop
            // through a stack slot, and every pixel then waited on a store-to-load forward.
            if (C == 3 && i + 1 < n) {
                std::memcpy(out[r] + std::ptrdiff_t(i) * C, &v.first, 4);
                std::memcpy(out[r + 1] + std::ptrdiff_t(i) * C, &v.second, 4);
            } else {
                std::memcpy(out[r] + std::ptrdiff_t(i) * C, &v.first, C);
                std::memcpy(out[r + 1] + std::ptrdiff_t(i) * C, &v.second, C);
            }
        }
    }
}

// 2^21 + 2^15 * hi + lo, shifted: the 22-bit result of eight outputs (lambdas would not
// inherit the target attribute, hence a function).
PIXELPREP_TARGET_AVX2 inline __m256i finish_avx2(__m256i lo, __m256i hi) {
    const __m256i init = _mm256_set1_epi32(numerics::accumulator_init());
    return _mm256_srai_epi32(_mm256_add_epi32(_mm256_add_epi32(_mm256_slli_epi32(hi, 15), lo), init),
                             numerics::precision_bits);
}

// One tap pair (rows a and b, b zero past the last tap) added into 32 outputs' sums: per
// 128-bit half, bytes 0..7 and 8..15 interleaved with the next row, then widened; the packs
// at the end of vertical_chunk32_avx2 undo exactly this order.
PIXELPREP_TARGET_AVX2 inline void vertical_pair_avx2(__m256i a, __m256i b, const TapPair& w, __m256i (&lo)[4],
                                                     __m256i (&hi)[4]) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i wlo = _mm256_castps_si256(_mm256_broadcast_ss(reinterpret_cast<const float*>(&w.lo)));
    const __m256i whi = _mm256_castps_si256(_mm256_broadcast_ss(reinterpret_cast<const float*>(&w.hi)));
    const __m256i ab0 = _mm256_unpacklo_epi8(a, b), ab1 = _mm256_unpackhi_epi8(a, b);
    const __m256i v[4] = {_mm256_unpacklo_epi8(ab0, zero), _mm256_unpackhi_epi8(ab0, zero),
                          _mm256_unpacklo_epi8(ab1, zero), _mm256_unpackhi_epi8(ab1, zero)};
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j) {
        add_in_place_avx2(lo[j], _mm256_madd_epi16(v[j], wlo));
        add_in_place_avx2(hi[j], _mm256_madd_epi16(v[j], whi));
    }
}

// 32 output bytes, as vertical_chunk16_sse41. The odd last tap is outside the loop: with the
// pair test inside it, GCC kept one of the eight sums on the stack (a store and a reload
// every pair) and copied the others around (480 -> 224 rows of 672 bytes on Zen 2: 0.094 ->
// 0.084 ms).
PIXELPREP_TARGET_AVX2 inline void vertical_chunk32_avx2(const std::uint8_t* base, std::ptrdiff_t stride,
                                                        const TapPair* pairs, int taps, std::uint8_t* out) {
    __m256i lo[4], hi[4];
#pragma GCC unroll 4
    for (int j = 0; j < 4; ++j) lo[j] = hi[j] = _mm256_setzero_si256();
    int t = 0;
    for (; t + 1 < taps; t += 2)
        vertical_pair_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(base + std::ptrdiff_t(t) * stride)),
                           _mm256_loadu_si256(reinterpret_cast<const __m256i*>(base + std::ptrdiff_t(t + 1) * stride)),
                           pairs[t / 2], lo, hi);
    if (t < taps)
        vertical_pair_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(base + std::ptrdiff_t(t) * stride)),
                           _mm256_setzero_si256(), pairs[t / 2], lo, hi);
    const __m256i r01 = _mm256_packs_epi32(finish_avx2(lo[0], hi[0]), finish_avx2(lo[1], hi[1]));
    const __m256i r23 = _mm256_packs_epi32(finish_avx2(lo[2], hi[2]), finish_avx2(lo[3], hi[3]));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_packus_epi16(r01, r23));
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_X86_SIMD
