// MobileViTImageProcessor (models/mobilevit/image_processing_pil_mobilevit.py), also
// MobileViTV2's: shortest-edge resize, rescale, center crop, then flip_channel_order (RGB to
// BGR: every channel in reverse order). Its _preprocess has no normalize and no pad step, so
// do_normalize and do_pad are ignored; do_reduce_labels touches segmentation maps only. The
// crop comes after the rescale there, which gives the same values: the crop's padding is 0
// either way.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct MobileViTOptions : CommonOptions {
    std::optional<bool> do_flip_channel_order;
    std::optional<bool> do_reduce_labels;
    static constexpr auto fields() {
        return concat_fields(common_fields<MobileViTOptions>(),
                              make_fields(OptionField<MobileViTOptions, bool>{"do_flip_channel_order",
                                                                                  &MobileViTOptions::do_flip_channel_order},
                                              OptionField<MobileViTOptions, bool>{"do_reduce_labels",
                                                                                  &MobileViTOptions::do_reduce_labels}));
    }
    friend bool operator==(const MobileViTOptions&, const MobileViTOptions&) = default;
};

struct MobileViTModel {
    using options_type = MobileViTOptions;
    static constexpr std::string_view class_name = "MobileViTImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::shortest(224);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(256, 256);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_flip_channel_order = true;
        o.do_reduce_labels = false;
        return o;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        o.do_normalize = false;  // neither is a step of its _preprocess
        o.do_pad = false;
        const auto target = [&](int height, int width) { return geometry::resize_output_size(height, width, *o.size); };
        return run_with_resize_rule<B>(std::move(images), o, target,
                                       {.batch_padding = false, .reverse_channels = truthy(o.do_flip_channel_order)});
    }
};

}  // namespace pixelprep
