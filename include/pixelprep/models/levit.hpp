// LevitImageProcessor (models/levit/image_processing_pil_levit.py): the generic pipeline with
// its own resize. A shortest_edge s resizes the short side to int(256 / 224 * s) (the long
// side in proportion, as get_resize_output_image_size does) before the 224 center crop; any
// longest_edge beside it is ignored; otherwise the size must give height and width.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct LevitModel {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "LevitImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::shortest(224);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = true;
        return o;
    }

    // The size LeViT's resize hands to the generic one.
    static SizeSpec resize_size(const SizeSpec& size) {
        if (size.shortest_edge && *size.shortest_edge != 0)
            return SizeSpec::shortest(geometry::python_int((256.0 / 224.0) * *size.shortest_edge, "LeViT resize"));
        if (!size.height || !size.width || *size.height == 0 || *size.width == 0)
            throw InvalidArgument("LevitImageProcessor: size " + size.to_string() +
                                  ": size dict must have keys 'height' and 'width' or 'shortest_edge'");
        return SizeSpec::exact(*size.height, *size.width);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        if (truthy(o.do_resize) && o.size) o.size = resize_size(*o.size);
        return GenericRecipe::run<B>(std::move(images), o);
    }
};

}  // namespace pixelprep
