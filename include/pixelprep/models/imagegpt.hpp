// ImageGPTImageProcessor (models/imagegpt/image_processing_pil_imagegpt.py): transformers'
// generic resize (bilinear, 256x256 by default), rescale and normalize (to [-1, 1] with mean
// and std 0.5), then, with do_color_quantize, each pixel becomes the index of its nearest
// colour cluster (numerics/color_quantize.hpp): `input_ids` (batch, height * width) int64 in
// row-major pixel order. Without it, `pixel_values` as the generic pipeline gives them.
// No center crop and no pad: its _preprocess has neither.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/numerics/color_quantize.hpp"
#include "pixelprep/options/color_clusters.hpp"

namespace pixelprep {

struct ImageGPTOptions : CommonOptions {
    std::optional<bool> do_color_quantize;
    std::optional<ColorClusters> clusters;
    static constexpr auto fields() {
        using O = ImageGPTOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, bool>{"do_color_quantize", &O::do_color_quantize},
                                              OptionField<O, ColorClusters>{"clusters", &O::clusters}));
    }
    friend bool operator==(const ImageGPTOptions&, const ImageGPTOptions&) = default;
};

struct ImageGPTModel {
    using options_type = ImageGPTOptions;
    static constexpr std::string_view class_name = "ImageGPTImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.do_color_quantize = true;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.size = SizeSpec::exact(256, 256);
        return o;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        BatchFeature pixels = GenericRecipeWithout<LeftOut::center_crop_and_pad>::run<B>(std::move(images), o);
        if (!truthy(o.do_color_quantize)) return pixels;
        if (!o.clusters) throw InvalidArgument("Clusters must be provided for color quantization.");
        if (o.clusters->rgb.empty())
            throw InvalidArgument("ImageGPTImageProcessor: clusters is empty; color quantization needs at least one");
        const std::vector<Tensor>& items = pixels.list("pixel_values");
        // np.array(processed_images) needs one shape; x.reshape(-1, 3) then
        // reshape(batch, height, width) works only for 3 channels.
        const std::vector<std::size_t> shape0 = tensor_shape(items.front());
        std::vector<Tensor> ids;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::vector<std::size_t> shape = tensor_shape(items[i]);
            if (shape != shape0)
                throw InvalidArgument("ImageGPTImageProcessor: images 0 and " + std::to_string(i) + " are " +
                                      shape_string(shape0) + " and " + shape_string(shape) +
                                      " after the steps; color quantization stacks them into one array");
            if (shape.size() != 3 || shape[0] != 3)
                throw InvalidArgument("ImageGPTImageProcessor: image " + std::to_string(i) + " is " + shape_string(shape) +
                                      " after the steps; color quantization needs 3 channels (r, g, b)");
            const std::size_t plane = shape[1] * shape[2];
            Array<std::int64_t> nearest(std::vector<std::size_t>{plane});
            std::visit(
                [&](const auto& a) {
                    using T = typename std::decay_t<decltype(a)>::value_type;
                    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, std::uint8_t>)
                        numerics::nearest_clusters(a.data(), plane, o.clusters->rgb, items.size() * plane,
                                                   nearest.data());
                    else
                        throw InvalidArgument("ImageGPTImageProcessor: unexpected pixel dtype for color quantization");
                },
                items[i]);
            ids.emplace_back(std::move(nearest));
        }
        BatchFeature out;
        out.set_list("input_ids", std::move(ids));
        return out;
    }
};

}  // namespace pixelprep
