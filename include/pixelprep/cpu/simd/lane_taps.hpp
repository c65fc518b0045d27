// Horizontal-pass coefficients laid out with output bytes across the vector lanes, for the
// AVX-512 VBMI + VNNI kernel (resample_avx512.hpp, horizontal_rows_lanes_avx512).
//
// Why: the tap-major layout (packed_taps.hpp) puts one output pixel's taps across a vector
// and then adds the lanes together; with RGB a quarter of the lanes carry nothing, short
// filters pad the taps to a multiple of eight, and every pixel pays a lane reduction. Here
// int32 lane L of a block is output byte o0 + L (16 bytes: a pixel's channels are just
// neighbouring bytes), and its four bytes are that output's taps 4g .. 4g + 3:
//   - one byte permute per tap group (vpermb from a 64-byte window of the row, vpermi2b from
//     128) gathers the 64 source bytes of the lanes, so the lanes hold only real taps;
//   - vpdpbusd multiplies four unsigned pixels by four signed 8-bit weights and adds them
//     to the lane's int32 sum. A 22-bit weight k is split into balanced base-256 digits
//     k = a * 2^16 + b * 2^8 + c (a, b, c in -128..127), three dot products per group;
//     sum(p * k) = 2^16 sum(p * a) + 2^8 sum(p * b) + sum(p * c) exactly in wrapping
//     int32 arithmetic, and Pillow's own sum fits int32, so the result is Pillow's bits.
// A table applies only where every window fits 128 bytes (with four phases a shrink of up to
// about 25x for RGB) and the row has at least 128 bytes; `make_lane_taps` says so, and the
// caller uses the tap-major kernels otherwise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "pixelprep/numerics/coefficient_table.hpp"

namespace pixelprep::cpu::simd {

constexpr int lane_block_bytes = 16;  // output bytes per block: the int32 lanes of a zmm
constexpr int lane_group_taps = 4;    // taps per group: the bytes of one vpdpbusd lane
constexpr int lane_window_bytes = 128;  // the widest window a kernel gathers from

// One tap group of one block: the byte permute and the three weight digits, 64 bytes each.
struct alignas(64) LaneGroup {
    std::uint8_t index[64];  // byte 4L + j: offset in the window of lane L's tap 4g + j (0..window-1)
    std::int8_t digit[3][64];  // a, b, c of the same weights (0 for taps past the count)
};

struct LaneTaps {
    int phases = 1;  // lanes per output (LaneLayout): 1, 2 or 4 (16, 8 or 4 output bytes a block)
    int groups = 0;  // tap groups per block, the same for every block
    int blocks = 0;
    int window = 64;  // bytes every group's window spans: 64 or 128 (which gather the kernel uses)
    std::vector<int> block_start;      // first output byte of each block (the last ends at n)
    std::vector<int> window_start;     // blocks * groups: byte offset of each window in the row
    std::vector<LaneGroup> table;      // blocks * groups
};

// Balanced base-256 digits of k, or nothing when k is outside what three int8 digits hold.
struct WeightDigits {
    std::int8_t a, b, c;
};
inline std::optional<WeightDigits> weight_digits(std::int32_t k) noexcept {
    auto low = [](std::int32_t v) { return std::int32_t(std::int8_t(std::uint8_t(v & 0xff))); };  // -128..127
    const std::int32_t c = low(k);
    const std::int32_t rest = (k - c) / 256;  // exact: k - c is a multiple of 256
    const std::int32_t b = low(rest);
    const std::int32_t a = (rest - b) / 256;
    if (a < -128 || a > 127) return std::nullopt;
    return WeightDigits{std::int8_t(a), std::int8_t(b), std::int8_t(c)};
}

// Lane L of a block of `phases` phases is output byte o0 + L % (16 / phases) and phase
// L / (16 / phases); in group g that phase carries the output's taps 4 (g * phases + phase)
// .. + 3. With P phases a block has 16 / P output bytes, so its windows span about 1 / P of
// one phase's, and every output is the sum of P lanes. A large shrink then still gathers
// from 128 bytes: CLIP from a 12-megapixel photo (13.5x, 55 taps) would need 216 bytes for
// 16 RGB outputs, and needs 91 for 4 outputs of 16 taps a group.
struct LaneLayout {
    int phases;
    int block_bytes() const noexcept { return lane_block_bytes / phases; }
    int taps_per_group() const noexcept { return lane_group_taps * phases; }
    int output_of(int L) const noexcept { return L % block_bytes(); }
    int tap_of(int L, int g, int j) const noexcept { return (g * phases + L / block_bytes()) * lane_group_taps + j; }
};

// The source byte of each lane's taps in group g of block `o0` (-1 past the output's count),
// and the span [lo, hi] they cover.
struct GroupSources {
    int byte[lane_block_bytes][lane_group_taps];
    int lo, hi;
};
inline GroupSources group_sources(const numerics::AxisCoefficients& t, int C, int x0, LaneLayout layout, int o0, int g) {
    GroupSources s{};
    s.lo = t.in_size * C;
    s.hi = -1;
    for (int L = 0; L < lane_block_bytes; ++L) {
        const int o = o0 + layout.output_of(L), x = x0 + o / C, c = o % C;
        for (int j = 0; j < lane_group_taps; ++j) {
            const int tap = layout.tap_of(L, g, j);
            const int byte = tap < t.count[std::size_t(x)] ? (t.first[std::size_t(x)] + tap) * C + c : -1;
            s.byte[L][j] = byte;
            if (byte >= 0) {
                s.lo = std::min(s.lo, byte);
                s.hi = std::max(s.hi, byte);
            }
        }
    }
    if (s.hi < 0) s.lo = s.hi = 0;  // a group with no taps at all: weights 0, any bytes
    return s;
}

// The first output byte of each block of `bytes` over n output bytes (n >= bytes), for the
// lane tables of every level. The last block moves back to end at n: it recomputes a few
// outputs with the same result instead of needing a partial store.
inline std::vector<int> lane_block_starts(int bytes, int n) {
    std::vector<int> starts(std::size_t((n + bytes - 1) / bytes));
    for (std::size_t b = 0; b < starts.size(); ++b) starts[b] = std::min(int(b) * bytes, n - bytes);
    return starts;
}

// The widest span of any group of a layout (which decides its window).
inline int widest_group(const numerics::AxisCoefficients& t, int C, int x0, LaneLayout layout, const std::vector<int>& starts,
                        int groups) {
    int widest = 0;
    for (int o0 : starts)
        for (int g = 0; g < groups; ++g) {
            const GroupSources s = group_sources(t, C, x0, layout, o0, g);
            widest = std::max(widest, s.hi - s.lo);
        }
    return widest;
}

// The table of output pixels [x0, x1) of an axis with C interleaved channels, whose source
// rows hold in_size * C bytes and start `line_offset` bytes past a 64-byte boundary (0..63;
// it only steers windows onto cache lines); nothing where the layout does not apply.
inline std::optional<LaneTaps> make_lane_taps(const numerics::AxisCoefficients& t, int C, int x0, int x1, int line_offset = 0) {
    const int n = (x1 - x0) * C;
    const int row_bytes = t.in_size * C;
    if (n < lane_block_bytes || row_bytes < 128) return std::nullopt;
    int max_count = 1;
    for (int x = x0; x < x1; ++x) max_count = std::max(max_count, t.count[std::size_t(x)]);
    auto groups_of = [&](LaneLayout l) { return (max_count + l.taps_per_group() - 1) / l.taps_per_group(); };
    auto window_of = [](int widest) {  // 64 bytes (one load) or 128; larger ones do not apply
        int w = 64;
        while (w <= widest) w *= 2;
        return w;
    };
    // The layout with the fewest groups whose windows fit: more phases mean narrower blocks,
    // so smaller windows, but more blocks and groups padded to more taps. One phase wins
    // wherever it fits (a shrink of up to about 7x for RGB); four take large shrinks.
    LaneTaps p;
    LaneLayout layout{0};
    std::vector<int> starts;
    long fewest = 0;
    for (const int phases : {1, 2, 4}) {
        const LaneLayout l{phases};
        std::vector<int> st = lane_block_starts(l.block_bytes(), n);
        const int w = window_of(widest_group(t, C, x0, l, st, groups_of(l)));
        if (w > lane_window_bytes) continue;  // (every row has at least 128 bytes: checked above)
        const long groups = long(st.size()) * groups_of(l);
        if (layout.phases == 0 || groups < fewest) {
            layout = l;
            starts = std::move(st);
            p.window = phases > 1 ? lane_window_bytes : w;  // the kernels' multi-phase gather reads 128 bytes
            fewest = groups;
        }
    }
    if (layout.phases == 0) return std::nullopt;
    p.phases = layout.phases;
    p.groups = groups_of(layout);
    p.blocks = int(starts.size());
    p.block_start = std::move(starts);
    const int window = p.window;
    p.window_start.resize(std::size_t(p.blocks) * std::size_t(p.groups));
    p.table.resize(std::size_t(p.blocks) * std::size_t(p.groups));
    for (int b = 0; b < p.blocks; ++b) {
        const int o0 = p.block_start[std::size_t(b)];
        for (int g = 0; g < p.groups; ++g) {
            const GroupSources s = group_sources(t, C, x0, layout, o0, g);
            // The window stays inside the row, so no load passes its end. Where the span
            // allows, it starts on a cache line, so its loads take whole lines, not two
            // halves each (measured: 512 -> 439 us on 256 rows of the 4032 -> 298 shrink).
            int start = std::max(0, std::min(s.lo, row_bytes - window));
            if (const int line = (s.lo + line_offset) / 64 * 64 - line_offset;
                line >= 0 && s.hi - line < window && line <= row_bytes - window)
                start = line;
            const std::size_t slot = std::size_t(b) * std::size_t(p.groups) + std::size_t(g);
            p.window_start[slot] = start;
            LaneGroup& lg = p.table[slot];
            for (int L = 0; L < lane_block_bytes; ++L) {
                const int x = x0 + (o0 + layout.output_of(L)) / C;
                for (int j = 0; j < lane_group_taps; ++j) {
                    const int byte = 4 * L + j;
                    const bool used = s.byte[L][j] >= 0;
                    lg.index[byte] = std::uint8_t(used ? s.byte[L][j] - start : 0);
                    const std::optional<WeightDigits> d = weight_digits(used ? t.row(x)[layout.tap_of(L, g, j)] : 0);
                    if (!d) return std::nullopt;
                    lg.digit[0][byte] = d->a;
                    lg.digit[1][byte] = d->b;
                    lg.digit[2][byte] = d->c;
                }
            }
        }
    }
    return p;
}

}  // namespace pixelprep::cpu::simd
