// Bottom/right constant padding (the backends' generic pad).
#pragma once

#include "pixelprep/core/image.hpp"
#include "pixelprep/geometry/windows.hpp"

namespace pixelprep::cpu {

template <class T> Image<T> pad_bottom_right(const Image<T>& img, int target_h, int target_w, T fill = T{}) {
    geometry::check_pad_target(img.height(), img.width(), target_h, target_w);
    if (target_h == img.height() && target_w == img.width()) return img;
    Image<T> out(target_h, target_w, img.channels(), img.layout(), fill);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            for (int c = 0; c < img.channels(); ++c) out.at(y, x, c) = img.at(y, x, c);
    return out;
}

}  // namespace pixelprep::cpu
