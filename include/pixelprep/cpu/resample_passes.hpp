// The two 8-bit convolution passes of Pillow's resample (horizontal: along a row; vertical:
// down the columns), each over a window of output pixels, at a chosen SIMD level. The scalar
// loops are the reference; the vector kernels (simd/resample_x86.hpp, resample_avx512.hpp,
// resample_neon.hpp) give the same bits.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "pixelprep/core/resample.hpp"
#include "pixelprep/cpu/coefficient_cache.hpp"
#include "pixelprep/cpu/simd/lane_taps.hpp"
#include "pixelprep/cpu/simd/lane_taps_avx2.hpp"
#include "pixelprep/cpu/simd/level.hpp"
#include "pixelprep/cpu/simd/packed_taps.hpp"
#include "pixelprep/cpu/simd/resample_avx512.hpp"
#include "pixelprep/cpu/simd/resample_lanes_avx2.hpp"
#include "pixelprep/cpu/simd/resample_neon.hpp"
#include "pixelprep/cpu/simd/resample_x86.hpp"
#include "pixelprep/numerics/coefficient_table.hpp"
#include "pixelprep/numerics/coefficients.hpp"

namespace pixelprep::cpu::detail {

// Interleaved 8-bit rows: `rows` rows of `width` pixels of C channels, row stride in bytes.
// Every byte from data to the end of the last row's pixels is readable.
struct U8Plane {
    const std::uint8_t* data;
    int width;
    int rows;
    std::ptrdiff_t row_stride;
};

// Output rows of a pass: `dst` row i is output index begin + i.
struct U8Out {
    std::uint8_t* data;
    std::ptrdiff_t row_stride;
};

// ---- scalar reference --------------------------------------------------------------------

// Taps outer, channels inner; integer sums are exact, so no order can change a bit.
template <int C>
void horizontal_row_scalar(const std::uint8_t* in, const numerics::AxisCoefficients& cx, int x0, int x1, std::uint8_t* out) {
    for (int x = x0; x < x1; ++x) {
        const std::int32_t* k = cx.row(x);
        const std::uint8_t* p = in + std::ptrdiff_t(cx.first[std::size_t(x)]) * C;
        const int n = cx.count[std::size_t(x)];
        std::int32_t acc[C];
        for (int c = 0; c < C; ++c) acc[c] = numerics::accumulator_init();
        for (int t = 0; t < n; ++t)
            for (int c = 0; c < C; ++c) acc[c] += std::int32_t(p[t * C + c]) * k[t];
        for (int c = 0; c < C; ++c) out[(x - x0) * C + c] = numerics::clip8(acc[c]);
    }
}

// `n` bytes of one output row from rows base + t * stride, t < taps.
inline void vertical_row_scalar(const std::uint8_t* base, std::ptrdiff_t stride, const std::int32_t* k, int taps, int n,
                                std::uint8_t* out) {
    thread_local std::vector<std::int32_t> acc;  // reused: no allocation per row
    if (acc.size() < std::size_t(n)) acc.resize(std::size_t(n));
    std::int32_t* a = acc.data();
    std::fill(a, a + n, numerics::accumulator_init());
    for (int t = 0; t < taps; ++t) {
        const std::uint8_t* row = base + std::ptrdiff_t(t) * stride;
        const std::int32_t kt = k[t];
        for (int x = 0; x < n; ++x) a[x] += std::int32_t(row[x]) * kt;
    }
    for (int x = 0; x < n; ++x) out[x] = numerics::clip8(a[x]);
}

// ---- vector dispatch ---------------------------------------------------------------------

#if PIXELPREP_X86_SIMD
// The packed weights of outputs [x0, x1) for one channel count and vector width, with the
// byte shuffle, cached like the plain tables.
struct PackedHorizontal {
    simd::PackedTaps taps;
    std::array<std::uint8_t, 64> mask{};
    std::ptrdiff_t max_read = 0;  // bytes from a row's start that some output reads
};
#endif

using TableKey6 = std::tuple<int, int, int, int, int, int>;
using TableKey7 = std::tuple<int, int, int, int, int, int, int>;

// The tables of one call that are too large for the shared caches (shared_or_per_call in
// coefficient_cache.hpp), kept until the call ends: one per call, passed down as a pointer.
struct CallTables {
    BoundedCache<AxisKey, numerics::AxisCoefficients> axes{8};
#if PIXELPREP_X86_SIMD
    BoundedCache<TableKey7, PackedHorizontal> packed{8};
    BoundedCache<TableKey7, std::optional<simd::LaneTaps>> lanes{8};
    BoundedCache<TableKey6, std::optional<simd::LaneTapsAvx2>> lanes_avx2{8};
#endif
};

#if PIXELPREP_X86_SIMD

inline std::shared_ptr<const PackedHorizontal> packed_horizontal(Resample filter, const numerics::AxisCoefficients& cx, int C,
                                                                 int lanes, int x0, int x1, CallTables* call = nullptr) {
    auto make = [&] {
        PackedHorizontal p;
        p.taps = simd::pack_taps(cx, C, lanes, lanes * 8, x0, x1);  // bytes one step loads
        simd::shuffle_mask(C, lanes, p.mask.data());
        for (int f : p.taps.first)
            p.max_read = std::max<std::ptrdiff_t>(p.max_read, std::ptrdiff_t(f) * C + p.taps.read_bytes);
        return p;
    };
    static BoundedCache<TableKey7, PackedHorizontal> cache(64);
    return shared_or_per_call(cache, call ? &call->packed : nullptr,
                              std::size_t(x1 - x0) * std::size_t(cx.ksize) <= max_cached_weights,
                              TableKey7(int(filter), cx.in_size, cx.out_size, C, lanes, x0, x1), make);
}

// The lane table (simd/lane_taps.hpp) of outputs [x0, x1), cached like the packed one; empty
// where the layout does not apply. `line_offset`: where the rows start within a cache line.
inline std::shared_ptr<const std::optional<simd::LaneTaps>> lane_horizontal(Resample filter, const numerics::AxisCoefficients& cx,
                                                                          int C, int x0, int x1, int line_offset,
                                                                          CallTables* call = nullptr) {
    auto make = [&] { return simd::make_lane_taps(cx, C, x0, x1, line_offset); };
    static BoundedCache<TableKey7, std::optional<simd::LaneTaps>> cache(64);
    // About 64 bytes of table per tap and output byte: above max_cached_weights taps, per call.
    return shared_or_per_call(cache, call ? &call->lanes : nullptr,
                              std::size_t(x1 - x0) * std::size_t(C) * std::size_t(cx.ksize) <= max_cached_weights,
                              TableKey7(int(filter), cx.in_size, cx.out_size, C, x0, x1, line_offset), make);
}

// The AVX2 lane table (simd/lane_taps_avx2.hpp) of outputs [x0, x1), cached like the others;
// empty where no layout applies.
inline std::shared_ptr<const std::optional<simd::LaneTapsAvx2>> lane_horizontal_avx2(Resample filter,
                                                                                   const numerics::AxisCoefficients& cx,
                                                                                   int C, int x0, int x1,
                                                                                   CallTables* call = nullptr) {
    auto make = [&] { return simd::make_lane_taps_avx2(cx, C, x0, x1); };
    static BoundedCache<TableKey6, std::optional<simd::LaneTapsAvx2>> cache(64);
    // About 6 bytes of table per tap and output byte (96 bytes per 2 taps of 8 outputs); the
    // same bound as the AVX-512 table's: above max_cached_weights taps, per call.
    return shared_or_per_call(cache, call ? &call->lanes_avx2 : nullptr,
                              std::size_t(x1 - x0) * std::size_t(C) * std::size_t(cx.ksize) <= max_cached_weights,
                              TableKey6(int(filter), cx.in_size, cx.out_size, C, x0, x1), make);
}
#endif

// Rows [row0, row0 + rows) of `src` to output columns [x0, x1), row i to dst row i.
template <int C>
void horizontal_pass(const U8Plane& src, int row0, int rows, const numerics::AxisCoefficients& cx, Resample filter, int x0, int x1,
                     U8Out dst, SimdLevel level, CallTables* call = nullptr) {
#if PIXELPREP_X86_SIMD
    if (level == SimdLevel::avx512 && src.width == cx.in_size) {
        // Every row starts at the same place in a cache line when the stride is a whole
        // number of lines (any width that is a multiple of 64 / gcd(64, C) pixels).
        const int line_offset = src.row_stride % 64 == 0 ? int(reinterpret_cast<std::uintptr_t>(src.data) % 64) : 0;
        const auto lanes_table = lane_horizontal(filter, cx, C, x0, x1, line_offset, call);
        if (lanes_table->has_value()) {
            const simd::LaneTaps& t = **lanes_table;
            const std::uint8_t* first_row = src.data + std::ptrdiff_t(row0) * src.row_stride;
            const auto run = [&]<int Window, int Phases>() {
                simd::horizontal_rows_lanes_avx512<Window, Phases>(first_row, src.row_stride, rows, t, dst.data, dst.row_stride);
            };
            if (t.phases == 4) run.template operator()<128, 4>();  // several phases gather from 128 bytes
            else if (t.phases == 2) run.template operator()<128, 2>();
            else if (t.window == 64) run.template operator()<64, 1>();
            else run.template operator()<128, 1>();
            return;
        }
    }
    if (level == SimdLevel::avx2 && src.width == cx.in_size) {
        const auto lanes_table = lane_horizontal_avx2(filter, cx, C, x0, x1, call);
        if (lanes_table->has_value()) {
            const simd::LaneTapsAvx2& t = **lanes_table;
            const std::uint8_t* first_row = src.data + std::ptrdiff_t(row0) * src.row_stride;
            const int n = (x1 - x0) * C;
            simd::horizontal_rows_lanes_avx2(first_row, src.row_stride, rows, t, n, dst.data, dst.row_stride);
            return;
        }
    }
    if (level != SimdLevel::scalar) {
        const int lanes = level == SimdLevel::avx512 ? 4 : level == SimdLevel::avx2 ? 2 : 1;
        const std::shared_ptr<const PackedHorizontal> p = packed_horizontal(filter, cx, C, lanes, x0, x1, call);
        const std::uint8_t* plane_end =
            src.data + std::ptrdiff_t(src.rows - 1) * src.row_stride + std::ptrdiff_t(src.width) * C;
        // A row whose reads would pass the end of the plane (the last row, when a step loads
        // more bytes than it uses, or every row of a source narrower than one span) is read
        // from a zero-padded copy; zero pixels under zero weights add nothing.
        thread_local std::vector<std::uint8_t> padded[4];
        auto readable = [&](int y, int slot) {
            const std::uint8_t* row = src.data + std::ptrdiff_t(row0 + y) * src.row_stride;
            if (p->taps.spans_fit && row + p->max_read <= plane_end) return row;
            const std::size_t need = std::max<std::size_t>(std::size_t(p->max_read), std::size_t(src.width) * C);
            padded[slot].assign(need, 0);
            std::memcpy(padded[slot].data(), row, std::size_t(src.width) * C);
            return static_cast<const std::uint8_t*>(padded[slot].data());
        };
        auto out_row = [&](int y) { return dst.data + std::ptrdiff_t(y) * dst.row_stride; };
        // An odd last row goes through a pair kernel with itself, the copy into this row.
        auto scratch_row = [&] {
            thread_local std::vector<std::uint8_t> scratch;
            scratch.resize(std::size_t(x1 - x0) * C);
            return scratch.data();
        };
        if (lanes == 4) {  // two rows per call, sharing the weight loads
            int y = 0;
            for (; y + 1 < rows; y += 2)
                simd::horizontal_rows2_avx512<C>(readable(y, 0), readable(y + 1, 1), p->taps, p->mask.data(), out_row(y),
                                                 out_row(y + 1), x1 - x0);
            if (y < rows) {
                const std::uint8_t* a = readable(y, 0);
                simd::horizontal_rows2_avx512<C>(a, a, p->taps, p->mask.data(), out_row(y), scratch_row(), x1 - x0);
            }
            return;
        }
        if (lanes == 2) {  // four rows per call, sharing the weight loads; then a pair
            int y = 0;
            for (; y + 3 < rows; y += 4)
                simd::horizontal_rows_avx2<C, 4>({readable(y, 0), readable(y + 1, 1), readable(y + 2, 2), readable(y + 3, 3)},
                                                 p->taps, p->mask.data(),
                                                 {out_row(y), out_row(y + 1), out_row(y + 2), out_row(y + 3)}, x1 - x0);
            for (; y + 1 < rows; y += 2)
                simd::horizontal_rows_avx2<C, 2>({readable(y, 0), readable(y + 1, 1)}, p->taps, p->mask.data(),
                                                 {out_row(y), out_row(y + 1)}, x1 - x0);
            if (y < rows) {
                const std::uint8_t* a = readable(y, 0);
                simd::horizontal_rows_avx2<C, 2>({a, a}, p->taps, p->mask.data(), {out_row(y), scratch_row()}, x1 - x0);
            }
            return;
        }
        for (int y = 0; y < rows; ++y)
            simd::horizontal_row_sse41<C>(readable(y, 0), p->taps, p->mask.data(), out_row(y), x1 - x0);
        return;
    }
#elif PIXELPREP_ARM_NEON
    (void)filter;
    (void)call;
    if (level == SimdLevel::neon) {
        int end = 0;  // one past the last source pixel any output reads
        for (int x = x0; x < x1; ++x) end = std::max(end, cx.first[std::size_t(x)] + cx.count[std::size_t(x)]);
        const std::ptrdiff_t max_read = std::ptrdiff_t(end) * C + simd::neon_horizontal_overread;
        const std::uint8_t* plane_end =
            src.data + std::ptrdiff_t(src.rows - 1) * src.row_stride + std::ptrdiff_t(src.width) * C;
        thread_local std::vector<std::uint8_t> padded;  // a row the loads would read past the plane's end
        for (int y = 0; y < rows; ++y) {
            const std::uint8_t* row = src.data + std::ptrdiff_t(row0 + y) * src.row_stride;
            if (row + max_read > plane_end) {
                padded.assign(std::max<std::size_t>(std::size_t(max_read), std::size_t(src.width) * C), 0);
                std::memcpy(padded.data(), row, std::size_t(src.width) * C);
                row = padded.data();
            }
            simd::horizontal_row_neon<C>(row, cx, x0, x1, dst.data + std::ptrdiff_t(y) * dst.row_stride);
        }
        return;
    }
#else
    (void)filter;
    (void)call;
    (void)level;
#endif
    for (int y = 0; y < rows; ++y)
        horizontal_row_scalar<C>(src.data + std::ptrdiff_t(row0 + y) * src.row_stride, cx, x0, x1,
                                 dst.data + std::ptrdiff_t(y) * dst.row_stride);
}

// Output rows [y0, y1) of the vertical pass over all of src's columns; src row r holds source
// row r + row_offset. Row i of dst is output row y0 + i.
template <int C>
void vertical_pass(const U8Plane& src, int row_offset, const numerics::AxisCoefficients& cy, int y0, int y1, U8Out dst,
                   SimdLevel level) {
    const int n = src.width * C;
#if PIXELPREP_X86_SIMD
    std::int32_t digits[3 * 64];  // vertical_digits of one output row, up to 256 taps
    thread_local std::vector<simd::TapPair> pairs;  // tap_pairs of one output row (reused: no allocation per row)
#endif
    for (int y = y0; y < y1; ++y) {
        const std::int32_t* k = cy.row(y);
        const int taps = cy.count[std::size_t(y)];
        const std::uint8_t* base = src.data + std::ptrdiff_t(cy.first[std::size_t(y)] - row_offset) * src.row_stride;
        std::uint8_t* out = dst.data + std::ptrdiff_t(y - y0) * dst.row_stride;
#if PIXELPREP_X86_SIMD
        // Fixed-width chunks; the last one is moved back to end at n (it recomputes a few
        // outputs with the same result) instead of a scalar tail.
        const int chunk = level == SimdLevel::avx512 && n >= 64                               ? 64
                          : (level == SimdLevel::avx2 || level == SimdLevel::avx512) && n >= 32 ? 32
                          : level != SimdLevel::scalar && n >= 16                                ? 16
                                                                                                 : 0;
        // Four taps per dot product pay off from 8 taps on (measured on Zen 4: 1080 -> 864
        // Lanczos, 9 taps, 0.94 -> 0.72 ms; 1080 -> 1092 bicubic, 5 taps, 0.99 -> 1.25 ms,
        // where the last group of four carries one tap).
        if (chunk == 64 && taps >= 8 && taps <= 256 && simd::vertical_digits(k, taps, digits)) {
            for (int x = 0;; x += chunk) {
                if (x + chunk > n) x = n - chunk;
                simd::vertical_chunk64_digits_avx512(base + x, src.row_stride, digits, taps, out + x);
                if (x + chunk == n) break;
            }
            continue;
        }
        if (chunk != 0) {
            if (chunk < 64) {
                pairs.resize(std::size_t(taps + 1) / 2);
                simd::tap_pairs(k, taps, pairs.data());
            }
            for (int x = 0;; x += chunk) {
                if (x + chunk > n) x = n - chunk;
                if (chunk == 64)
                    simd::vertical_chunk64_avx512(base + x, src.row_stride, k, taps, out + x);
                else if (chunk == 32)
                    simd::vertical_chunk32_avx2(base + x, src.row_stride, pairs.data(), taps, out + x);
                else
                    simd::vertical_chunk16_sse41(base + x, src.row_stride, pairs.data(), taps, out + x);
                if (x + chunk == n) break;
            }
            continue;
        }
#elif PIXELPREP_ARM_NEON
        // As above: fixed chunks, the last one moved back to end at n.
        const int chunk = level == SimdLevel::neon ? (n >= 32 ? 32 : n >= 16 ? 16 : 0) : 0;
        if (chunk != 0) {
            for (int x = 0;; x += chunk) {
                if (x + chunk > n) x = n - chunk;
                if (chunk == 32) simd::vertical_chunk_neon<2>(base + x, src.row_stride, k, taps, out + x);
                else simd::vertical_chunk_neon<1>(base + x, src.row_stride, k, taps, out + x);
                if (x + chunk == n) break;
            }
            continue;
        }
#else
        (void)level;
#endif
        vertical_row_scalar(base, src.row_stride, k, taps, n, out);
    }
}

}  // namespace pixelprep::cpu::detail
