// transformers' numpy center_crop (the PIL backend's): offset (H - crop) // 2; when the
// crop is larger than the image, zero padding whose odd pixel goes top/left.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::cpu {

// Where the source pixel (y, x) of the crop comes from; -1 means "zero padding".
struct CropWindow {
    int top;   // source row of output row 0 (may be negative: padding rows first)
    int left;  // source column of output column 0
    int height;
    int width;
};

inline CropWindow center_crop_window(int image_h, int image_w, int crop_h, int crop_w) {
    if (crop_h <= 0 || crop_w <= 0)
        throw InvalidArgument("center_crop: crop size " + std::to_string(crop_h) + "x" + std::to_string(crop_w) +
                              " must be positive");
    // In range, this is a plain slice. Otherwise transformers pastes the image on a zero canvas
    // ceil(deficit / 2) from the top/left and slices the same window, which maps back to the
    // same source offset: rows and columns outside the image are zero, and an odd deficit
    // leaves the extra zero row/column at the top/left.
    const long long top = geometry::floor_div(static_cast<long long>(image_h) - crop_h, 2);
    const long long left = geometry::floor_div(static_cast<long long>(image_w) - crop_w, 2);
    return {int(top), int(left), crop_h, crop_w};
}

// The height x width window whose top-left corner is source pixel (top, left), either
// corner possibly outside the image: pixels outside the image are zero. The host twin of
// CUDA's launch::copy_window; center_crop, crop and pad_centered (window.hpp) are all this.
template <class T> Image<T> copy_window(const Image<T>& img, int top, int left, int height, int width) {
    const bool inside = top >= 0 && left >= 0 && static_cast<long long>(top) + height <= img.height() &&
                        static_cast<long long>(left) + width <= img.width();
    Image<T> out = inside ? Image<T>(height, width, img.channels(), img.layout(), uninitialized)
                          : Image<T>(height, width, img.channels(), img.layout(), T{});
    // The overlap of the window and the image, copied a row segment at a time (contiguous
    // in both layouts: C * width elements per row for HWC, width per channel row for CHW).
    const int y0 = std::max(0, -top), y1 = std::min(height, img.height() - top);
    const int x0 = std::max(0, -left), x1 = std::min(width, img.width() - left);
    if (y0 >= y1 || x0 >= x1) return out;
    const bool hwc = img.layout() == Layout::hwc;
    const int planes = hwc ? 1 : img.channels();
    const std::size_t run = std::size_t(x1 - x0) * std::size_t(hwc ? img.channels() : 1);
    const T* src = img.data();
    T* dst = out.data();
    for (int c = 0; c < planes; ++c)
        for (int y = y0; y < y1; ++y)
            std::copy_n(src + img.index(top + y, left + x0, c), run, dst + out.index(y, x0, c));
    return out;
}

template <class T> Image<T> center_crop(const Image<T>& img, int crop_h, int crop_w) {
    const CropWindow w = center_crop_window(img.height(), img.width(), crop_h, crop_w);
    return copy_window(img, w.top, w.left, w.height, w.width);
}

}  // namespace pixelprep::cpu
