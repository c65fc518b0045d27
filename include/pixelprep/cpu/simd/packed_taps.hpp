// Horizontal-pass coefficients rearranged for the 16-bit multiply-add (pmaddwd) kernels.
//
// Why a split: Pillow's weights have 22 fractional bits and need up to 24 bits with the sign,
// too wide for pmaddwd's int16 operands. Each weight k is written as k = hi * 2^15 + lo with
// lo = k & 0x7fff (0..32767) and hi = k >> 15 (about -64..256); both fit int16, and
//   sum(p * k) = 2^15 * sum(p * hi) + sum(p * lo)
// holds exactly in wrapping 32-bit arithmetic. Pillow's own int32 sum never overflows, so
// the wrapped result equals it bit for bit, whatever the order of the partial sums.
//
// Layout: the kernel loads a few consecutive source pixels, shuffles their bytes into int16
// pairs (tap t, tap t+1) of one channel, and multiplies them with the matching weight pairs.
// A "lane" is 128 bits: 8 int16 = 4 pairs = 4 int32 partial sums. Which tap and which byte
// feed each int16 position depends only on the channel count C:
//   C = 4, 3: 2 taps per lane, int32 q = channel q (q = 3 unused for C = 3)
//   C = 2:    4 taps per lane, int32 q = channel q % 2 of taps (q / 2) * 2 and +1
//   C = 1:    8 taps per lane, int32 q = taps 2q and 2q + 1
// An AVX2 step holds two lanes (the second lane the next taps), an SSE4.1 step one.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include <xsimd/memory/xsimd_aligned_allocator.hpp>

#include "pixelprep/numerics/coefficient_table.hpp"

namespace pixelprep::cpu::simd {

// The two int16 parts of a weight k = 2^15 * split_high(k) + split_low(k).
constexpr std::int16_t split_low(std::int32_t k) noexcept { return static_cast<std::int16_t>(k & 0x7fff); }
constexpr std::int16_t split_high(std::int32_t k) noexcept { return static_cast<std::int16_t>(k >> 15); }

constexpr int taps_per_lane(int C) noexcept { return C >= 3 ? 2 : C == 2 ? 4 : 8; }

struct LaneSlot {
    int tap;   // tap offset within the lane, -1 for an unused position
    int byte;  // byte offset from the lane's first pixel
};

// The source of int16 position `pos` (0..7) of one lane.
constexpr LaneSlot lane_slot(int C, int pos) noexcept {
    const int pair = pos / 2, second = pos % 2;
    if (C == 1) return {pos, pos};
    if (C == 2) {
        const int tap = (pair / 2) * 2 + second;
        return {tap, tap * 2 + pair % 2};
    }
    if (C == 3 && pair == 3) return {-1, 0};
    return {second, second * C + pair};
}

// Weights of output pixels [begin, end) of an axis, for `lanes` lanes per step.
struct PackedTaps {
    int lanes = 0;          // 1 (SSE4.1) or 2 (AVX2)
    int taps_per_step = 0;  // lanes * taps_per_lane(C)
    int steps = 0;          // vector steps per output pixel, the same for every pixel
    int span = 0;           // steps * taps_per_step source pixels read per output pixel
    int read_bytes = 0;     // bytes read from the first pixel of the span onwards (>= span * C)
    bool spans_fit = false; // every span lies inside the source row (in_size >= span)
    std::vector<int> first;            // first source pixel of each output's span
    // Per output, per step: lo[8 * lanes] then hi[8 * lanes]. On cache-line boundaries: a
    // step's weights are 32 * lanes bytes, so no weight load then straddles two lines (malloc's
    // 16-byte alignment split one in two of the AVX2 loads; aligning took the tap-major pass
    // from 8.0 to 7.65 ms for CLIP-224 from 4032x3024 on Zen 2).
    std::vector<std::int16_t, xsimd::aligned_allocator<std::int16_t, 64>> coeffs;

    const std::int16_t* at(int out_offset) const noexcept {
        return coeffs.data() + std::size_t(out_offset) * std::size_t(steps) * std::size_t(16 * lanes);
    }
};

// `load_bytes`: bytes one step loads (16 for AVX2, 8 for SSE4.1), which can exceed the
// bytes the step uses (C = 3), so the row reader knows how far past the span it reads.
inline PackedTaps pack_taps(const numerics::AxisCoefficients& t, int C, int lanes, int load_bytes, int begin, int end) {
    PackedTaps p;
    p.lanes = lanes;
    p.taps_per_step = lanes * taps_per_lane(C);
    int max_count = 1;
    for (int x = begin; x < end; ++x) max_count = std::max(max_count, t.count[std::size_t(x)]);
    p.steps = (max_count + p.taps_per_step - 1) / p.taps_per_step;
    p.span = p.steps * p.taps_per_step;
    p.read_bytes = (p.span - p.taps_per_step) * C + load_bytes;
    p.spans_fit = t.in_size >= p.span;
    const int n = end - begin;
    p.first.resize(std::size_t(n));
    p.coeffs.assign(std::size_t(n) * std::size_t(p.steps) * std::size_t(16 * lanes), 0);
    for (int i = 0; i < n; ++i) {
        const int x = begin + i;
        const int first = t.first[std::size_t(x)], count = t.count[std::size_t(x)];
        // Near the right edge the span starts earlier, so it never runs past the row; its
        // extra leading taps get weight 0. (A source narrower than the span starts at 0 and
        // is read from a zero-padded copy.)
        const int start = std::min(first, std::max(t.in_size - p.span, 0));
        const int shift = first - start;
        p.first[std::size_t(i)] = start;
        const std::int32_t* k = t.row(x);
        auto weight = [&](int tap) { return tap >= shift && tap < shift + count ? k[tap - shift] : 0; };
        std::int16_t* dst = p.coeffs.data() + std::size_t(i) * std::size_t(p.steps) * std::size_t(16 * lanes);
        for (int s = 0; s < p.steps; ++s, dst += 16 * lanes)
            for (int lane = 0; lane < lanes; ++lane)
                for (int pos = 0; pos < 8; ++pos) {
                    const LaneSlot slot = lane_slot(C, pos);
                    const std::int32_t w =
                        slot.tap < 0 ? 0 : weight(s * p.taps_per_step + lane * taps_per_lane(C) + slot.tap);
                    dst[lane * 8 + pos] = split_low(w);
                    dst[8 * lanes + lane * 8 + pos] = split_high(w);
                }
    }
    return p;
}

// The byte shuffle of one step: for lane L, int16 position pos takes byte
// L * taps_per_lane(C) * C + slot.byte of the loaded bytes, zero-extended (0x80 = zero).
inline void shuffle_mask(int C, int lanes, std::uint8_t* mask /* 16 * lanes bytes */) {
    for (int lane = 0; lane < lanes; ++lane)
        for (int pos = 0; pos < 8; ++pos) {
            const LaneSlot slot = lane_slot(C, pos);
            const int byte = lane * taps_per_lane(C) * C + slot.byte;
            // With AVX2 both 128-bit halves hold the same 16 loaded bytes, and pshufb indexes
            // within its own half, so the index is the byte offset itself.
            mask[lane * 16 + pos * 2] = slot.tap < 0 ? 0x80 : static_cast<std::uint8_t>(byte);
            mask[lane * 16 + pos * 2 + 1] = 0x80;
        }
}

}  // namespace pixelprep::cpu::simd
