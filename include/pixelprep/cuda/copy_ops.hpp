// CudaPolicy's pure data movement: center crop, window crop, padding (bottom/right or
// centered), layout change and Qwen2-VL's patch flattening. Offsets and validation come
// from geometry/ (the CPU backend's too); the device copies elements.
#pragma once

#include <xtensor/xarray.hpp>

#include "pixelprep/core/image.hpp"
#include "pixelprep/cuda/launchers.hpp"
#include "pixelprep/geometry/patch_grid.hpp"
#include "pixelprep/geometry/windows.hpp"

namespace pixelprep::cuda {

template <class T> Image<T> center_crop(const Image<T>& img, int crop_h, int crop_w) {
    const geometry::CropWindow w = geometry::center_crop_window(img.height(), img.width(), crop_h, crop_w);
    Image<T> out(crop_h, crop_w, img.channels(), img.layout());
    launch::copy_window(img.data(), shape_of(img), sizeof(T), out.data(), crop_h, crop_w, w.top, w.left);
    return out;
}

// cpu::pad_bottom_right with its default fill (zero).
template <class T> Image<T> pad_bottom_right(const Image<T>& img, int target_h, int target_w) {
    geometry::check_pad_target(img.height(), img.width(), target_h, target_w);
    if (target_h == img.height() && target_w == img.width()) return img;
    Image<T> out(target_h, target_w, img.channels(), img.layout());
    launch::copy_window(img.data(), shape_of(img), sizeof(T), out.data(), target_h, target_w, 0, 0);
    return out;
}

// cpu::crop: the window is checked on the host, so copy_window never meets its zero fill.
template <class T> Image<T> crop(const Image<T>& img, int top, int left, int height, int width) {
    geometry::check_crop_window(img.height(), img.width(), top, left, height, width);
    if (top == 0 && left == 0 && height == img.height() && width == img.width()) return img;
    Image<T> out(height, width, img.channels(), img.layout(), uninitialized);
    launch::copy_window(img.data(), shape_of(img), sizeof(T), out.data(), height, width, top, left);
    return out;
}

// cpu::pad_centered: a window that starts above/left of the image; copy_window zero-fills
// what lies outside it.
template <class T> Image<T> pad_centered(const Image<T>& img, int target_h, int target_w) {
    const geometry::CenteredOffsets o = geometry::centered_offsets(img.height(), img.width(), target_h, target_w);
    if (target_h == img.height() && target_w == img.width()) return img;
    Image<T> out(target_h, target_w, img.channels(), img.layout(), uninitialized);  // the kernel writes the zeros too
    launch::copy_window(img.data(), shape_of(img), sizeof(T), out.data(), target_h, target_w, -o.top, -o.left);
    return out;
}

// cpu::patchify: the grid checked (and the output allocated) on the host.
template <class T> Array<float> patchify(const Image<T>& img, int patch, int merge, int temporal) {
    const numerics::PatchGrid g = geometry::patch_grid(img, patch, merge, temporal);
    Array<float> out = geometry::patch_array(g);
    launch::patchify(img.data(), shape_of(img), sizeof(T), patch, merge, temporal, out.data());
    return out;
}

template <class T> Image<T> to_layout(const Image<T>& img, Layout layout) {
    if (img.layout() == layout) return img;
    Image<T> out(img.height(), img.width(), img.channels(), layout);
    launch::change_layout(img.data(), shape_of(img), sizeof(T), out.data(), layout);
    return out;
}

}  // namespace pixelprep::cuda
