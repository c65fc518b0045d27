// rescale + normalize of interleaved uint8 pixels into contiguous float32, 8 values per
// step with AVX2: computed, not looked up, with the very operations of
// numerics::rescale_value and normalize_value (a float64 product rounded to float32, then a
// float32 subtraction and division), as value_map_avx512.hpp does with 16, or with the
// rescale in float32 where AffineValues::float32_rescale says that gives the same bits.
// Intrinsics never contract into an FMA and IEEE lanes round like scalar registers, so this
// equals the 256-entry tables. Why compute: a table lookup is one scalar load per value,
// and gathers on AVX2 machines (Zen 2 measured) are no faster.
#pragma once

#include "pixelprep/cpu/simd/level.hpp"
#include "pixelprep/cpu/simd/value_map_avx512.hpp"  // AffineValues

#if PIXELPREP_X86_SIMD

#include <immintrin.h>

#include <array>
#include <cstddef>
#include <cstdint>

#define PIXELPREP_TARGET_AVX2_MAP __attribute__((target("avx2")))

namespace pixelprep::cpu::simd {

// The byte shuffles that pick channel c of eight C-channel pixels out of their first 16
// bytes (lo) and the bytes after (hi); 0x80 makes a zero.
struct alignas(16) ChannelMasks {
    std::uint8_t lo[16];
    std::uint8_t hi[16];
};
template <int C> constexpr std::array<ChannelMasks, C> make_channel_masks() {
    std::array<ChannelMasks, C> m{};
    for (int c = 0; c < C; ++c)
        for (int j = 0; j < 16; ++j) {
            const int byte = C * j + c;  // pixel j's channel c, for j < 8
            m[std::size_t(c)].lo[j] = j < 8 && byte < 16 ? std::uint8_t(byte) : 0x80;
            m[std::size_t(c)].hi[j] = j < 8 && byte >= 16 ? std::uint8_t(byte - 16) : 0x80;
        }
    return m;
}
template <int C> inline constexpr std::array<ChannelMasks, C> channel_masks = make_channel_masks<C>();

// Channel c of the eight C-channel pixels at `p` (exactly 8 * C bytes read) as int32.
template <int C> PIXELPREP_TARGET_AVX2_MAP inline __m256i channel_of_8_pixels(const std::uint8_t* p, __m128i lo_mask,
                                                                            __m128i hi_mask) {
    __m128i bytes;
    if constexpr (C == 1) {
        bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    } else if constexpr (C == 2) {
        bytes = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), lo_mask);
    } else {
        const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i rest = C == 3 ? _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 16))
                                    : _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16));
        bytes = _mm_or_si128(_mm_shuffle_epi8(first, lo_mask), _mm_shuffle_epi8(rest, hi_mask));
    }
    return _mm256_cvtepu8_epi32(bytes);
}

// The two float32 steps of the formula, shared by the loops that hoist their constants.
PIXELPREP_TARGET_AVX2_MAP inline __m256 rescale_float32_avx2(__m256 v, __m256 factor_high, __m256 factor_low) {
    return _mm256_add_ps(_mm256_mul_ps(v, factor_high), _mm256_mul_ps(v, factor_low));
}
PIXELPREP_TARGET_AVX2_MAP inline __m256 normalize_avx2(__m256 x, __m256 mean, __m256 std_dev) {
    return _mm256_div_ps(_mm256_sub_ps(x, mean), std_dev);
}

PIXELPREP_TARGET_AVX2_MAP inline __m256 affine_values_avx2(__m256i ints, const AffineValues& a, int channel) {
    __m256 x;
    if (a.float32_rescale) {
        x = rescale_float32_avx2(_mm256_cvtepi32_ps(ints), _mm256_set1_ps(a.factor_high), _mm256_set1_ps(a.factor_low));
    } else if (a.rescale) {
        const __m256d factor = _mm256_set1_pd(a.factor);
        const __m128 lo = _mm256_cvtpd_ps(_mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_castsi256_si128(ints)), factor));
        const __m128 hi = _mm256_cvtpd_ps(_mm256_mul_pd(_mm256_cvtepi32_pd(_mm256_extracti128_si256(ints, 1)), factor));
        x = _mm256_set_m128(hi, lo);
    } else {
        x = _mm256_cvtepi32_ps(ints);  // exact: 0..255
    }
    if (a.normalize) x = normalize_avx2(x, _mm256_set1_ps(a.mean[channel]), _mm256_set1_ps(a.std_dev[channel]));
    return x;
}

// Channel c of pixels [0, n) of `pixels` (C interleaved channels, C = 1..4), mapped with the
// map's channel `channel`, into dst[0, n). Returns false, writing nothing, when n < 8: the
// caller uses its table. Never reads past pixel n - 1; the last step overlaps the one before
// it rather than running past the end (it rewrites the same values).
template <int C>
PIXELPREP_TARGET_AVX2_MAP inline bool map_channel_avx2(const std::uint8_t* pixels, std::size_t n, int c,
                                                       const AffineValues& a, int channel, float* dst) {
    static_assert(C >= 1 && C <= 4, "1 to 4 channels");
    if (n < 8) return false;
    const ChannelMasks& masks = channel_masks<C>[c];
    const __m128i lo_mask = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.lo));
    const __m128i hi_mask = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.hi));
    for (std::size_t i = 0;; i += 8) {
        if (i + 8 > n) i = n - 8;
        const __m256i ints = channel_of_8_pixels<C>(pixels + i * C, lo_mask, hi_mask);
        _mm256_storeu_ps(dst + i, affine_values_avx2(ints, a, channel));
        if (i + 8 == n) return true;
    }
}

// The vpshufb of channel c of one step of map_to_planes_rgb_avx2: int32 lane j of 128-bit
// half h takes byte 4h + 3j + c (pixel 4h + j's channel c after the halves' 8-byte
// overlap), zero-extended. A constant, as channel_masks is, so no call builds it.
struct alignas(32) RgbStepMask {
    std::uint8_t bytes[32];
};
constexpr std::array<RgbStepMask, 3> make_rgb_step_masks() {
    std::array<RgbStepMask, 3> m{};
    for (int c = 0; c < 3; ++c)
        for (int half = 0; half < 2; ++half)
            for (int j = 0; j < 16; ++j)
                m[std::size_t(c)].bytes[16 * half + j] = j % 4 == 0 ? std::uint8_t(4 * half + 3 * (j / 4) + c) : 0x80;
    return m;
}
inline constexpr std::array<RgbStepMask, 3> rgb_step_masks = make_rgb_step_masks();

// RGB pixels [0, n) of `src` into planes dst + c * plane (channel c is the map's channel
// first_channel + c), 8 pixels a step; returns how many it wrote (a multiple of 8; the
// caller finishes the rest). A step loads its 24 bytes once, as two 16-byte halves that
// overlap by 8 (pixels 0-3 at the low half's start, 4-7 at byte 4 of the high one), and one
// vpshufb a channel puts the channel's eight bytes in int32 lanes; the common formula
// (float32 rescale, then normalize) runs with its constants hoisted and no test in the loop.
// Channel by channel (map_channel_avx2), each step took two shuffles, an OR and a widening
// per channel, and tested the formula's flags: CLIP-224's 224x224 map on Zen 3 went from
// 0.040 to 0.025 ms, with the same bits.
PIXELPREP_TARGET_AVX2_MAP inline std::size_t map_to_planes_rgb_avx2(const std::uint8_t* src, std::size_t n, const AffineValues& a,
                                                                     int first_channel, float* dst, std::ptrdiff_t plane) {
    __m256i channel_mask[3];
    for (int c = 0; c < 3; ++c)
        channel_mask[c] = _mm256_load_si256(reinterpret_cast<const __m256i*>(rgb_step_masks[std::size_t(c)].bytes));
    const auto load = [src](std::size_t i) PIXELPREP_TARGET_AVX2_MAP {
        const std::uint8_t* p = src + 3 * i;
        return _mm256_loadu2_m128i(reinterpret_cast<const __m128i*>(p + 8), reinterpret_cast<const __m128i*>(p));
    };
    std::size_t i = 0;
    if (a.float32_rescale && a.normalize) {
        const __m256 high = _mm256_set1_ps(a.factor_high), low = _mm256_set1_ps(a.factor_low);
        __m256 mean[3], std_dev[3];
        for (int c = 0; c < 3; ++c) {
            mean[c] = _mm256_set1_ps(a.mean[first_channel + c]);
            std_dev[c] = _mm256_set1_ps(a.std_dev[first_channel + c]);
        }
        for (; i + 8 <= n; i += 8) {
            const __m256i bytes = load(i);
#pragma GCC unroll 3
            for (int c = 0; c < 3; ++c) {
                const __m256 v = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(bytes, channel_mask[c]));  // exact: 0..255
                const __m256 x = normalize_avx2(rescale_float32_avx2(v, high, low), mean[c], std_dev[c]);
                _mm256_storeu_ps(dst + c * plane + std::ptrdiff_t(i), x);
            }
        }
        return i;
    }
    for (; i + 8 <= n; i += 8) {
        const __m256i bytes = load(i);
#pragma GCC unroll 3
        for (int c = 0; c < 3; ++c)
            _mm256_storeu_ps(dst + c * plane + std::ptrdiff_t(i),
                             affine_values_avx2(_mm256_shuffle_epi8(bytes, channel_mask[c]), a, first_channel + c));
    }
    return i;
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_X86_SIMD
