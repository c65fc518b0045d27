// Where the windows of an image lie (center crop, in-range crop, centred padding,
// bottom/right padding) and when they are invalid. Both backends cut and pad with these, so
// both place the same pixels and fail with the same words.
#pragma once

#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

// A height x width window whose top-left corner is source pixel (top, left). The corner may
// lie above/left of the image (negative) and the window may extend past its bottom/right:
// the pixels outside the image are zero padding.
struct CropWindow {
    int top;
    int left;
    int height;
    int width;
    friend bool operator==(const CropWindow&, const CropWindow&) = default;
};

// transformers' numpy center_crop: offset (H - crop) // 2. When the crop is larger than the
// image, transformers pastes the image on a zero canvas ceil(deficit / 2) from the top/left
// and slices the same window, which maps back to the same source offset: rows and columns
// outside the image are zero, and an odd deficit leaves the extra zero row/column at the
// top/left.
inline CropWindow center_crop_window(int image_h, int image_w, int crop_h, int crop_w) {
    if (crop_h <= 0 || crop_w <= 0)
        throw InvalidArgument("center_crop: crop size " + std::to_string(crop_h) + "x" + std::to_string(crop_w) +
                              " must be positive");
    const long long top = floor_div(static_cast<long long>(image_h) - crop_h, 2);
    const long long left = floor_div(static_cast<long long>(image_w) - crop_w, 2);
    return {int(top), int(left), crop_h, crop_w};
}

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

// The canvas of a centred pad as a window of the image (negative top/left: the pad before
// it): LLaVA-NeXT's and Aria's anyres pad on the grid pinpoint.
inline CropWindow centered_window(HeightWidth size, HeightWidth canvas) {
    const CenteredOffsets at = centered_offsets(size.height, size.width, canvas.height, canvas.width);
    return {-at.top, -at.left, canvas.height, canvas.width};
}

// pad_to_square / expand2square (LLaVA, LLaVA-OneVision, Janus / DeepSeek-VL, DeepSeek-OCR-2):
// the longer side kept, the image centred on the shorter one.
inline CropWindow centered_square_window(HeightWidth size) {
    const int side = size.height > size.width ? size.height : size.width;
    return centered_window(size, {side, side});
}

// Each side rounded up to a multiple of `multiple` (> 0): math.ceil(side / multiple) * multiple.
inline HeightWidth round_up_to_multiple(HeightWidth size, int multiple) {
    const auto up = [&](int v) {
        const long long r = (static_cast<long long>(v) + multiple - 1) / multiple * multiple;
        if (r > 2147483647LL) throw LimitError("pad to a multiple of " + std::to_string(multiple) + ": side " + std::to_string(v) + " is too large");
        return static_cast<int>(r);
    };
    return {up(size.height), up(size.width)};
}

// Bottom/right padding to target_h x target_w; transformers' words when the target is smaller.
inline void check_pad_target(int image_h, int image_w, int target_h, int target_w) {
    if (target_h < image_h || target_w < image_w)
        throw InvalidArgument("Padding dimensions are negative. Please make sure that the pad_size is larger than the "
                              "image size. Got pad_size=(" + std::to_string(target_h) + ", " + std::to_string(target_w) +
                              "), image_size=(" + std::to_string(image_h) + ", " + std::to_string(image_w) + ").");
}

}  // namespace pixelprep::geometry
