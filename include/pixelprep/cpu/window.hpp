// Windows of an image, for the VLM recipes that cut views or tiles out of one image
// (LLaVA-NeXT, Idefics3/SmolVLM, Mllama, Gemma3): an in-range crop, and zero padding that
// centres the image on a larger canvas. Both keep the dtype and the layout; the checks and
// offsets here are also CudaPolicy's (cuda/copy_ops.hpp), so both backends fail alike.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/cpu/center_crop.hpp"

namespace pixelprep::cpu {

// A crop is a slice of the image: unlike center_crop it never pads, so a window that leaves
// the image is a caller's mistake, reported with every value involved.
inline void check_crop_window(int image_h, int image_w, int top, int left, int height, int width) {
    const bool inside = height > 0 && width > 0 && top >= 0 && left >= 0 &&
                        static_cast<long long>(top) + height <= image_h && static_cast<long long>(left) + width <= image_w;
    if (!inside)
        throw InvalidArgument("crop: the window top=" + std::to_string(top) + ", left=" + std::to_string(left) +
                              ", height=" + std::to_string(height) + ", width=" + std::to_string(width) +
                              " is not a non-empty window inside the " + std::to_string(image_h) + "x" +
                              std::to_string(image_w) + " image");
}

template <class T> Image<T> crop(const Image<T>& img, int top, int left, int height, int width) {
    check_crop_window(img.height(), img.width(), top, left, height, width);
    if (top == 0 && left == 0 && height == img.height() && width == img.width()) return img;
    return copy_window(img, top, left, height, width);
}

// Where the image goes on a target_h x target_w canvas: half the room above/left (rounded
// down), the rest below/right, as LLaVA-NeXT's anyres padding places it.
struct CenteredOffsets {
    int top;
    int left;
};

inline CenteredOffsets centered_offsets(int image_h, int image_w, int target_h, int target_w) {
    if (target_h < image_h || target_w < image_w)
        throw InvalidArgument("pad_centered: the " + std::to_string(target_h) + "x" + std::to_string(target_w) +
                              " canvas is smaller than the " + std::to_string(image_h) + "x" +
                              std::to_string(image_w) + " image");
    return {(target_h - image_h) / 2, (target_w - image_w) / 2};
}

// A window that starts above/left of the image (as CudaPolicy's pad_centered does it).
template <class T> Image<T> pad_centered(const Image<T>& img, int target_h, int target_w) {
    const CenteredOffsets o = centered_offsets(img.height(), img.width(), target_h, target_w);
    if (target_h == img.height() && target_w == img.width()) return img;
    return copy_window(img, -o.top, -o.left, target_h, target_w);
}

}  // namespace pixelprep::cpu
