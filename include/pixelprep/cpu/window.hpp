// Windows of an image, for the VLM recipes that cut views or tiles out of one image
// (LLaVA-NeXT, Idefics3/SmolVLM, Mllama, Gemma3): an in-range crop, and zero padding that
// centres the image on a larger canvas. Both keep the dtype and the layout; the checks and
// offsets are geometry/windows.hpp's, shared with CudaPolicy, so both backends fail alike.
#pragma once

#include "pixelprep/core/image.hpp"
#include "pixelprep/cpu/center_crop.hpp"
#include "pixelprep/geometry/windows.hpp"

namespace pixelprep::cpu {

template <class T> Image<T> crop(const Image<T>& img, int top, int left, int height, int width) {
    geometry::check_crop_window(img.height(), img.width(), top, left, height, width);
    if (top == 0 && left == 0 && height == img.height() && width == img.width()) return img;
    return copy_window(img, top, left, height, width);
}

// A window that starts above/left of the image (as CudaPolicy's pad_centered does it).
template <class T> Image<T> pad_centered(const Image<T>& img, int target_h, int target_w) {
    const geometry::CenteredOffsets o = geometry::centered_offsets(img.height(), img.width(), target_h, target_w);
    if (target_h == img.height() && target_w == img.width()) return img;
    return copy_window(img, -o.top, -o.left, target_h, target_w);
}

}  // namespace pixelprep::cpu
