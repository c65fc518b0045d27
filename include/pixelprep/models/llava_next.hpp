// LlavaNextImageProcessor (models/llava_next/image_processing_pil_llava_next.py), "anyres":
// each image is fitted into the best grid pinpoint, zero-padded (uint8, centered, the odd
// pixel bottom/right), cut into crop-sized tiles; a global view (the original resized to the
// base size) goes first; every view then runs the CLIP pipeline. Output: pixel_values per
// image (num_views, C, H, W), padded with zero views to the batch maximum when do_pad, and
// image_sizes (the original height, width) as int64.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "pixelprep/geometry/anyres.hpp"
#include "pixelprep/geometry/llava_next_tokens.hpp"
#include "pixelprep/models/clip.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct LlavaNextOptions : CommonOptions {
    std::optional<Resolutions> image_grid_pinpoints;
    // Processor-level values (LlavaNextProcessor's processor_config.json), used only by
    // image_token_count; the pixels ignore them. patch_size has no default (the processor's
    // is None): the count needs it.
    std::optional<int> patch_size;
    std::optional<std::string> vision_feature_select_strategy;
    std::optional<int> num_additional_image_tokens;
    static constexpr auto fields() {
        using O = LlavaNextOptions;
        return std::tuple_cat(
            common_fields<O>(),
            std::make_tuple(OptionField<O, Resolutions>{"image_grid_pinpoints", &O::image_grid_pinpoints},
                            OptionField<O, int>{"patch_size", &O::patch_size},
                            OptionField<O, std::string>{"vision_feature_select_strategy", &O::vision_feature_select_strategy},
                            OptionField<O, int>{"num_additional_image_tokens", &O::num_additional_image_tokens}));
    }
    friend bool operator==(const LlavaNextOptions&, const LlavaNextOptions&) = default;
};

struct LlavaNextModel {
    using options_type = LlavaNextOptions;
    static constexpr std::string_view class_name = "LlavaNextImageProcessor";
    static options_type defaults() {
        options_type o{};
        static_cast<CommonOptions&>(o) = ClipModel::defaults();
        o.do_pad = true;
        o.image_grid_pinpoints = Resolutions{{336, 672}, {672, 336}, {672, 672}, {1008, 336}, {336, 1008}};
        return o;
    }

    // The views of one image: [global] + tiles of the padded best-fit resize.
    template <class B> static std::vector<WorkingImage> views(const WorkingImage& img, const options_type& o, int base_h,
                                                              int base_w, int tile) {
        const int h = height_of(img), w = width_of(img);
        const auto best = geometry::select_best_resolution(h, w, o.image_grid_pinpoints.value_or(Resolutions{}));
        // Every view is stacked at the global view's base_h x base_w (before any crop): bound
        // the views of one image like one image, before the tiles are cut (a 1-pixel tile
        // would otherwise make millions of views).
        const std::uint64_t grid = std::uint64_t((best.height + tile - 1) / tile) * std::uint64_t((best.width + tile - 1) / tile);
        if (double(grid + 1) * double(base_h) * double(base_w) > double(max_image_pixels()))  // no 64-bit overflow
            throw LimitError("LlavaNextImageProcessor: " + std::to_string(grid + 1) + " views of " + std::to_string(base_h) +
                             "x" + std::to_string(base_w) + " (" + std::to_string(tile) + "-pixel tiles of a " +
                             std::to_string(best.height) + "x" + std::to_string(best.width) +
                             " grid pinpoint) exceed the limit of " + std::to_string(max_image_pixels()) +
                             " pixels per image (pixelprep::set_max_image_pixels)");
        const auto fit = geometry::patch_output_size(h, w, best);
        const WorkingImage resized = op::resize<B>(img, fit, *o.resample);
        std::vector<WorkingImage> out{op::resize<B>(img, {base_h, base_w}, *o.resample)};
        // Zero padding (in uint8 space, before rescaling) centres the fit on the pinpoint:
        // top/left get half the room, bottom/right the rest.
        const WorkingImage padded = op::pad_centered<B>(resized, best.height, best.width);
        // divide_to_patches: row-major tiles; the last row/column may be smaller.
        for (int y = 0; y < best.height; y += tile)
            for (int x = 0; x < best.width; x += tile)
                out.push_back(op::crop<B>(padded, y, x, std::min(tile, best.height - y), std::min(tile, best.width - x)));
        return out;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const SizeSpec& size = *o.size;
        const bool hw = size.height && size.width && *size.height && *size.width;
        const int base_h = hw ? *size.height : size.shortest_edge.value_or(0);
        const int base_w = hw ? *size.width : size.shortest_edge.value_or(0);
        const int tile = (o.crop_size && o.crop_size->height && *o.crop_size->height) ? *o.crop_size->height
                         : (size.height && *size.height)                            ? *size.height
                                                                                    : size.shortest_edge.value_or(0);
        if (base_h <= 0 || tile <= 0)
            throw InvalidArgument("LlavaNextImageProcessor: size " + size.to_string() + " and crop_size give no tile size");
        std::vector<Tensor> per_image;
        xt::xarray<std::int64_t> sizes(std::vector<std::size_t>{images.size(), 2});
        for (std::size_t i = 0; i < images.size(); ++i) {
            sizes(i, 0) = height_of(images[i]);
            sizes(i, 1) = width_of(images[i]);
            std::vector<WorkingImage> v = views<B>(images[i], o, base_h, base_w, tile);
            std::uint64_t view_pixels = 0;  // the processed views of one image, bounded like one image
            for (auto& view : v) {
                if (truthy(o.do_resize)) view = steps::resize<B>(view, size, *o.resample);
                if (truthy(o.do_center_crop)) view = steps::center_crop<B>(view, *o.crop_size);
                view = steps::rescale_normalize<B>(std::move(view), o);
                view_pixels += std::uint64_t(height_of(view)) * std::uint64_t(width_of(view));
                if (view_pixels > max_image_pixels())
                    throw LimitError("LlavaNextImageProcessor: the " + std::to_string(v.size()) +
                                     " processed views of one image exceed the limit of " +
                                     std::to_string(max_image_pixels()) + " pixels per image (pixelprep::set_max_image_pixels)");
            }
            per_image.push_back(steps::pixel_values(std::move(v)).stacked("pixel_values"));  // np.array(views)
        }
        if (truthy(o.do_pad)) {  // zero views (normalized space) up to the largest count
            std::size_t most = 0;
            for (const auto& t : per_image) most = std::max(most, tensor_shape(t)[0]);
            for (auto& t : per_image)
                std::visit(
                    [&](auto& a) {
                        auto shape = a.shape();
                        if (shape[0] == most) return;
                        std::vector<std::size_t> padded(shape.begin(), shape.end());
                        padded[0] = most;
                        std::decay_t<decltype(a)> b = xt::zeros<typename std::decay_t<decltype(a)>::value_type>(padded);
                        std::copy(a.begin(), a.end(), b.data());
                        a = std::move(b);
                    },
                    t);
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(per_image));
        out.set_tensor("image_sizes", std::move(sizes));
        return out;
    }

    // LlavaNextProcessor.replace_image_token: _get_number_of_features of the original size and
    // the processed view size (crop_size with do_center_crop, else the resized base view),
    // minus one when vision_feature_select_strategy is "default".
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        if (!o.patch_size)
            throw InvalidArgument("LLaVA-NeXT token count needs the processor's patch_size (LlavaNextProcessor's "
                                  "processor_config.json; give the option patch_size)");
        const SizeSpec& size = *o.size;
        int ph = 0, pw = 0;
        if (truthy(o.do_center_crop) && o.crop_size && o.crop_size->height && o.crop_size->width)
            ph = *o.crop_size->height, pw = *o.crop_size->width;
        else if (size.shortest_edge)
            ph = pw = *size.shortest_edge;
        else if (size.height && size.width)
            ph = *size.height, pw = *size.width;
        const long long n = geometry::llava_next_number_of_features(
            height, width, ph, pw, o.image_grid_pinpoints.value_or(Resolutions{}), *o.patch_size,
            o.num_additional_image_tokens.value_or(0));
        return n - (o.vision_feature_select_strategy.value_or("") == "default" ? 1 : 0);
    }
};

}  // namespace pixelprep
