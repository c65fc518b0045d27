// ConvNextImageProcessor (models/convnext/image_processing_pil_convnext.py): below 384 the
// image is resized to shortest_edge / crop_pct and center-cropped to shortest_edge; at 384
// and above it is warped to a square.
#pragma once

#include <string>
#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct ConvNextOptions : CommonOptions {
    std::optional<double> crop_pct;
    static constexpr auto fields() {
        return concat_fields(common_fields<ConvNextOptions>(),
                              make_fields(OptionField<ConvNextOptions, double>{"crop_pct", &ConvNextOptions::crop_pct}));
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

    // ConvNext's resize: to (edge, edge) from shortest_edge >= 384; below, to the shortest edge
    // edge / crop_pct, then a center crop of (edge, edge).
    struct ResizeGeometry {
        geometry::HeightWidth target;
        int crop_edge;  // 0: no crop
    };
    static ResizeGeometry resize_geometry(int height, int width, const options_type& o) {
        if (!o.size->shortest_edge || *o.size->shortest_edge == 0)
            throw InvalidArgument("Size dictionary must contain 'shortest_edge' key. Got " + o.size->to_string());
        const int edge = *o.size->shortest_edge;
        if (edge >= 384) return {{edge, edge}, 0};
        const double crop_pct = o.crop_pct.value_or(224.0 / 256.0);
        const int resize_edge = geometry::python_int(edge / crop_pct, "ConvNext resize");
        if (resize_edge <= 0)
            throw InvalidArgument("ConvNext: shortest_edge " + std::to_string(edge) + " / crop_pct " +
                                  std::to_string(crop_pct) + " gives an empty size");
        return {geometry::size_for_shortest_edge(height, width, resize_edge), edge};
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const auto resize = [&](int height, int width) {
            const ResizeGeometry r = resize_geometry(height, width, o);
            return generic::ResizeStep{r.target, r.crop_edge ? geometry::center_crop_window(r.target.height, r.target.width,
                                                                                           r.crop_edge, r.crop_edge)
                                                             : plan::ImagePlan::whole(r.target)};
        };
        if (std::optional<BatchFeature> planned = generic::run_as_plans<B>(images, o, resize, {.batch_padding = false})) return std::move(*planned);
        for (auto& img : images) {
            if (truthy(o.do_resize)) {
                const ResizeGeometry r = resize_geometry(height_of(img), width_of(img), o);
                img = op::resize<B>(img, r.target, *o.resample);
                if (r.crop_edge) img = op::center_crop<B>(img, r.crop_edge, r.crop_edge);
            }
            if (truthy(o.do_center_crop)) img = steps::center_crop<B>(img, *o.crop_size);
            img = steps::rescale_normalize<B>(std::move(img), o);
        }
        return steps::pixel_values(images);  // ConvNext's _preprocess does not pad
    }
};

}  // namespace pixelprep
