// The steps of transformers' generic PIL-backend pipeline, written once over any backend
// that provides the image operations: resize -> center_crop -> rescale -> normalize, then
// pad over the batch. Model recipes reuse them and insert their own steps.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/validate.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/core/batch_feature.hpp"

namespace pixelprep::steps {

template <class B> WorkingImage resize(const WorkingImage& img, const SizeSpec& size, Resample filter) {
    return op::resize<B>(img, geometry::resize_output_size(height_of(img), width_of(img), size), filter);
}

// The (height, width) of a crop_size, as transformers requires it.
inline geometry::HeightWidth crop_size_of(const SizeSpec& crop) {
    if (!crop.height || !crop.width)
        throw InvalidArgument("The size dictionary must have keys 'height' and 'width'. Got " + crop.to_string());
    return {*crop.height, *crop.width};
}
template <class B> WorkingImage center_crop(const WorkingImage& img, const SizeSpec& crop) {
    const geometry::HeightWidth size = crop_size_of(crop);
    return op::center_crop<B>(img, size.height, size.width);
}

// Rescale then normalize, each if enabled (the PIL backend never fuses them). A backend may
// offer `fused_rescale_normalize(img, options)` giving the same bits in one pass, or nullopt
// to take the two steps here (which also raise every error).
template <class B> WorkingImage rescale_normalize(WorkingImage img, const CommonOptions& o) {
    if constexpr (requires { B::fused_rescale_normalize(img, o); }) {
        if (auto fused = B::fused_rescale_normalize(img, o)) return std::move(*fused);
    }
    if (truthy(o.do_rescale)) img = op::rescale<B>(img, *o.rescale_factor);
    if (truthy(o.do_normalize)) {
        // A bare float is broadcast over the channels; a list must match them exactly.
        const int c = channels_of(img);
        img = op::normalize<B>(img, o.image_mean->for_channels(c), o.image_std->for_channels(c));
    }
    return img;
}

// Pad every image bottom/right to pad_size, or to the batch's largest height and width.
template <class B> void pad_batch(std::vector<WorkingImage>& images, const std::optional<SizeSpec>& pad_size) {
    int th = 0, tw = 0;
    if (pad_size) {
        if (!pad_size->height || !pad_size->width || *pad_size->height == 0 || *pad_size->width == 0)
            throw InvalidArgument("Pad size must contain 'height' and 'width' keys only. Got pad_size=" +
                                  pad_size->to_string() + ".");
        th = *pad_size->height;
        tw = *pad_size->width;
    } else {
        for (const auto& img : images) {
            th = std::max(th, height_of(img));
            tw = std::max(tw, width_of(img));
        }
    }
    for (auto& img : images) img = op::pad<B>(img, th, tw);
}

// transformers' flip_channel_order on a finished image: channel c takes channel C - 1 - c.
inline WorkingImage reverse_channel_order(const WorkingImage& image) {
    return std::visit(
        [](const auto& img) -> WorkingImage {
            auto out = img;
            const int C = img.channels();
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x)
                    for (int c = 0; c < C; ++c) out.at(y, x, c) = img.at(y, x, C - 1 - c);
            return out;
        },
        image);
}

inline BatchFeature pixel_values(const std::vector<WorkingImage>& images) {
    std::vector<Tensor> items;
    items.reserve(images.size());
    for (const auto& img : images) items.push_back(to_tensor(img));
    BatchFeature out;
    out.set_list("pixel_values", std::move(items));
    return out;
}
// The same, consuming the images (their channels-first buffers become the arrays).
inline BatchFeature pixel_values(std::vector<WorkingImage>&& images) {
    std::vector<Tensor> items;
    items.reserve(images.size());
    for (auto& img : images) items.push_back(to_tensor(std::move(img)));
    BatchFeature out;
    out.set_list("pixel_values", std::move(items));
    return out;
}

// PilBackend._preprocess.
template <class B> BatchFeature generic(std::vector<WorkingImage> images, const CommonOptions& o) {
    for (auto& img : images) {
        if (truthy(o.do_resize)) img = resize<B>(img, *o.size, *o.resample);
        if (truthy(o.do_center_crop)) img = center_crop<B>(img, *o.crop_size);
        img = rescale_normalize<B>(std::move(img), o);
    }
    if (truthy(o.do_pad)) pad_batch<B>(images, o.pad_size);
    return pixel_values(std::move(images));
}

}  // namespace pixelprep::steps
