// ViltImageProcessor (models/vilt/image_processing_pil_vilt.py) and BridgeTowerImageProcessor
// (models/bridgetower/image_processing_pil_bridgetower.py): a resize by shortest_edge with
// the longer side capped and both sides floored to size_divisor (geometry/vilt_size.hpp),
// BridgeTower's square center crop of crop_size's shortest_edge, rescale, normalize, then
// with do_pad the batch pad to the largest height and width (pad_size is not read) with
// `pixel_mask`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/vilt_size.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/pixel_mask.hpp"
#include "pixelprep/models/size_divisor_options.hpp"

namespace pixelprep {

namespace vilt {

// Their resize: size must hold a shortest_edge.
inline geometry::HeightWidth resize_size(int height, int width, const SizeDivisorOptions& o,
                                         std::string_view class_name) {
    if (!o.size->shortest_edge || *o.size->shortest_edge == 0)
        throw InvalidArgument(std::string(class_name) + ": The `size` dictionary must contain the key `shortest_edge`. Got " +
                              o.size->to_string());
    return geometry::vilt_resize_size(height, width, *o.size->shortest_edge, positive_size_divisor(o, class_name));
}

// The shared pipeline; `crop_side` > 0 crops every image to that square first.
template <class B>
BatchFeature run(std::vector<WorkingImage> images, SizeDivisorOptions o, int crop_side, std::string_view class_name) {
    o.pad_size.reset();  // the pad is to the batch's largest size
    o.do_center_crop = crop_side > 0;
    if (crop_side > 0) o.crop_size = SizeSpec::exact(crop_side, crop_side);
    const auto target = [&](int height, int width) { return resize_size(height, width, o, class_name); };
    std::vector<geometry::HeightWidth> sizes;
    for (const WorkingImage& img : images) {
        geometry::HeightWidth s{height_of(img), width_of(img)};
        if (truthy(o.do_resize)) s = target(s.height, s.width);
        if (crop_side > 0) s = {crop_side, crop_side};
        sizes.push_back(s);
    }
    BatchFeature out = run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = true});
    if (truthy(o.do_pad)) add_pixel_mask(out, sizes);
    return out;
}

}  // namespace vilt

struct ViltModel {
    using options_type = SizeDivisorOptions;
    static constexpr std::string_view class_name = "ViltImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::shortest(384);
        o.default_to_square = false;
        o.size_divisor = 32;
        o.do_resize = o.do_rescale = o.do_normalize = o.do_pad = true;
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return vilt::run<B>(std::move(images), o, 0, class_name);  // no crop step in its _preprocess
    }
};

struct BridgeTowerModel {
    using options_type = SizeDivisorOptions;
    static constexpr std::string_view class_name = "BridgeTowerImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::shortest(288);
        o.default_to_square = false;
        o.crop_size = SizeSpec::shortest(288);
        o.size_divisor = 32;
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = o.do_pad = true;
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        int crop_side = 0;
        if (truthy(o.do_center_crop)) {
            if (!o.crop_size || !o.crop_size->shortest_edge || *o.crop_size->shortest_edge <= 0)
                throw InvalidArgument(std::string(class_name) + ": key 'crop_size': " +
                                      (o.crop_size ? o.crop_size->to_string() : std::string("None")) +
                                      ": its center crop is a square of crop_size's shortest_edge, which must be a "
                                      "positive integer");
            crop_side = *o.crop_size->shortest_edge;
        }
        return vilt::run<B>(std::move(images), o, crop_side, class_name);
    }
};

}  // namespace pixelprep
