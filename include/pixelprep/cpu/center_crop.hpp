// transformers' numpy center_crop (the PIL backend's): offset (H - crop) // 2; when the
// crop is larger than the image, zero padding whose odd pixel goes top/left.
#pragma once

#include <algorithm>
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

template <class T> Image<T> center_crop(const Image<T>& img, int crop_h, int crop_w) {
    const CropWindow w = center_crop_window(img.height(), img.width(), crop_h, crop_w);
    const bool inside = w.top >= 0 && w.left >= 0 && w.top + crop_h <= img.height() && w.left + crop_w <= img.width();
    Image<T> out = inside ? Image<T>(crop_h, crop_w, img.channels(), img.layout(), uninitialized)
                          : Image<T>(crop_h, crop_w, img.channels(), img.layout(), T{});
    // The overlap of the window and the image, copied a row segment at a time (contiguous
    // in both layouts: C * width elements per row for HWC, width per channel row for CHW).
    const int y0 = std::max(0, -w.top), y1 = std::min(crop_h, img.height() - w.top);
    const int x0 = std::max(0, -w.left), x1 = std::min(crop_w, img.width() - w.left);
    if (y0 >= y1 || x0 >= x1) return out;
    const bool hwc = img.layout() == Layout::hwc;
    const int planes = hwc ? 1 : img.channels();
    const std::size_t run = std::size_t(x1 - x0) * std::size_t(hwc ? img.channels() : 1);
    const T* src = img.data();
    T* dst = out.data();
    for (int c = 0; c < planes; ++c)
        for (int y = y0; y < y1; ++y)
            std::copy_n(src + img.index(w.top + y, w.left + x0, c), run, dst + out.index(y, x0, c));
    return out;
}

}  // namespace pixelprep::cpu
