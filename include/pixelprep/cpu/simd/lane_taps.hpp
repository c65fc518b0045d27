// Horizontal-pass coefficients laid out with output bytes across the vector lanes, for the
// AVX-512 VBMI + VNNI kernel (resample_avx512.hpp, horizontal_rows_lanes_avx512).
//
// Why: the tap-major layout (packed_taps.hpp) puts one output pixel's taps across a vector
// and then adds the lanes together; with RGB a quarter of the lanes carry nothing, short
// filters pad the taps to a multiple of eight, and every pixel pays a lane reduction. Here
// int32 lane L of a block is output byte o0 + L (16 bytes: a pixel's channels are just
// neighbouring bytes), and its four bytes are that output's taps 4g .. 4g + 3:
//   - one byte permute (vpermi2b) per tap group gathers the 64 source bytes of the 16
//     outputs from a 128-byte window of the row, so the lanes hold only real taps;
//   - vpdpbusd multiplies four unsigned pixels by four signed 8-bit weights and adds them
//     to the lane's int32 sum. A 22-bit weight k is split into balanced base-256 digits
//     k = a * 2^16 + b * 2^8 + c (a, b, c in -128..127), three dot products per group;
//     sum(p * k) = 2^16 sum(p * a) + 2^8 sum(p * b) + sum(p * c) exactly in wrapping
//     int32 arithmetic, and Pillow's own sum fits int32, so the result is Pillow's bits.
// A table applies only where every window fits 128 bytes (a shrink of up to about 7x) and
// the row is at least 128 bytes; `make_lane_taps` says so, and the caller uses the
// tap-major kernels otherwise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "pixelprep/numerics/coefficient_table.hpp"

namespace pixelprep::cpu::simd {

constexpr int lane_block_bytes = 16;  // output bytes per block: the int32 lanes of a zmm
constexpr int lane_group_taps = 4;    // taps per group: the bytes of one vpdpbusd lane
constexpr int lane_window_bytes = 128;

// One tap group of one block: the byte permute and the three weight digits, 64 bytes each.
struct LaneGroup {
    std::uint8_t index[64];  // byte 4L + j: offset in the window of lane L's tap 4g + j
    std::int8_t digit[3][64];  // a, b, c of the same weights (0 for taps past the count)
};

struct LaneTaps {
    int groups = 0;  // tap groups per block, the same for every block
    int blocks = 0;
    bool narrow = true;  // every window's bytes fit its first 64: one load and vpermb suffice
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

// The source byte of each lane's taps 4g .. 4g + 3 in block `o0` (-1 past the output's count),
// and the span [lo, hi] they cover.
struct GroupSources {
    int byte[lane_block_bytes][lane_group_taps];
    int lo, hi;
};
inline GroupSources group_sources(const numerics::AxisCoefficients& t, int C, int x0, int o0, int g) {
    GroupSources s{};
    s.lo = t.in_size * C;
    s.hi = -1;
    for (int L = 0; L < lane_block_bytes; ++L) {
        const int o = o0 + L, x = x0 + o / C, c = o % C;
        for (int j = 0; j < lane_group_taps; ++j) {
            const int tap = g * lane_group_taps + j;
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

// The table of output pixels [x0, x1) of an axis with C interleaved channels, whose source
// rows hold in_size * C bytes; nothing where the layout does not apply.
inline std::optional<LaneTaps> make_lane_taps(const numerics::AxisCoefficients& t, int C, int x0, int x1) {
    const int n = (x1 - x0) * C;
    const int row_bytes = t.in_size * C;
    if (n < lane_block_bytes || row_bytes < lane_window_bytes) return std::nullopt;
    int max_count = 1;
    for (int x = x0; x < x1; ++x) max_count = std::max(max_count, t.count[std::size_t(x)]);
    LaneTaps p;
    p.groups = (max_count + lane_group_taps - 1) / lane_group_taps;
    p.blocks = (n + lane_block_bytes - 1) / lane_block_bytes;
    p.block_start.resize(std::size_t(p.blocks));
    // The last block moves back to end at n: it recomputes a few outputs with the same result
    // instead of needing a partial store.
    for (int b = 0; b < p.blocks; ++b) p.block_start[std::size_t(b)] = std::min(b * lane_block_bytes, n - lane_block_bytes);
    // First the widest span, which decides the window: 64 bytes (one load) or 128.
    for (int b = 0; b < p.blocks; ++b)
        for (int g = 0; g < p.groups; ++g) {
            const GroupSources s = group_sources(t, C, x0, p.block_start[std::size_t(b)], g);
            if (s.hi - s.lo >= lane_window_bytes) return std::nullopt;
            if (s.hi - s.lo >= 64) p.narrow = false;
        }
    const int window = p.narrow ? 64 : lane_window_bytes;
    p.window_start.resize(std::size_t(p.blocks) * std::size_t(p.groups));
    p.table.resize(std::size_t(p.blocks) * std::size_t(p.groups));
    for (int b = 0; b < p.blocks; ++b) {
        const int o0 = p.block_start[std::size_t(b)];
        for (int g = 0; g < p.groups; ++g) {
            const GroupSources s = group_sources(t, C, x0, o0, g);
            // The window stays inside the row, so no load passes its end.
            const int start = std::max(0, std::min(s.lo, row_bytes - window));
            const std::size_t slot = std::size_t(b) * std::size_t(p.groups) + std::size_t(g);
            p.window_start[slot] = start;
            LaneGroup& lg = p.table[slot];
            for (int L = 0; L < lane_block_bytes; ++L) {
                const int x = x0 + (o0 + L) / C;
                for (int j = 0; j < lane_group_taps; ++j) {
                    const int byte = 4 * L + j;
                    const bool used = s.byte[L][j] >= 0;
                    lg.index[byte] = std::uint8_t(used ? s.byte[L][j] - start : 0);
                    const std::optional<WeightDigits> d = weight_digits(used ? t.row(x)[g * lane_group_taps + j] : 0);
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
