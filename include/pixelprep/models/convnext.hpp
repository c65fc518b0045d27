// ConvNextImageProcessor (models/convnext/image_processing_pil_convnext.py): below 384 the
// image is resized to shortest_edge / crop_pct and center-cropped to shortest_edge; at 384
// and above it is warped to a square.
#pragma once

#include <string>
#include <string_view>
#include <tuple>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct ConvNextOptions : CommonOptions {
    std::optional<double> crop_pct;
    static constexpr auto fields() {
        return std::tuple_cat(common_fields<ConvNextOptions>(),
                              std::make_tuple(OptionField<ConvNextOptions, double>{"crop_pct", &ConvNextOptions::crop_pct}));
    }
    friend bool operator==(const ConvNextOptions&, const ConvNextOptions&) = default;
};

struct ConvNextModel {
    using options_type = ConvNextOptions;
    static constexpr std::string_view class_name = "ConvNextImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::shortest(384);
        o.default_to_square = false;
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.crop_pct = 224.0 / 256.0;
        return o;
    }

    template <class B> static WorkingImage resize(const WorkingImage& img, const options_type& o) {
        if (!o.size->shortest_edge || *o.size->shortest_edge == 0)
            throw InvalidArgument("Size dictionary must contain 'shortest_edge' key. Got " + o.size->to_string());
        const int edge = *o.size->shortest_edge;
        if (edge >= 384) return op::resize<B>(img, {edge, edge}, *o.resample);
        const double crop_pct = o.crop_pct.value_or(224.0 / 256.0);
        const int resize_edge = geometry::python_int(edge / crop_pct, "ConvNext resize");
        if (resize_edge <= 0)
            throw InvalidArgument("ConvNext: shortest_edge " + std::to_string(edge) + " / crop_pct " +
                                  std::to_string(crop_pct) + " gives an empty size");
        const auto target = geometry::size_for_shortest_edge(height_of(img), width_of(img), resize_edge);
        return op::center_crop<B>(op::resize<B>(img, target, *o.resample), edge, edge);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        for (auto& img : images) {
            if (truthy(o.do_resize)) img = resize<B>(img, o);
            if (truthy(o.do_center_crop)) img = steps::center_crop<B>(img, *o.crop_size);
            img = steps::rescale_normalize<B>(std::move(img), o);
        }
        return steps::pixel_values(images);  // ConvNext's _preprocess does not pad
    }
};

}  // namespace pixelprep
