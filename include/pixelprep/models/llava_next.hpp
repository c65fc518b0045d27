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
#include <vector>

#include "pixelprep/geometry/anyres.hpp"
#include "pixelprep/geometry/llava_next_tokens.hpp"
#include "pixelprep/geometry/tile_windows.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/models/clip.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
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
    static constexpr auto fields();
    friend bool operator==(const LlavaNextOptions&, const LlavaNextOptions&) = default;
};

// The fields for any option struct O deriving from LlavaNextOptions.
template <class O> constexpr auto llava_next_fields() {
    return concat_fields(
        common_fields<O>(),
        make_fields(OptionField<O, Resolutions>{"image_grid_pinpoints", &O::image_grid_pinpoints},
                        OptionField<O, int>{"patch_size", &O::patch_size},
                        OptionField<O, std::string>{"vision_feature_select_strategy", &O::vision_feature_select_strategy},
                        OptionField<O, int>{"num_additional_image_tokens", &O::num_additional_image_tokens}));
}
constexpr auto LlavaNextOptions::fields() { return llava_next_fields<LlavaNextOptions>(); }

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

    // The steps every view then takes: resize to `size`, center crop. Returns the view's image.
    static int view_steps(plan::ImagePlan& p, int v, const options_type& o) {
        if (truthy(o.do_resize)) {
            const auto size = geometry::resize_output_size(p.size_of(v).height, p.size_of(v).width, *o.size);
            v = p.derive(v, size, o.resample, plan::ImagePlan::whole(size));
        }
        if (truthy(o.do_center_crop)) {
            const SizeSpec& crop = *o.crop_size;
            if (!crop.height || !crop.width)
                throw InvalidArgument("The size dictionary must have keys 'height' and 'width'. Got " + crop.to_string());
            const auto in = p.size_of(v);
            v = p.derive(v, in, std::nullopt, geometry::center_crop_window(in.height, in.width, *crop.height, *crop.width));
        }
        return v;
    }

    // The plan of one image: views [global] + tiles of the padded best-fit resize, each then
    // through the CLIP steps (resize to `size`, center crop). Geometry only; every error of
    // the steps is raised here, before any pixel moves.
    static plan::ImagePlan image_plan(int h, int w, const options_type& o, int base_h, int base_w, int tile) {
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
        plan::ImagePlan p;
        std::vector<int> views{p.derive(-1, {base_h, base_w}, o.resample, plan::ImagePlan::whole({base_h, base_w}))};
        // Zero padding (in uint8 space, before rescaling) centres the fit on the pinpoint:
        // top/left get half the room, bottom/right the rest.
        const int padded = p.derive(-1, fit, o.resample, geometry::centered_window(fit, best));
        // divide_to_patches: row-major tiles; the last row/column may be smaller.
        for (const geometry::CropWindow& window : geometry::divide_to_patches_windows(best, tile, tile))
            views.push_back(p.derive(padded, best, std::nullopt, window));
        std::uint64_t view_pixels = 0;  // the processed views of one image, bounded like one image
        for (int v : views) {
            v = view_steps(p, v, o);
            view_pixels += std::uint64_t(p.size_of(v).height) * std::uint64_t(p.size_of(v).width);
            if (view_pixels > max_image_pixels())
                throw LimitError("LlavaNextImageProcessor: the " + std::to_string(views.size()) +
                                 " processed views of one image exceed the limit of " +
                                 std::to_string(max_image_pixels()) + " pixels per image (pixelprep::set_max_image_pixels)");
            p.views.push_back({v, {}});
        }
        return p;
    }

    // The base view's size and the tile size, as _preprocess derives them from size and crop_size.
    struct BaseAndTile {
        int base_h, base_w, tile;
    };
    static BaseAndTile base_and_tile(const options_type& o, std::string_view who) {
        const SizeSpec& size = *o.size;
        const bool hw = size.height && size.width && *size.height && *size.width;
        const int base_h = hw ? *size.height : size.shortest_edge.value_or(0);
        const int base_w = hw ? *size.width : size.shortest_edge.value_or(0);
        const int tile = (o.crop_size && o.crop_size->height && *o.crop_size->height) ? *o.crop_size->height
                         : (size.height && *size.height)                            ? *size.height
                                                                                    : size.shortest_edge.value_or(0);
        if (base_h <= 0 || tile <= 0)
            throw InvalidArgument(std::string(who) + ": size " + size.to_string() + " and crop_size give no tile size");
        return {base_h, base_w, tile};
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const BaseAndTile bt = base_and_tile(o, class_name);
        std::vector<plan::ImagePlan> plans;
        for (const auto& img : images)
            plans.push_back(image_plan(height_of(img), width_of(img), o, bt.base_h, bt.base_w, bt.tile));
        return run_plans<B>(images, plans, o);
    }

    // Per image, one (views, C, H, W) array (np.array(views)), padded with zero views to the
    // batch's most when do_pad, and image_sizes (the original height, width). A float32 result
    // is written by the plan straight into it; a uint8 one (no rescale, no normalize) is
    // stacked from the views.
    template <class B>
    static BatchFeature run_plans(std::vector<WorkingImage>& images, std::vector<plan::ImagePlan>& plans,
                                  const options_type& o) {
        Array<std::int64_t> sizes(std::vector<std::size_t>{images.size(), 2});
        std::size_t most = 0;
        for (std::size_t i = 0; i < images.size(); ++i) {
            sizes(i, 0) = height_of(images[i]);
            sizes(i, 1) = width_of(images[i]);
            most = std::max(most, plans[i].views.size());
        }
        std::vector<Tensor> per_image;
        const bool to_float = truthy(o.do_rescale) || truthy(o.do_normalize);
        std::vector<Array<float>> arrays(to_float ? images.size() : 0);
        std::vector<plan::Job> jobs;
        for (std::size_t i = 0; i < images.size(); ++i) {
            plan::ImagePlan& p = plans[i];
            const std::size_t n = truthy(o.do_pad) ? most : p.views.size();
            if (!to_float) {  // views in the dtype the steps give them, stacked, then zero views
                std::vector<WorkingImage> views = op::execute_views<B>(images[i], p, o);
                Tensor stacked = steps::pixel_values(std::move(views)).stacked("pixel_values");
                per_image.push_back(std::visit([&](auto& a) -> Tensor {
                    using T = typename std::decay_t<decltype(a)>::value_type;
                    if (a.shape()[0] >= n) return std::move(a);
                    std::vector<std::size_t> shape(a.shape().begin(), a.shape().end());
                    shape[0] = n;
                    Array<T> b = xt::zeros<T>(shape);
                    std::copy(a.begin(), a.end(), b.data());
                    return b;
                }, stacked));
                continue;
            }
            // np.array(views) needs one view shape.
            const auto first = p.size_of(p.views.front().image);
            const std::size_t ch = std::size_t(channels_of(images[i]));
            for (const auto& v : p.views)
                if (p.size_of(v.image).height != first.height || p.size_of(v.image).width != first.width)
                    throw InvalidArgument("BatchFeature: cannot stack 'pixel_values': items have shapes " +
                                          shape_string({ch, std::size_t(first.height), std::size_t(first.width)}) + " and " +
                                          shape_string({ch, std::size_t(p.size_of(v.image).height),
                                                        std::size_t(p.size_of(v.image).width)}) +
                                          " (pad them, or use list())");
            const std::size_t slot = ch * std::size_t(first.height) * std::size_t(first.width);
            Array<float>& a = arrays[i];
            a = output_array<float>({n, ch, std::size_t(first.height), std::size_t(first.width)});
            for (std::size_t k = 0; k < p.views.size(); ++k)
                p.views[k].placement = plan::ChannelsFirst{k * slot, first.height, first.width};
            jobs.push_back({&images[i], &p, a.data()});
            std::fill(a.data() + p.views.size() * slot, a.data() + n * slot, 0.0f);  // zero views
        }
        if (to_float) {
            op::execute_plans<B>(jobs, o);
            for (auto& a : arrays) per_image.push_back(std::move(a));
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
