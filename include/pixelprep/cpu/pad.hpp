// Bottom/right constant padding (the backends' generic pad), and its validity mask.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"

namespace pixelprep::cpu {

template <class T> Image<T> pad_bottom_right(const Image<T>& img, int target_h, int target_w, T fill = T{}) {
    if (target_h < img.height() || target_w < img.width())
        throw InvalidArgument("Padding dimensions are negative. Please make sure that the pad_size is larger than the "
                              "image size. Got pad_size=(" + std::to_string(target_h) + ", " + std::to_string(target_w) +
                              "), image_size=(" + std::to_string(img.height()) + ", " + std::to_string(img.width()) +
                              ").");
    if (target_h == img.height() && target_w == img.width()) return img;
    Image<T> out(target_h, target_w, img.channels(), img.layout(), fill);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            for (int c = 0; c < img.channels(); ++c) out.at(y, x, c) = img.at(y, x, c);
    return out;
}

// int64 H x W mask, 1 over the original image, 0 over the padding (transformers' return_mask).
inline std::vector<std::int64_t> pad_mask(int image_h, int image_w, int target_h, int target_w) {
    pixelprep::detail::check_dims(target_h, target_w, 1, "pad_mask");  // an image-sized grid: same limits
    pixelprep::detail::check_pixel_limit(target_h, target_w, "pad_mask");
    std::vector<std::int64_t> mask(std::size_t(target_h) * std::size_t(target_w), 0);
    for (int y = 0; y < image_h && y < target_h; ++y)
        for (int x = 0; x < image_w && x < target_w; ++x) mask[std::size_t(y) * std::size_t(target_w) + std::size_t(x)] = 1;
    return mask;
}

}  // namespace pixelprep::cpu
