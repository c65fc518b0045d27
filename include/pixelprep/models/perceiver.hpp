// PerceiverImageProcessor (models/perceiver/image_processing_pil_perceiver.py): the center
// crop comes before the resize, and its size is a fraction of the image's shorter side --
// int(size.height / crop_size.height * min(H, W)) by int(size.width / crop_size.width *
// min(H, W)) (0.875 of it by default), zeros around it where that exceeds the image -- then
// the resize to size, rescale and normalize. Its _preprocess has no pad step. The crop runs
// on the decoded image as the generic center crop does, then the generic resize.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct PerceiverModel {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "PerceiverImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::exact(224, 224);
        o.crop_size = SizeSpec::exact(256, 256);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = true;
        return o;
    }

    // Its center_crop's size for an image.
    static geometry::HeightWidth crop_size(int height, int width, const options_type& o) {
        if (!o.size->height || !o.size->width)
            throw InvalidArgument("PerceiverImageProcessor: size " + o.size->to_string() +
                                  ": its center crop needs size's height and width");
        if (!o.crop_size || !o.crop_size->height || !o.crop_size->width || *o.crop_size->height == 0 ||
            *o.crop_size->width == 0)
            throw InvalidArgument("PerceiverImageProcessor: crop_size " +
                                  (o.crop_size ? o.crop_size->to_string() : std::string("None")) +
                                  ": its center crop divides by crop_size's height and width, which must be set and "
                                  "non-zero");
        const int min_dim = std::min(height, width);
        const geometry::HeightWidth s{
            geometry::python_int(double(*o.size->height) / *o.crop_size->height * min_dim, "Perceiver center crop"),
            geometry::python_int(double(*o.size->width) / *o.crop_size->width * min_dim, "Perceiver center crop")};
        return s;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        for (auto& img : images) {
            if (truthy(o.do_center_crop)) {
                const geometry::HeightWidth crop = crop_size(height_of(img), width_of(img), o);
                if (crop.height <= 0 || crop.width <= 0) {
                    // A side shorter than crop_size / size (1 pixel at the defaults) crops to
                    // nothing; PIL resizes an empty image to zeros, which transformers then
                    // rescales and normalizes. Without a resize the output would be empty.
                    if (!truthy(o.do_resize))
                        throw InvalidArgument("PerceiverImageProcessor: a " + std::to_string(height_of(img)) + "x" +
                                              std::to_string(width_of(img)) + " image center-crops to " +
                                              std::to_string(crop.height) + "x" + std::to_string(crop.width) +
                                              " (size " + o.size->to_string() + ", crop_size " +
                                              o.crop_size->to_string() + ") and is not resized: an empty output");
                    img = std::visit([&](const auto& im) -> WorkingImage {
                        std::decay_t<decltype(im)> zeros(*o.size->height, *o.size->width, im.channels());
                        std::fill(zeros.data(), zeros.data() + zeros.size(), 0);
                        return zeros;
                    }, img);
                    img = steps::rescale_normalize<B>(std::move(img), o);
                    continue;
                }
                img = op::center_crop<B>(img, crop.height, crop.width);
            }
            if (truthy(o.do_resize)) img = steps::resize<B>(img, *o.size, *o.resample);
            img = steps::rescale_normalize<B>(std::move(img), o);
        }
        return steps::pixel_values(std::move(images));
    }
};

}  // namespace pixelprep
