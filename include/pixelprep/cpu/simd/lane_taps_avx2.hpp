// Horizontal-pass coefficients laid out with output bytes across the vector lanes, for the
// AVX2 kernel (resample_lanes_avx2.hpp): AVX2's counterpart of lane_taps.hpp.
//
// Why: the tap-major AVX2 kernel (packed_taps.hpp) spends a quarter of its multiply lanes on
// RGB's missing fourth channel, pads every pixel's taps to a multiple of four and reduces
// each pixel across the vector; at Zen 2's one vpmaddwd a cycle that left it near half of
// the machine's exact multiply-add rate. Here each int32 lane accumulates one output byte:
//   - a step ("group") gives every lane two taps of its output: one vpshufb picks the two
//     source bytes, zero-extended to int16, out of a 16-byte window (AVX2's byte shuffle
//     stays inside each 128-bit half, so each half has its own window, loaded together);
//   - vpmaddwd multiplies them by the two weights and adds the pair into the int32 lane.
//     The 22-bit weights are split as in packed_taps.hpp (k = 2^15 hi + lo, both int16), so
//     a group is two vpmaddwd and the sum 2^15 sum(p hi) + sum(p lo) is Pillow's exactly.
// A layout has `phases` lanes per output (1, 2 or 4): half h holds 4 / phases consecutive
// output bytes, each over `phases` lanes; in group g, phase q of an output takes taps
// 2 (g phases + q) and + 1. More phases keep a half's window narrow for large shrinks.
// A table applies where every half's bytes fit its 16-byte window; `make_lane_taps_avx2`
// picks the applicable layout with the fewest steps, or says none applies.
//
// Split layouts: the two halves' windows are loaded by one 32-byte load (half 1's window
// starts 16 bytes after half 0's) instead of a 16-byte load and an insert. Contiguous halves
// cannot share such a load: their sources overlap, where a 32-byte load gives two disjoint
// windows. So half 1 takes the outputs 2 * half_bytes after half 0's (for RGB from 640 wide
// at ~2.1x: 8 output bytes, ~17 source bytes on), and blocks come in pairs, the second
// starting half_bytes after the first, that together cover 4 * half_bytes outputs. Measured
// on Zen 2, CLIP-224 from 640x480's horizontal pass (three rows at a time, as the kernel then
// ran them): 3.85 cycles a step contiguous, 3.4 split.
//
// Where it pays (measured on Zen 2, resize 640x480 -> 298x224 bicubic, whole resize):
// RGB 0.65 -> 0.48 ms, gray 0.38 -> 0.16 ms, two channels 1.24 -> 1.03 ms. RGB from 1920 or
// 4032 wide does not fit one phase, and several phases of RGB never fit. Two channels over
// several phases (a 4032-wide shrink) and four channels (whose tap-major lanes waste
// nothing) ran slower than the tap-major kernel, so they keep it.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "pixelprep/cpu/simd/lane_taps.hpp"  // lane_block_starts
#include "pixelprep/cpu/simd/packed_taps.hpp"
#include "pixelprep/numerics/coefficient_table.hpp"

namespace pixelprep::cpu::simd {

constexpr int avx2_half_lanes = 4;    // int32 lanes per 128-bit half
constexpr int avx2_window_bytes = 16;  // the bytes one half's shuffle can pick from

// One group of one block: the byte shuffle and the split weights, 32 bytes each.
struct alignas(32) LaneGroupAvx2 {
    std::uint8_t shuffle[32];  // int16 position 2j + s of half h: byte 16h + 4j + 2s = window offset, +1 = 0x80
    std::int16_t lo[16];       // the weights' low 15 bits, in the shuffle's int16 positions
    std::int16_t hi[16];       // the rest (k >> 15)
};

struct LaneLayoutAvx2 {
    int phases = 1;  // lanes per output byte
    bool split = false;  // half 1's outputs start 2 * half_bytes() after half 0's, its window 16 bytes after

    int half_bytes() const noexcept { return avx2_half_lanes / phases; }
    int block_bytes() const noexcept { return 2 * half_bytes(); }
    // The outputs the block starts are laid out by: one block's, or a split pair's.
    int tile_bytes() const noexcept { return split ? 2 * block_bytes() : block_bytes(); }
    int taps_per_group() const noexcept { return 2 * phases; }
    // The output byte (from the block's first) of lane j of half h.
    int output_of(int h, int j) const noexcept { return h * (split ? 2 : 1) * half_bytes() + j / phases; }
    // The tap (of its output) of slot s (0, 1) of lane j in group g.
    int tap_of(int j, int g, int s) const noexcept { return 2 * (g * phases + j % phases) + s; }
};

struct LaneTapsAvx2 {
    LaneLayoutAvx2 layout;
    int groups = 0;  // per block, the same for every block
    int blocks = 0;
    std::vector<int> block_start;               // first output byte of each block (the last ends at n)
    std::vector<std::array<int, 2>> windows;    // blocks * groups: each half's window, bytes from the row start
                                                // (split: the second is the first + 16)
    std::vector<LaneGroupAvx2> table;           // blocks * groups
};

namespace detail {
// The source byte of each slot of one group of the block at output byte o0 (-1: past the
// output's taps), and each half's span.
struct HalfSources {
    int byte[2][avx2_half_lanes][2];
    int lo[2], hi[2];
};
inline HalfSources half_sources(const numerics::AxisCoefficients& t, int C, int x0, LaneLayoutAvx2 l, int o0, int g) {
    HalfSources s{};
    for (int h = 0; h < 2; ++h) {
        s.lo[h] = t.in_size * C;
        s.hi[h] = -1;
        for (int j = 0; j < avx2_half_lanes; ++j)
            for (int k = 0; k < 2; ++k) {
                const int o = o0 + l.output_of(h, j), x = x0 + o / C, tap = l.tap_of(j, g, k);
                const int byte = tap < t.count[std::size_t(x)] ? (t.first[std::size_t(x)] + tap) * C + o % C : -1;
                s.byte[h][j][k] = byte;
                if (byte >= 0) {
                    s.lo[h] = std::min(s.lo[h], byte);
                    s.hi[h] = std::max(s.hi[h], byte);
                }
            }
        if (s.hi[h] < 0) s.lo[h] = s.hi[h] = 0;  // a half with no taps: weights 0, any bytes
    }
    return s;
}

// The first output byte of each block: tiles of tile_bytes() from 0, the last moved back to
// end at n (it recomputes a few outputs, with the same result); a split tile's two blocks.
inline std::vector<int> block_starts_avx2(LaneLayoutAvx2 l, int n) {
    std::vector<int> tiles = lane_block_starts(l.tile_bytes(), n);
    if (!l.split) return tiles;
    std::vector<int> starts;
    starts.reserve(2 * tiles.size());
    for (const int t : tiles) starts.insert(starts.end(), {t, t + l.half_bytes()});
    return starts;
}

// The windows of one group, or nothing where the halves' bytes do not fit them. Contiguous:
// each half its own 16 bytes, inside the row. Split: half 0's 16 bytes at w and half 1's at
// w + 16, the 32 bytes inside the row.
inline std::optional<std::array<int, 2>> group_windows(const HalfSources& s, LaneLayoutAvx2 l, int row_bytes) {
    if (!l.split) {
        if (s.hi[0] - s.lo[0] >= avx2_window_bytes || s.hi[1] - s.lo[1] >= avx2_window_bytes) return std::nullopt;
        // The window stays inside the row, so no load passes its end.
        const auto start = [&](int h) { return std::max(0, std::min(s.lo[h], row_bytes - avx2_window_bytes)); };
        return std::array<int, 2>{start(0), start(1)};
    }
    int lowest = 0, highest = row_bytes - 2 * avx2_window_bytes;  // the window w's bounds
    for (int h = 0; h < 2; ++h) {
        bool taps = false;
        for (const auto& lane : s.byte[h])
            for (const int byte : lane) taps = taps || byte >= 0;
        if (!taps) continue;  // weights 0: any bytes
        lowest = std::max(lowest, s.hi[h] - avx2_window_bytes * (h + 1) + 1);
        highest = std::min(highest, s.lo[h] - avx2_window_bytes * h);
    }
    if (lowest > highest) return std::nullopt;
    return std::array<int, 2>{highest, highest + avx2_window_bytes};
}

}  // namespace detail

// The table of output pixels [x0, x1) of an axis with C interleaved channels; nothing where
// no layout fits (then the caller uses the tap-major kernel).
inline std::optional<LaneTapsAvx2> make_lane_taps_avx2(const numerics::AxisCoefficients& t, int C, int x0, int x1) {
    const int n = (x1 - x0) * C;
    const int row_bytes = t.in_size * C;
    if (row_bytes < avx2_window_bytes || C == 4) return std::nullopt;
    int max_count = 1;
    for (int x = x0; x < x1; ++x) max_count = std::max(max_count, t.count[std::size_t(x)]);
    // Each phase count split first: at equal steps the split layout wins (one load a step).
    std::vector<LaneLayoutAvx2> candidates = {{1, true}, {1, false}};
    if (C == 1) candidates.insert(candidates.end(), {{2, true}, {2, false}, {4, true}, {4, false}});
    std::optional<LaneLayoutAvx2> best;
    std::vector<int> best_starts;
    long fewest = 0;
    for (const LaneLayoutAvx2 l : candidates) {
        if (n < l.tile_bytes()) continue;
        std::vector<int> starts = detail::block_starts_avx2(l, n);
        const int groups = (max_count + l.taps_per_group() - 1) / l.taps_per_group();
        const long steps = long(starts.size()) * groups;
        if (best && steps >= fewest) continue;
        bool fits = true;
        for (std::size_t b = 0; b < starts.size() && fits; ++b)
            for (int g = 0; g < groups && fits; ++g)
                fits = detail::group_windows(detail::half_sources(t, C, x0, l, starts[b], g), l, row_bytes).has_value();
        if (!fits) continue;
        best = l;
        best_starts = std::move(starts);
        fewest = steps;
    }
    if (!best) return std::nullopt;
    LaneTapsAvx2 p;
    p.layout = *best;
    p.groups = (max_count + best->taps_per_group() - 1) / best->taps_per_group();
    p.blocks = int(best_starts.size());
    p.block_start = std::move(best_starts);
    p.windows.resize(std::size_t(p.blocks) * std::size_t(p.groups));
    p.table.resize(std::size_t(p.blocks) * std::size_t(p.groups));
    for (int b = 0; b < p.blocks; ++b) {
        const int o0 = p.block_start[std::size_t(b)];
        for (int g = 0; g < p.groups; ++g) {
            const detail::HalfSources s = detail::half_sources(t, C, x0, p.layout, o0, g);
            const std::size_t slot = std::size_t(b) * std::size_t(p.groups) + std::size_t(g);
            p.windows[slot] = *detail::group_windows(s, p.layout, row_bytes);
            LaneGroupAvx2& lg = p.table[slot];
            for (int h = 0; h < 2; ++h) {
                const int start = p.windows[slot][std::size_t(h)];
                for (int j = 0; j < avx2_half_lanes; ++j)
                    for (int k = 0; k < 2; ++k) {
                        const int pos = 8 * h + 2 * j + k;  // int16 position in the vector
                        const int byte = s.byte[h][j][k];
                        const int o = o0 + p.layout.output_of(h, j);
                        const std::int32_t w = byte < 0 ? 0 : t.row(x0 + o / C)[p.layout.tap_of(j, g, k)];
                        lg.shuffle[2 * pos] = byte < 0 ? 0x80 : std::uint8_t(byte - start);
                        lg.shuffle[2 * pos + 1] = 0x80;
                        lg.lo[pos] = split_low(w);
                        lg.hi[pos] = split_high(w);
                    }
            }
        }
    }
    return p;
}

}  // namespace pixelprep::cpu::simd
