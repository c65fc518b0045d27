// NEON row kernels of the 8-bit resampling passes, for AArch64 (NEON is part of the
// architecture there, so no run-time check is needed). They do Pillow's integer arithmetic
// itself rather than a split of it: every 8-bit sample is widened to an int32 lane and
// multiplied by its whole 22-bit weight (MLA on 32-bit lanes), the sum starts at 2^21, is
// shifted right by 22 and saturated to 0..255 (two saturating narrows), exactly as
// numerics::clip8 ends. Integer sums are exact, so the lane order cannot change a bit.
//
// resample_passes.hpp calls these at SimdLevel::neon. Their bits are checked against the
// scalar reference and against real Pillow under qemu-aarch64 (tests/arm/neon_under_qemu.sh);
// their speed has not been measured (no ARM machine here).
#pragma once

#include "pixelprep/cpu/simd/level.hpp"

#if PIXELPREP_ARM_NEON

#include <arm_neon.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "pixelprep/numerics/coefficient_table.hpp"
#include "pixelprep/numerics/coefficients.hpp"

namespace pixelprep::cpu::simd {

// Bytes a horizontal kernel may read past the last tap's pixel (its 4- and 8-byte loads);
// the caller gives rows whose reads would pass the end of the plane from a padded copy.
inline constexpr int neon_horizontal_overread = 8;

// Sums (each already holding 2^21) shifted by 22 and saturated to bytes, in order.
inline uint8x8_t finish_sums_neon(int32x4_t a, int32x4_t b) {
    const int16x8_t narrowed = vcombine_s16(vqmovn_s32(vshrq_n_s32(a, numerics::precision_bits)),
                                            vqmovn_s32(vshrq_n_s32(b, numerics::precision_bits)));
    return vqmovun_s16(narrowed);
}

inline int32x4_t widen_low4(uint16x8_t v) { return vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(v))); }
inline int32x4_t widen_high4(uint16x8_t v) { return vreinterpretq_s32_u32(vmovl_high_u16(v)); }

// The 4 bytes at p, widened (one pixel of C <= 4 channels in lanes 0..C-1).
inline int32x4_t load_pixel4_neon(const std::uint8_t* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return widen_low4(vmovl_u8(vcreate_u8(v)));
}

// Output pixels [x0, x1) of one row: outputs x's taps start at pixel first[x] of `row`
// (count[x] of them, weights cx.row(x)). One channel: eight taps per step across the lanes.
// Two to four channels: a pixel's channels across the lanes, two taps per step.
template <int C>
inline void horizontal_row_neon(const std::uint8_t* row, const numerics::AxisCoefficients& cx, int x0, int x1,
                                std::uint8_t* out) {
    for (int x = x0; x < x1; ++x, out += C) {
        const std::int32_t* k = cx.row(x);
        const std::uint8_t* p = row + std::ptrdiff_t(cx.first[std::size_t(x)]) * C;
        const int n = cx.count[std::size_t(x)];
        int32x4_t acc0 = vdupq_n_s32(0), acc1 = vdupq_n_s32(0);
        int t = 0;
        if constexpr (C == 1) {
            for (; t + 8 <= n; t += 8) {
                const uint16x8_t px = vmovl_u8(vld1_u8(p + t));
                acc0 = vmlaq_s32(acc0, widen_low4(px), vld1q_s32(k + t));
                acc1 = vmlaq_s32(acc1, widen_high4(px), vld1q_s32(k + t + 4));
            }
            std::int32_t sum = numerics::accumulator_init() + vaddvq_s32(vaddq_s32(acc0, acc1));
            for (; t < n; ++t) sum += std::int32_t(p[t]) * k[t];
            *out = numerics::clip8(sum);
        } else {
            acc0 = vdupq_n_s32(numerics::accumulator_init());
            if constexpr (C == 3 || C == 4) {
                for (; t + 2 <= n; t += 2) {
                    const uint16x8_t px = vmovl_u8(vld1_u8(p + t * C));  // taps t and t+1
                    const int32x4_t second = C == 4 ? widen_high4(px) : widen_low4(vextq_u16(px, px, 3));
                    acc0 = vmlaq_n_s32(acc0, widen_low4(px), k[t]);
                    acc1 = vmlaq_n_s32(acc1, second, k[t + 1]);
                }
            }
            for (; t < n; ++t) acc0 = vmlaq_n_s32(acc0, load_pixel4_neon(p + t * C), k[t]);
            const int32x4_t sum = vaddq_s32(acc0, acc1);
            const std::uint32_t bytes = vget_lane_u32(vreinterpret_u32_u8(finish_sums_neon(sum, sum)), 0);
            std::memcpy(out, &bytes, C);
        }
    }
}

// Bytes [0, 16 * Blocks) of one output row: taps rows base + t * stride, t < taps, weights k.
template <int Blocks>
inline void vertical_chunk_neon(const std::uint8_t* base, std::ptrdiff_t stride, const std::int32_t* k, int taps,
                                std::uint8_t* out) {
    int32x4_t acc[4 * Blocks];
    for (int32x4_t& a : acc) a = vdupq_n_s32(numerics::accumulator_init());
    for (int t = 0; t < taps; ++t) {
        const std::uint8_t* src = base + std::ptrdiff_t(t) * stride;
        const std::int32_t w = k[t];
        for (int b = 0; b < Blocks; ++b) {
            const uint8x16_t v = vld1q_u8(src + 16 * b);
            const uint16x8_t lo = vmovl_u8(vget_low_u8(v)), hi = vmovl_high_u8(v);
            acc[4 * b + 0] = vmlaq_n_s32(acc[4 * b + 0], widen_low4(lo), w);
            acc[4 * b + 1] = vmlaq_n_s32(acc[4 * b + 1], widen_high4(lo), w);
            acc[4 * b + 2] = vmlaq_n_s32(acc[4 * b + 2], widen_low4(hi), w);
            acc[4 * b + 3] = vmlaq_n_s32(acc[4 * b + 3], widen_high4(hi), w);
        }
    }
    for (int b = 0; b < Blocks; ++b)
        vst1q_u8(out + 16 * b, vcombine_u8(finish_sums_neon(acc[4 * b], acc[4 * b + 1]),
                                           finish_sums_neon(acc[4 * b + 2], acc[4 * b + 3])));
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_ARM_NEON
