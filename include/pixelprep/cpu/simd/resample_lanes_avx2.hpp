// The AVX2 horizontal kernel over a lane table (lane_taps_avx2.hpp): each int32 lane sums one
// output byte, two taps a vpmaddwd pair, so the multiply lanes carry real taps instead of
// RGB's missing channel and tap padding. Compiled with a target attribute and called only
// when the CPU has AVX2 (simd/level.hpp); it ends like Pillow's: 2^21 + sum, >> 22, clamp.
#pragma once

#include "pixelprep/cpu/simd/level.hpp"

#if PIXELPREP_X86_SIMD

#include <immintrin.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "pixelprep/cpu/simd/lane_taps_avx2.hpp"
#include "pixelprep/cpu/simd/resample_x86.hpp"
#include "pixelprep/numerics/coefficients.hpp"

namespace pixelprep::cpu::simd {

// The bytes of each output row of a block, from the eight lanes of four rows' vectors after
// the phases are added: the first block_bytes of each 8 (pshufb indices; 0x80 = zero).
inline std::array<std::uint8_t, 8> block_byte_order(LaneLayoutAvx2 l) noexcept {
    std::array<std::uint8_t, 8> order;
    order.fill(0x80);
    // The packs leave half h's output j at byte 4h + j of the row's eight.
    for (int h = 0, i = 0; h < 2; ++h)
        for (int j = 0; j < l.half_bytes(); ++j) order[std::size_t(i++)] = std::uint8_t(4 * h + j);
    return order;
}

// R rows' outputs of one block from their lane sums (lo started at Pillow's 2^21 where an
// output has one lane): phases added, shifted, clamped, the bytes put in order and stored.
// Contiguous halves: 8 bytes a row where the row has room (the next block overwrites the
// extra), else exactly the block's bytes. Split halves: each half's bytes where they go.
template <int R, int Phases, bool Split>
PIXELPREP_TARGET_AVX2 inline void store_lane_rows_avx2(const __m256i (&lo)[R], const __m256i (&hi)[R], const std::uint8_t* order,
                                                        int block_bytes, bool whole_word, std::uint8_t* dst,
                                                        std::ptrdiff_t dst_stride) {
    __m256i s[4];
#pragma GCC unroll 4
    for (int r = 0; r < 4; ++r) {
        if (r >= R) {
            s[r] = _mm256_setzero_si256();
            continue;
        }
        __m256i v = _mm256_add_epi32(_mm256_slli_epi32(hi[r], 15), lo[r]);
        if constexpr (Phases >= 2) v = _mm256_hadd_epi32(v, v);  // lanes 2j, 2j + 1 of each half
        if constexpr (Phases == 4) v = _mm256_hadd_epi32(v, v);
        if constexpr (Phases >= 2) v = _mm256_add_epi32(v, _mm256_set1_epi32(numerics::accumulator_init()));
        s[r] = _mm256_srai_epi32(v, numerics::precision_bits);
    }
    // Bytes 4h + j of row r's eight: half h's lane j, saturated to 0..255 like Pillow's clip.
    const __m256i bytes = _mm256_packus_epi16(_mm256_packs_epi32(s[0], s[1]), _mm256_packs_epi32(s[2], s[3]));
    const __m256i rows = _mm256_shuffle_epi8(
        _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7)),
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(order)));
    alignas(32) std::uint64_t words[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(words), rows);
    if constexpr (Split) {
        constexpr int half = avx2_half_lanes / Phases;  // a half's output bytes, first in each word
        (void)block_bytes;
        (void)whole_word;
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const auto* word = reinterpret_cast<const std::uint8_t*>(&words[r]);
            std::memcpy(dst + std::ptrdiff_t(r) * dst_stride, word, half);
            std::memcpy(dst + std::ptrdiff_t(r) * dst_stride + 2 * half, word + half, half);
        }
    } else if (whole_word) {
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) std::memcpy(dst + std::ptrdiff_t(r) * dst_stride, &words[r], 8);
    } else {  // the row's last block: its own bytes only (a call to memcpy, rare)
        for (int r = 0; r < R; ++r) std::memcpy(dst + std::ptrdiff_t(r) * dst_stride, &words[r], std::size_t(block_bytes));
    }
}

// One block of a lane table for R rows at once: each table load serves the R rows, and their
// independent sums hide vpmaddwd's latency. Split: one 32-byte load gives both windows.
template <int R, int Phases, bool Split>
PIXELPREP_TARGET_AVX2 inline void lane_block_rows_avx2(const std::uint8_t* src, std::ptrdiff_t src_stride,
                                                       const LaneGroupAvx2* groups, const std::array<int, 2>* windows,
                                                       int n_groups, const std::uint8_t* order, int block_bytes, bool whole_word,
                                                       std::uint8_t* dst, std::ptrdiff_t dst_stride) {
    __m256i lo[R], hi[R];
    const __m256i init = _mm256_set1_epi32(Phases == 1 ? numerics::accumulator_init() : 0);
    // Unrolled, so the 2R sums live in registers (GCC keeps a runtime-indexed array in memory).
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
        lo[r] = init;
        hi[r] = _mm256_setzero_si256();
    }
    for (int g = 0; g < n_groups; ++g) {
        __m256i shuffle = _mm256_load_si256(reinterpret_cast<const __m256i*>(groups[g].shuffle));
        __m256i klo = _mm256_load_si256(reinterpret_cast<const __m256i*>(groups[g].lo));
        __m256i khi = _mm256_load_si256(reinterpret_cast<const __m256i*>(groups[g].hi));
        // Kept in registers: GCC otherwise folds them into each row's instructions as memory
        // operands, one extra load per row.
        asm("" : "+x"(shuffle), "+x"(klo), "+x"(khi));
        const std::ptrdiff_t w0 = windows[g][0], w1 = windows[g][1];
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) {
            const std::uint8_t* row = src + std::ptrdiff_t(r) * src_stride;
            const __m256i v = _mm256_shuffle_epi8(
                Split ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + w0))
                      : _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(row + w1), reinterpret_cast<const __m128i*>(row + w0)),
                shuffle);
            add_in_place_avx2(lo[r], _mm256_madd_epi16(v, klo));
            add_in_place_avx2(hi[r], _mm256_madd_epi16(v, khi));
        }
    }
    store_lane_rows_avx2<R, Phases, Split>(lo, hi, order, block_bytes, whole_word, dst, dst_stride);
}

// Rows [0, rows) of `src` (row stride `src_stride`) through a lane table to the same rows of
// `dst`. Rows go in chunks and blocks across each chunk, several rows at a time, so a block's
// table stays in L1 while the chunk's rows use it. Four rows at a time, now that the sums are
// added in place (lane_block_rows_avx2): four rows' eight sums and the three table vectors
// fit AVX2's 16 registers. With plain adds GCC kept two of them on the stack, and three rows
// were faster (Zen 2: 3.9 cycles a step with four rows, 3.4 with three). Zen 3, the pass of
// CLIP-224 from 640x480 (minimum of 41 runs): three rows 0.194 ms, four with in-place adds
// 0.184 ms; gray and two channels, from 640 and 1920 wide, 5-9% faster alike.
template <int Phases, bool Split>
PIXELPREP_TARGET_AVX2 inline void horizontal_rows_lanes_avx2(const std::uint8_t* src, std::ptrdiff_t src_stride, int rows,
                                                             const LaneTapsAvx2& p, int n, std::uint8_t* dst,
                                                             std::ptrdiff_t dst_stride) {
    constexpr int rows_at_once = 4;
    constexpr int chunk = 12;  // a multiple of 4 (Zen 2, 640 wide, three rows at once: 9 to 24 within 2%)
    const int block_bytes = p.layout.block_bytes();
    const std::array<std::uint8_t, 8> order8 = block_byte_order(p.layout);
    alignas(32) std::uint8_t order[32];
    for (int q = 0; q < 4; ++q)  // pshufb indexes within a 128-bit half: the second word of each is +8
        for (int i = 0; i < 8; ++i) order[8 * q + i] = order8[std::size_t(i)] == 0x80 ? 0x80 : std::uint8_t(order8[std::size_t(i)] + 8 * (q % 2));
    for (int r0 = 0; r0 < rows; r0 += chunk) {
        const int r1 = rows - r0 < chunk ? rows : r0 + chunk;
        for (int b = 0; b < p.blocks; ++b) {
            const std::size_t first = std::size_t(b) * std::size_t(p.groups);
            const LaneGroupAvx2* groups = p.table.data() + first;
            const std::array<int, 2>* windows = p.windows.data() + first;
            const int o0 = p.block_start[std::size_t(b)];
            const bool whole_word = o0 + 8 <= n;
            int r = r0;
            for (; r + rows_at_once <= r1; r += rows_at_once)
                lane_block_rows_avx2<rows_at_once, Phases, Split>(src + std::ptrdiff_t(r) * src_stride, src_stride, groups, windows, p.groups,
                                                order, block_bytes, whole_word, dst + std::ptrdiff_t(r) * dst_stride + o0, dst_stride);
            for (; r < r1; ++r)
                lane_block_rows_avx2<1, Phases, Split>(src + std::ptrdiff_t(r) * src_stride, src_stride, groups, windows, p.groups,
                                                order, block_bytes, whole_word, dst + std::ptrdiff_t(r) * dst_stride + o0, dst_stride);
        }
    }
}

// The same for any table: its layout (phases, split) picks the instantiation.
PIXELPREP_TARGET_AVX2 inline void horizontal_rows_lanes_avx2(const std::uint8_t* src, std::ptrdiff_t src_stride, int rows,
                                                             const LaneTapsAvx2& p, int n, std::uint8_t* dst,
                                                             std::ptrdiff_t dst_stride) {
    const bool split = p.layout.split;
    switch (p.layout.phases) {
        case 4:
            return split ? horizontal_rows_lanes_avx2<4, true>(src, src_stride, rows, p, n, dst, dst_stride)
                         : horizontal_rows_lanes_avx2<4, false>(src, src_stride, rows, p, n, dst, dst_stride);
        case 2:
            return split ? horizontal_rows_lanes_avx2<2, true>(src, src_stride, rows, p, n, dst, dst_stride)
                         : horizontal_rows_lanes_avx2<2, false>(src, src_stride, rows, p, n, dst, dst_stride);
        default:
            return split ? horizontal_rows_lanes_avx2<1, true>(src, src_stride, rows, p, n, dst, dst_stride)
                         : horizontal_rows_lanes_avx2<1, false>(src, src_stride, rows, p, n, dst, dst_stride);
    }
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_X86_SIMD
