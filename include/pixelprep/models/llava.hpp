// LlavaImageProcessor (models/llava/image_processing_pil_llava.py): with do_pad, each image
// is first padded to a square with the mean color (int(mean * 255) per channel), centered,
// then the CLIP pipeline runs; there is no batch padding afterwards.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pixelprep/models/clip.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

namespace detail {
// Centered square canvas filled with `color` (one value per channel, or one value that
// fills channel 0 only, exactly as transformers' loop over a one-element tuple does).
template <class T> Image<T> pad_to_square(const Image<T>& img, const std::vector<long long>& color, bool color_is_int) {
    const int c = img.channels(), h = img.height(), w = img.width();
    if (h == w) return img;
    if (!color_is_int && int(color.size()) != c)
        throw InvalidArgument("background_color must have no more than " + std::to_string(c) +
                              " elements to match the number of channels");
    const int side = std::max(h, w);
    Image<T> out(side, side, c, Layout::chw, T{});
    for (std::size_t ci = 0; ci < color.size(); ++ci)
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) out.at(y, x, int(ci)) = static_cast<T>(color[ci]);
    const int dy = w > h ? (side - h) / 2 : 0, dx = w > h ? 0 : (side - w) / 2;
    for (int ci = 0; ci < c; ++ci)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) out.at(y + dy, x + dx, ci) = img.at(y, x, ci);
    return out;
}
}  // namespace detail

struct LlavaModel {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "LlavaImageProcessor";
    static options_type defaults() {
        auto o = ClipModel::defaults();
        o.do_pad = false;
        return o;
    }

    static WorkingImage pad_to_square(const WorkingImage& img, const options_type& o) {
        std::vector<long long> color{0};
        bool color_is_int = true;
        if (o.image_mean) {
            if (o.image_mean->scalar)
                throw InvalidArgument("LlavaImageProcessor: do_pad needs image_mean as a list (one value per channel)");
            color.clear();
            for (double m : o.image_mean->values) {
                const double c = m * 255;
                if (!(c >= -0x1p63 && c < 0x1p63))  // a 64-bit fill value cannot hold int(c)
                    throw InvalidArgument("LlavaImageProcessor: do_pad: image_mean value " + python_float_repr(m) +
                                          " gives a background color out of range");
                color.push_back(static_cast<long long>(c));  // int() truncates
            }
            color_is_int = false;
        }
        return std::visit([&](const auto& im) -> WorkingImage { return detail::pad_to_square(to_layout(im, Layout::chw), color, color_is_int); },
                          img);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        for (auto& img : images) {
            if (truthy(o.do_pad)) img = pad_to_square(img, o);
            if (truthy(o.do_resize)) img = steps::resize<B>(img, *o.size, *o.resample);
            if (truthy(o.do_center_crop)) img = steps::center_crop<B>(img, *o.crop_size);
            img = steps::rescale_normalize<B>(std::move(img), o);
        }
        return steps::pixel_values(images);
    }
};

}  // namespace pixelprep
