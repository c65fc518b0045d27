// CudaPolicy's pure data movement: center crop, bottom/right padding and layout change.
// Offsets and validation come from the CPU functions; the device copies elements.
#pragma once

#include "pixelprep/core/image.hpp"
#include "pixelprep/cpu/center_crop.hpp"
#include "pixelprep/cpu/pad.hpp"
#include "pixelprep/cuda/launchers.hpp"

namespace pixelprep::cuda {

template <class T> Image<T> center_crop(const Image<T>& img, int crop_h, int crop_w) {
    const cpu::CropWindow w = cpu::center_crop_window(img.height(), img.width(), crop_h, crop_w);
    Image<T> out(crop_h, crop_w, img.channels(), img.layout());
    launch::copy_window(img.data(), shape_of(img), sizeof(T), out.data(), crop_h, crop_w, w.top, w.left);
    return out;
}

// cpu::pad_bottom_right with its default fill (zero).
template <class T> Image<T> pad_bottom_right(const Image<T>& img, int target_h, int target_w) {
    if (target_h < img.height() || target_w < img.width())
        return cpu::pad_bottom_right(img, target_h, target_w);  // throws CpuPolicy's exact error
    if (target_h == img.height() && target_w == img.width()) return img;
    Image<T> out(target_h, target_w, img.channels(), img.layout());
    launch::copy_window(img.data(), shape_of(img), sizeof(T), out.data(), target_h, target_w, 0, 0);
    return out;
}

template <class T> Image<T> to_layout(const Image<T>& img, Layout layout) {
    if (img.layout() == layout) return img;
    Image<T> out(img.height(), img.width(), img.channels(), layout);
    launch::change_layout(img.data(), shape_of(img), sizeof(T), out.data(), layout);
    return out;
}

}  // namespace pixelprep::cuda
