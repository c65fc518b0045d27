// PoolFormerImageProcessor (models/poolformer/image_processing_pil_poolformer.py): the generic
// pipeline (batch pad included) with its own resize. With a crop_pct (0.9 by default) the
// resize target grows by 1 / crop_pct before the center crop: a shortest_edge s, or a square
// height = width s, resizes the short side to int(s / crop_pct) (the long side in
// proportion); an unequal height and width resize to exactly int(h / crop_pct) x
// int(w / crop_pct). Without a crop_pct (None) the size is used as the generic resize uses
// it. Its one extra key is ConvNext's, crop_pct, so it shares ConvNext's option struct.
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/models/convnext.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct PoolFormerModel {
    using options_type = ConvNextOptions;
    static constexpr std::string_view class_name = "PoolFormerImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::shortest(224);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(224, 224);
        o.crop_pct = 0.9;
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = true;
        return o;
    }

    static geometry::HeightWidth resize_size(int height, int width, const options_type& o) {
        const SizeSpec& size = *o.size;
        if (!o.crop_pct) return geometry::resize_output_size(height, width, size);
        const double pct = *o.crop_pct;
        if (pct == 0.0 || !std::isfinite(pct))
            throw InvalidArgument("PoolFormerImageProcessor: key 'crop_pct': " + std::to_string(pct) +
                                  " cannot scale a size; it must be a finite, non-zero number");
        const auto scaled = [&](int side) { return geometry::python_int(side / pct, "PoolFormer resize"); };
        geometry::HeightWidth s{};
        if (size.shortest_edge && *size.shortest_edge != 0) {
            s = geometry::size_for_shortest_edge(height, width, scaled(*size.shortest_edge));
        } else if (size.height && size.width && *size.height != 0 && *size.width != 0) {
            s = *size.height == *size.width ? geometry::size_for_shortest_edge(height, width, scaled(*size.height))
                                            : geometry::HeightWidth{scaled(*size.height), scaled(*size.width)};
        } else {
            throw InvalidArgument("PoolFormerImageProcessor: invalid size for resize: " + size.to_string());
        }
        if (s.height <= 0 || s.width <= 0)
            throw InvalidArgument("PoolFormerImageProcessor: size " + size.to_string() + " with crop_pct " +
                                  std::to_string(pct) + " resizes a " + std::to_string(height) + "x" +
                                  std::to_string(width) + " image to " + std::to_string(s.height) + "x" +
                                  std::to_string(s.width));
        return s;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const auto target = [&](int height, int width) { return resize_size(height, width, o); };
        return run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = true});
    }
};

}  // namespace pixelprep
