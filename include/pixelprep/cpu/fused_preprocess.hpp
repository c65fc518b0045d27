// resize -> center crop -> rescale -> normalize -> channels-first, in one pass over the
// source, with the same bits as the separate operations:
//   - the crop is a window of the resize (only the rows and columns that survive it are
//     computed: each output pixel depends only on its own taps);
//   - rescale and normalize act on uint8 values, so they are a 256-entry table per channel
//     built with the very same float64/float32 formulas (numerics/pixel_math.hpp); the table
//     lookup writes channels-first float32 directly, with no float intermediate image.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/cpu/center_crop.hpp"
#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/cpu/simd/level.hpp"
#include "pixelprep/cpu/simd/value_lookup_avx512.hpp"
#include "pixelprep/cpu/simd/value_map_avx2.hpp"
#include "pixelprep/cpu/simd/value_map_avx512.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cpu {

// What each uint8 value of each channel becomes: float32(float64(v) * factor) when
// rescaling, then (x - float32(mean)) / float32(std) when normalizing; a uint8 normalized
// without rescale is first cast to float32, as numpy does.
struct ValueMap {
    int channels = 0;
    std::array<float, 256 * 4> table{};
    simd::AffineValues formula;  // the same values as a computation, for the vector path
    simd::ValueBytePlanes planes;  // the same table as byte planes, for the AVX-512 lookup
};

// The split of a rescale factor behind AffineValues::float32_rescale: the factor's top 16
// significant bits, and the float32 nearest the rest; true when float32 arithmetic with the
// two parts equals numerics::rescale_value for every uint8 value.
inline bool split_rescale_factor(double factor, float& high, float& low) {
    if (!std::isfinite(factor) || factor == 0.0) return false;
    int exponent = 0;
    const double mantissa = std::frexp(factor, &exponent);  // factor = mantissa * 2^exponent
    const double top = std::ldexp(std::nearbyint(std::ldexp(mantissa, 16)), exponent - 16);
    high = float(top);
    low = float(factor - top);  // factor - top is exact in float64
    if (double(high) != top) return false;  // top out of float32's range
    for (int v = 0; v < 256; ++v) {
        const float want = numerics::rescale_value(double(v), factor);
        const float got = float(v) * high + float(v) * low;
        if (std::memcmp(&want, &got, sizeof want) != 0) return false;
    }
    return true;
}

inline ValueMap make_value_map(int channels, std::optional<double> rescale_factor, const std::vector<double>* mean,
                               const std::vector<double>* std_dev) {
    ValueMap m;
    m.channels = channels;
    m.formula.rescale = rescale_factor.has_value();
    m.formula.factor = rescale_factor.value_or(1.0);
    m.formula.float32_rescale =
        rescale_factor && split_rescale_factor(*rescale_factor, m.formula.factor_high, m.formula.factor_low);
    m.formula.normalize = mean != nullptr;
    for (int c = 0; c < channels && c < 4 && mean != nullptr; ++c) {
        m.formula.mean[c] = float((*mean)[std::size_t(c)]);
        m.formula.std_dev[c] = float((*std_dev)[std::size_t(c)]);
    }
    for (int c = 0; c < channels; ++c)
        for (int v = 0; v < 256; ++v) {
            float x = rescale_factor ? numerics::rescale_value(double(v), *rescale_factor) : float(v);
            if (mean != nullptr)
                x = numerics::normalize_value(x, float((*mean)[std::size_t(c)]), float((*std_dev)[std::size_t(c)]));
            m.table[std::size_t(c) * 256 + std::size_t(v)] = x;
            std::uint8_t bytes[4];
            std::memcpy(bytes, &x, 4);  // little-endian on every target with the lookup (x86-64)
            for (int k = 0; k < 4; ++k) m.planes.bytes[std::size_t(c * 4 + k) * 256 + std::size_t(v)] = bytes[k];
        }
    return m;
}

// Channel c of pixels [0, n) of `pixels` (C interleaved channels), through the map's channel
// `channel`, into dst[0, n): computed with AVX2 where the CPU has it, else the table.
inline void map_channel(const std::uint8_t* pixels, std::size_t n, int C, int c, const ValueMap& map, int channel,
                        float* dst, SimdLevel level = simd_level()) {
#if PIXELPREP_X86_SIMD
    if (level == SimdLevel::avx2 || level == SimdLevel::avx512) {
        bool done = false;
        switch (C) {
            case 1: done = simd::map_channel_avx2<1>(pixels, n, c, map.formula, channel, dst); break;
            case 2: done = simd::map_channel_avx2<2>(pixels, n, c, map.formula, channel, dst); break;
            case 3: done = simd::map_channel_avx2<3>(pixels, n, c, map.formula, channel, dst); break;
            case 4: done = simd::map_channel_avx2<4>(pixels, n, c, map.formula, channel, dst); break;
            default: break;
        }
        if (done) return;
    }
#else
    (void)level;
#endif
    const float* lut = map.table.data() + std::size_t(channel) * 256;
    for (std::size_t i = 0; i < n; ++i) dst[i] = lut[pixels[i * std::size_t(C) + std::size_t(c)]];
}

// Pixels [0, n) of `src` (C interleaved channels, channel c being the map's channel
// first_channel + c) through the map into planes dst + c * plane (a negative `plane` lays the
// channels out in reverse): AVX-512 16 pixels a step where the CPU has it, AVX2 8 RGB pixels
// a step, and the rest channel by channel (map_channel).
inline void map_to_planes(const std::uint8_t* src, std::size_t n, int C, const ValueMap& map, int first_channel,
                          float* dst, std::ptrdiff_t plane, SimdLevel level = simd_level()) {
    std::size_t done = 0;
#if PIXELPREP_X86_SIMD
    if (level == SimdLevel::avx512) {
        switch (C) {  // 64 pixels at a time by lookup, then 16 at a time computed
            case 1: done = simd::map_to_planes_lookup_avx512<1>(src, n, map.planes, first_channel, dst, plane); break;
            case 2: done = simd::map_to_planes_lookup_avx512<2>(src, n, map.planes, first_channel, dst, plane); break;
            case 3: done = simd::map_to_planes_lookup_avx512<3>(src, n, map.planes, first_channel, dst, plane); break;
            case 4: done = simd::map_to_planes_lookup_avx512<4>(src, n, map.planes, first_channel, dst, plane); break;
            default: break;
        }
        const std::uint8_t* rest = src + done * std::size_t(C);
        float* rest_dst = dst + std::ptrdiff_t(done);
        switch (C) {
            case 1: done += simd::map_to_planes_avx512<1>(rest, n - done, map.formula, first_channel, rest_dst, plane); break;
            case 2: done += simd::map_to_planes_avx512<2>(rest, n - done, map.formula, first_channel, rest_dst, plane); break;
            case 3: done += simd::map_to_planes_avx512<3>(rest, n - done, map.formula, first_channel, rest_dst, plane); break;
            case 4: done += simd::map_to_planes_avx512<4>(rest, n - done, map.formula, first_channel, rest_dst, plane); break;
            default: break;
        }
    }
    if (level == SimdLevel::avx2 && C == 3) done = simd::map_to_planes_rgb_avx2(src, n, map.formula, first_channel, dst, plane);
#endif
    const std::size_t channels = std::size_t(C);
    for (std::size_t c = 0; c < channels; ++c)
        map_channel(src + done * channels, n - done, C, int(c), map, first_channel + int(c),
                    dst + std::ptrdiff_t(c) * plane + std::ptrdiff_t(done), level);
}

// The map applied to every value of a uint8 image: float32 of the same size, always
// channels-first (the layout every model's output takes in the end; deinterleaving here,
// while the values are touched anyway, saves the separate transpose later).
inline ImageF32 map_values(const ImageU8& img, const ValueMap& map, SimdLevel level = simd_level()) {
    ImageF32 out(img.height(), img.width(), img.channels(), Layout::chw, uninitialized);
    const int C = img.channels();
    const std::size_t plane = std::size_t(img.height()) * std::size_t(img.width());
    if (img.layout() == Layout::chw) {  // plane by plane, each a one-channel image
        for (int c = 0; c < C; ++c)
            map_to_planes(img.data() + std::size_t(c) * plane, plane, 1, map, c, out.data() + std::size_t(c) * plane,
                          std::ptrdiff_t(plane), level);
    } else {
        map_to_planes(img.data(), plane, C, map, 0, out.data(), std::ptrdiff_t(plane), level);
    }
    return out;
}

struct FusedResize {
    int height;  // resize target
    int width;
    Resample filter;
    std::optional<std::pair<int, int>> crop;  // center crop (height, width) after the resize
};

// The fused path for an HWC uint8 image with 1 or 3 channels and a convolution filter, when
// the crop lies inside the resized image; otherwise nullopt and the caller runs the steps one
// by one. With `map` the result is a float32 CHW image, without it the uint8 HWC crop.
inline std::optional<WorkingImage> fused_resize_crop_map(const ImageU8& img, const FusedResize& r, const ValueMap* map,
                                                        SimdLevel level = simd_level()) {
    const int C = img.channels();
    if (img.layout() != Layout::hwc || (C != 1 && C != 3) || r.filter == Resample::nearest) return std::nullopt;
    if (r.height <= 0 || r.width <= 0 || r.height > max_image_side || r.width > max_image_side) return std::nullopt;
    if (map != nullptr && map->channels != C) return std::nullopt;
    pixelprep::detail::check_pixel_limit(r.height, r.width, "Image");  // the unfused resize would allocate it
    detail::OutputWindow w{0, 0, r.height, r.width};
    if (r.crop) {
        if (r.crop->first <= 0 || r.crop->second <= 0) return std::nullopt;
        const geometry::CropWindow cw = geometry::center_crop_window(r.height, r.width, r.crop->first, r.crop->second);
        if (cw.top < 0 || cw.left < 0) return std::nullopt;  // zero padding: the separate steps do it
        w = {cw.top, cw.left, cw.height, cw.width};
    }
    const detail::U8Plane src{img.data(), img.width(), img.height(), std::ptrdiff_t(img.width()) * C};
    auto resize_into = [&](std::uint8_t* dst) {
        const detail::U8Out out{dst, std::ptrdiff_t(w.width) * C};
        if (C == 1) detail::convolve_window<1>(src, r.height, r.width, r.filter, w, out, level);
        else detail::convolve_window<3>(src, r.height, r.width, r.filter, w, out, level);
    };
    if (map == nullptr) {
        ImageU8 out(w.height, w.width, C, Layout::hwc, uninitialized);
        resize_into(out.data());
        return WorkingImage(std::move(out));
    }
    // The final output of the generic pipeline: its memory may be a caller's recycled array.
    ImageF32 out(w.height, w.width, C, Layout::chw,
                 output_storage<float>(std::size_t(w.height) * std::size_t(w.width) * std::size_t(C)));
    thread_local std::vector<std::uint8_t> window;  // the uint8 crop, reused between calls
    window.resize(std::size_t(w.height) * std::size_t(w.width) * std::size_t(C));
    resize_into(window.data());
    const std::size_t plane = std::size_t(w.height) * std::size_t(w.width);
    map_to_planes(window.data(), plane, C, *map, 0, out.data(), std::ptrdiff_t(plane), level);  // one pass, C planes out
    if (window.capacity() > (std::size_t(64) << 20)) std::vector<std::uint8_t>().swap(window);
    return WorkingImage(std::move(out));
}

}  // namespace pixelprep::cpu
