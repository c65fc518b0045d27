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
    Image<T> out(crop_h, crop_w, img.channels(), img.layout(), T{});
    for (int y = 0; y < crop_h; ++y) {
        const int sy = w.top + y;
        if (sy < 0 || sy >= img.height()) continue;
        for (int x = 0; x < crop_w; ++x) {
            const int sx = w.left + x;
            if (sx < 0 || sx >= img.width()) continue;
            for (int c = 0; c < img.channels(); ++c) out.at(y, x, c) = img.at(sy, sx, c);
        }
    }
    return out;
}

}  // namespace pixelprep::cpu
