// Owlv2ImageProcessor (models/owlv2/image_processing_pil_owlv2.py), per image: rescale, pad
// bottom/right to a square with 0.0 (black after the rescale: transformers 5.23 pads with
// 0.0, not grey), then its own resize -- scikit-image's: a Gaussian anti-aliasing filter
// with sigma max(0, (in / out - 1) / 2) per axis, then scipy's linear zoom
// (numerics/scipy_gaussian.hpp, numerics/scipy_linear_zoom.hpp), clipped to the padded
// image's own min and max -- then normalize. Defaults: 960x960, CLIP statistics.
//
// resize() takes `resample` in the place of its anti_aliasing flag (the PIL backend passes it
// positionally), so NEAREST (0) and None turn the filter off and every other filter turns it
// on; nothing else of the filter is used. Every step keeps the image's dtype, as numpy does:
// float32 after the rescale, uint8 without one (then the filter truncates and the zoom rounds).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/owlvit.hpp"
#include "pixelprep/numerics/scipy_gaussian.hpp"
#include "pixelprep/numerics/scipy_linear_zoom.hpp"

namespace pixelprep {

struct Owlv2Model {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "Owlv2ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(960, 960);
        o.default_to_square = true;
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = o.do_pad = true;
        return o;
    }
    // Early OWL-ViT configs spell do_rescale "rescale"; OWLv2's __init__ renames it the same way.
    static void fold_legacy_keys(JsonValue::Object& config) { OwlViTModel::fold_legacy_keys(config); }

    static geometry::HeightWidth target(const options_type& o) {
        if (!o.size || !o.size->height || !o.size->width)
            throw InvalidArgument(std::string(class_name) + ": size must give 'height' and 'width' (its resize reads "
                                  "size['height'] and size['width']); got size=" +
                                  (o.size ? o.size->to_string() : std::string("None")));
        if (*o.size->height <= 0 || *o.size->width <= 0)
            throw InvalidArgument(std::string(class_name) + ": size " + o.size->to_string() +
                                  " must have positive sides");
        // transformers' resize turns its (height, width, C) result back to channels-first by
        // guessing the channel axis from the shape: a height of 1 or 3 reads as the channels,
        // so the result stays in the wrong order (then normalize fails or mixes rows).
        if (*o.size->height == 1 || *o.size->height == 3)
            throw InvalidArgument(std::string(class_name) + ": size " + o.size->to_string() +
                                  ": a height of 1 or 3 is not supported: transformers' OWLv2 resize mistakes the "
                                  "rows of such a result for its channels and returns it transposed");
        return {*o.size->height, *o.size->width};
    }

    // scikit-image's resize as transformers' OWLv2 calls it (mode "mirror", order 1).
    template <class T> static Image<T> resize(const Image<T>& image, geometry::HeightWidth size, bool anti_aliasing) {
        Image<T> filtered = materialize<T>(image.view(), Layout::hwc);  // owned: the filter works in place
        const auto [lowest, highest] = std::minmax_element(filtered.begin(), filtered.end());
        const T low = *lowest, high = *highest;  // the clip's range: the image before the filter
        const int h = filtered.height(), w = filtered.width();
        if (anti_aliasing) {
            const double sigma_y = std::max(0.0, (double(h) / size.height - 1) / 2);
            const double sigma_x = std::max(0.0, (double(w) / size.width - 1) / 2);
            if (sigma_y > 1e-15) numerics::scipy_gaussian_axis(filtered, 0, sigma_y);  // scipy skips sigma <= 1e-15
            if (sigma_x > 1e-15) numerics::scipy_gaussian_axis(filtered, 1, sigma_x);
        }
        Image<T> out = numerics::scipy_linear_zoom(filtered, numerics::scipy_zoom_side(h, size.height),
                                                   numerics::scipy_zoom_side(w, size.width));
        for (T* p = out.data(), *end = p + out.size(); p != end; ++p) *p = std::clamp(*p, low, high);
        return out;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const bool anti_aliasing = o.resample && *o.resample != Resample::nearest;
        for (auto& img : images) {
            if (truthy(o.do_rescale)) img = op::rescale<B>(img, *o.rescale_factor);
            if (truthy(o.do_pad)) {
                const int side = std::max(height_of(img), width_of(img));
                img = op::pad<B>(img, side, side);
            }
            if (truthy(o.do_resize)) {
                const geometry::HeightWidth size = target(o);
                img = std::visit([&](const auto& i) -> WorkingImage { return resize(i, size, anti_aliasing); }, img);
            }
            if (truthy(o.do_normalize)) {
                const int c = channels_of(img);
                img = op::normalize<B>(img, o.image_mean->for_channels(c), o.image_std->for_channels(c));
            }
        }
        return steps::pixel_values(std::move(images));
    }
};

}  // namespace pixelprep
