// resize -> center crop -> rescale -> normalize -> channels-first, in one pass over the
// source, with the same bits as the separate operations:
//   - the crop is a window of the resize (only the rows and columns that survive it are
//     computed: each output pixel depends only on its own taps);
//   - rescale and normalize act on uint8 values, so they are a 256-entry table per channel
//     built with the very same float64/float32 formulas (numerics/pixel_math.hpp); the table
//     lookup writes channels-first float32 directly, with no float intermediate image.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/cpu/center_crop.hpp"
#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/cpu/simd/level.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cpu {

// What each uint8 value of each channel becomes: float32(float64(v) * factor) when
// rescaling, then (x - float32(mean)) / float32(std) when normalizing; a uint8 normalized
// without rescale is first cast to float32, as numpy does.
struct ValueMap {
    int channels = 0;
    std::array<float, 256 * 4> table{};
};

inline ValueMap make_value_map(int channels, std::optional<double> rescale_factor, const std::vector<double>* mean,
                               const std::vector<double>* std_dev) {
    ValueMap m;
    m.channels = channels;
    for (int c = 0; c < channels; ++c)
        for (int v = 0; v < 256; ++v) {
            float x = rescale_factor ? numerics::rescale_value(double(v), *rescale_factor) : float(v);
            if (mean != nullptr)
                x = numerics::normalize_value(x, float((*mean)[std::size_t(c)]), float((*std_dev)[std::size_t(c)]));
            m.table[std::size_t(c) * 256 + std::size_t(v)] = x;
        }
    return m;
}

// The table applied to every value of a uint8 image: float32 of the same size, always
// channels-first (the layout every model's output takes in the end; deinterleaving here,
// while the values are touched anyway, saves the separate transpose later).
inline ImageF32 map_values(const ImageU8& img, const ValueMap& map) {
    ImageF32 out(img.height(), img.width(), img.channels(), Layout::chw, uninitialized);
    const std::size_t C = std::size_t(img.channels());
    const std::size_t plane = std::size_t(img.height()) * std::size_t(img.width());
    const std::uint8_t* s = img.data();
    float* d = out.data();
    if (img.layout() == Layout::chw || C == 1) {
        for (std::size_t c = 0; c < C; ++c) {
            const float* lut = map.table.data() + c * 256;
            for (std::size_t i = c * plane; i < (c + 1) * plane; ++i) d[i] = lut[s[i]];
        }
    } else {
        for (std::size_t i = 0; i < plane; ++i, s += C)
            for (std::size_t c = 0; c < C; ++c) d[c * plane + i] = map.table[c * 256 + s[c]];
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
        const CropWindow cw = center_crop_window(r.height, r.width, r.crop->first, r.crop->second);
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
    ImageF32 out(w.height, w.width, C, Layout::chw, uninitialized);
    thread_local std::vector<std::uint8_t> window;  // the uint8 crop, reused between calls
    window.resize(std::size_t(w.height) * std::size_t(w.width) * std::size_t(C));
    resize_into(window.data());
    const std::size_t plane = std::size_t(w.height) * std::size_t(w.width);
    const std::uint8_t* s = window.data();
    if (C == 1) {
        for (std::size_t i = 0; i < plane; ++i) out.data()[i] = map->table[s[i]];
    } else {  // one pass over the interleaved crop, three planes out
        const float *l0 = map->table.data(), *l1 = l0 + 256, *l2 = l0 + 512;
        float *d0 = out.data(), *d1 = d0 + plane, *d2 = d1 + plane;
        for (std::size_t i = 0; i < plane; ++i, s += 3) {
            d0[i] = l0[s[0]];
            d1[i] = l1[s[1]];
            d2[i] = l2[s[2]];
        }
    }
    if (window.capacity() > (std::size_t(64) << 20)) std::vector<std::uint8_t>().swap(window);
    return WorkingImage(std::move(out));
}

}  // namespace pixelprep::cpu
