// Windows copied out of an image on the host: transformers' numpy center_crop (the PIL
// backend's), where the window may leave the image and the pixels outside it are zero. The
// window itself is geometry::center_crop_window.
#pragma once

#include <algorithm>
#include <cstddef>

#include "pixelprep/core/image.hpp"
#include "pixelprep/geometry/windows.hpp"

namespace pixelprep::cpu {

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
    const geometry::CropWindow w = geometry::center_crop_window(img.height(), img.width(), crop_h, crop_w);
    return copy_window(img, w.top, w.left, w.height, w.width);
}

}  // namespace pixelprep::cpu
