// Qwen2-VL's patch grid of an image and its output array, checked before any pixel moves.
// Both backends patchify with these (the element order is numerics/patch_index.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/patch_index.hpp"

namespace pixelprep::geometry {

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

inline Array<float> patch_array(const numerics::PatchGrid& g) {
    return Array<float>::from_shape(std::vector<std::size_t>{numerics::patch_rows(g), numerics::patch_row_length(g)});
}

}  // namespace pixelprep::geometry
