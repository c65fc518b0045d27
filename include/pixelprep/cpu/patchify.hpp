// Qwen2-VL's patch flattening on the host: an image of either layout and dtype to the
// float32 (gh * gw, C * T * p * p) array, element order from numerics/patch_index.hpp.
// Written straight into the uninitialised output: one index computation per patch and
// channel, then p row copies (contiguous in CHW, strided in HWC) stepping by the source row
// stride; the T frames of a channel are copies of the first.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/patch_index.hpp"

namespace pixelprep::cpu {

// The grid of an image, after checking that it can be cut (the recipe raises its own,
// transformers-worded errors before calling; these guard direct callers) and that the
// output, the image repeated T times, is bounded like an image.
inline numerics::PatchGrid patch_grid(int height, int width, int channels, Layout layout, int patch, int merge,
                                      int temporal) {
    const std::string what = "patchify: a " + std::to_string(height) + "x" + std::to_string(width) + " image, patch " +
                             std::to_string(patch) + ", merge " + std::to_string(merge) + ", temporal " +
                             std::to_string(temporal);
    if (patch <= 0 || merge <= 0 || temporal <= 0)
        throw InvalidArgument(what + ": patch, merge and temporal must be positive");
    const long long block = static_cast<long long>(patch) * merge;
    if (height % block != 0 || width % block != 0)
        throw InvalidArgument(what + ": the sides must be multiples of patch * merge = " + std::to_string(block));
    if (double(height) * double(width) * double(temporal) > double(max_image_pixels()))  // no 64-bit overflow
        throw LimitError(what + ": the image repeated " + std::to_string(temporal) + " times exceeds the limit of " +
                         std::to_string(max_image_pixels()) + " pixels per image (pixelprep::set_max_image_pixels)");
    return {height, width, channels, layout == Layout::chw, patch, merge, temporal};
}

template <class T> numerics::PatchGrid patch_grid(const Image<T>& img, int patch, int merge, int temporal) {
    return patch_grid(img.height(), img.width(), img.channels(), img.layout(), patch, merge, temporal);
}

inline xt::xarray<float> patch_array(const numerics::PatchGrid& g) {
    return xt::xarray<float>::from_shape(std::vector<std::size_t>{numerics::patch_rows(g), numerics::patch_row_length(g)});
}

// uint8 elements become float32 exactly (float(x) == rescale(x, 1.0)).
template <class T> xt::xarray<float> patchify(const Image<T>& img, int patch, int merge, int temporal) {
    const numerics::PatchGrid g = patch_grid(img, patch, merge, temporal);
    xt::xarray<float> out = patch_array(g);
    const std::size_t p = std::size_t(patch), frame = p * p, rows = numerics::patch_rows(g);
    const std::size_t stride = numerics::patch_source_stride(g), row_stride = numerics::patch_source_row_stride(g);
    const std::size_t channels = std::size_t(g.channels);
    const T* src = img.data();
    float* dst = out.data();
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < channels; ++c) {
            float* first = dst;
            const std::size_t origin = numerics::patch_source_index(g, std::size_t(dst - out.data()));  // py = px = 0
            for (std::size_t py = 0; py < p; ++py, dst += p) {
                const T* run = src + origin + py * row_stride;
                if (stride == 1) std::copy_n(run, p, dst);  // CHW: a patch row is contiguous
                else
                    for (std::size_t px = 0; px < p; ++px) dst[px] = static_cast<float>(run[px * stride]);
            }
            for (int t = 1; t < temporal; ++t, dst += frame) std::copy_n(first, frame, dst);
        }
    return out;
}

}  // namespace pixelprep::cpu
