// A value table (fused_preprocess.hpp's ValueMap: 256 float32 per channel) applied to
// interleaved uint8 pixels, 64 pixels per step, by byte permutes instead of arithmetic.
//
// Why: the computed map (value_map_avx512.hpp) spends a float64 multiply, two conversions
// and a float32 division per value; the division alone is several cycles per vector. A
// lookup needs no arithmetic and is exact by construction (it reads the table itself):
//   - the table is kept as four byte planes (byte k of every entry, 256 bytes each);
//   - byte plane k of 64 values is two vpermt2b (entries 0..127 and 128..255, indexed by the
//     low seven bits) and a blend on the top bit;
//   - the four planes are interleaved into 64 float32 by byte and word unpacks, which work
//     inside 128-bit lanes; the pixels are permuted beforehand (one vpermb, together with the
//     channel deinterleave) so that the unpacked floats come out in order.
#pragma once

#include "pixelprep/cpu/simd/level.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace pixelprep::cpu::simd {

// Byte k of entry v of channel c's table at [(c * 4 + k) * 256 + v].
struct alignas(64) ValueBytePlanes {
    std::array<std::uint8_t, 4 * 4 * 256> bytes{};
};

// Position p of the permuted values holds value order_of(p): after the unpacks, float vector
// s (0..3) lane q (0..3) element r (0..3) is position 16q + 4s + r, and must be value
// 16s + 4q + r.
constexpr int lookup_order(int p) noexcept {
    const int q = p / 16, s = (p % 16) / 4, r = p % 4;
    return 16 * s + 4 * q + r;
}

// The deinterleave of C-channel pixels into permuted positions, built at compile time (the
// map runs once per row, so building it per call cost as much as a short row's lookups):
// index[c][p] is the byte of channel c of pixel lookup_order(p) among the 64 * C loaded
// bytes, modulo 128; upper[c] bit p says that byte is in the second pair of registers.
template <int C> struct LookupIndex {
    alignas(64) std::uint8_t index[C][64];
    std::uint64_t upper[C];
};
template <int C> constexpr LookupIndex<C> make_lookup_index() {
    LookupIndex<C> t{};
    for (int c = 0; c < C; ++c) {
        t.upper[c] = 0;
        for (int p = 0; p < 64; ++p) {
            const int byte = C * lookup_order(p) + c;
            t.index[c][p] = static_cast<std::uint8_t>(byte & 127);
            if (byte >= 128) t.upper[c] |= std::uint64_t(1) << p;
        }
    }
    return t;
}
template <int C> inline constexpr LookupIndex<C> lookup_index = make_lookup_index<C>();

}  // namespace pixelprep::cpu::simd

#if PIXELPREP_X86_SIMD

#include <immintrin.h>

#define PIXELPREP_TARGET_AVX512_LOOKUP __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi")))

namespace pixelprep::cpu::simd {

// Byte plane k of the entries `v` (64 indices) of one channel's planes `t` (4 x 256 bytes).
PIXELPREP_TARGET_AVX512_LOOKUP inline __m512i lookup_plane_avx512(const std::uint8_t* t, __m512i v, __mmask64 high) {
    const __m512i lo = _mm512_permutex2var_epi8(_mm512_load_si512(t), v, _mm512_load_si512(t + 64));
    const __m512i hi = _mm512_permutex2var_epi8(_mm512_load_si512(t + 128), v, _mm512_load_si512(t + 192));
    return _mm512_mask_blend_epi8(high, lo, hi);
}

// Pixels [0, n) of `src` (C interleaved channels, C = 1..4; channel c looked up in the map's
// channel first_channel + c) into planes dst + c * plane; returns how many pixels it wrote
// (a multiple of 64; the caller finishes the rest).
template <int C>
PIXELPREP_TARGET_AVX512_LOOKUP inline std::size_t map_to_planes_lookup_avx512(const std::uint8_t* src, std::size_t n,
                                                                            const ValueBytePlanes& planes,
                                                                            int first_channel, float* dst,
                                                                            std::ptrdiff_t plane) {
    static_assert(C >= 1 && C <= 4, "1 to 4 channels");
    const LookupIndex<C>& table = lookup_index<C>;
    __m512i index[C];
    for (int c = 0; c < C; ++c) index[c] = _mm512_load_si512(table.index[c]);
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        __m512i px[4];
        for (int r = 0; r < C; ++r) px[r] = _mm512_loadu_si512(src + i * C + std::size_t(r) * 64);
        for (int c = 0; c < C; ++c) {
            __m512i v;
            if constexpr (C == 1) {
                v = _mm512_maskz_permutexvar_epi8(~__mmask64(0), index[0], px[0]);  // maskz: see resample_avx512.hpp
            } else {
                v = _mm512_permutex2var_epi8(px[0], index[c], px[1]);
                if constexpr (C >= 3) {
                    const __m512i upper = _mm512_permutex2var_epi8(px[2], index[c], px[C == 4 ? 3 : 2]);
                    v = _mm512_mask_blend_epi8(__mmask64(table.upper[c]), v, upper);
                }
            }
            const __mmask64 high = _mm512_movepi8_mask(v);
            const std::uint8_t* t = planes.bytes.data() + std::size_t(first_channel + c) * 4 * 256;
            const __m512i b0 = lookup_plane_avx512(t, v, high), b1 = lookup_plane_avx512(t + 256, v, high);
            const __m512i b2 = lookup_plane_avx512(t + 512, v, high), b3 = lookup_plane_avx512(t + 768, v, high);
            const __m512i lo01 = _mm512_unpacklo_epi8(b0, b1), hi01 = _mm512_unpackhi_epi8(b0, b1);
            const __m512i lo23 = _mm512_unpacklo_epi8(b2, b3), hi23 = _mm512_unpackhi_epi8(b2, b3);
            float* d = dst + std::ptrdiff_t(c) * plane + std::ptrdiff_t(i);
            _mm512_storeu_si512(d, _mm512_unpacklo_epi16(lo01, lo23));
            _mm512_storeu_si512(d + 16, _mm512_unpackhi_epi16(lo01, lo23));
            _mm512_storeu_si512(d + 32, _mm512_unpacklo_epi16(hi01, hi23));
            _mm512_storeu_si512(d + 48, _mm512_unpackhi_epi16(hi01, hi23));
        }
    }
    return i;
}

}  // namespace pixelprep::cpu::simd

#endif  // PIXELPREP_X86_SIMD
