// DeepseekOcr2ImageProcessor (models/deepseek_ocr2/image_processing_pil_deepseek_ocr2.py).
// Per image, in transformers' order:
//  - local tiles, when crop_to_patches and the longer side is above tile_size: GOT-OCR2's
//    closest-aspect grid (geometry/closest_aspect_grid.hpp) between min_patches and
//    max_patches of tile_size squares; the image resized to the grid's canvas and cut row by
//    row (no thumbnail), each tile rescaled and normalized;
//  - the global view: the longer side scaled to size.height (tile_size without
//    crop_to_patches), each side Python-rounded, then padded to a centred square in
//    background_color (before rescale, in the image's own values), rescaled and normalized.
// do_resize is not read: both resizes always run.
// Outputs: pixel_values (one (C, S, S) global view per image), num_local_patches (int64 per
// image) and, only when some image has tiles, pixel_values_local (one (C, T, T) per tile).
// Every view is a plan: a tile is a window of the canvas resize, the global view a window
// (with the background outside) of the global resize.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/geometry/closest_aspect_grid.hpp"
#include "pixelprep/geometry/tile_windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/got_ocr2.hpp"
#include "pixelprep/models/mean_color.hpp"

namespace pixelprep {

struct DeepseekOcr2Options : CommonOptions {
    std::optional<bool> crop_to_patches;
    std::optional<int> min_patches;
    std::optional<int> max_patches;
    std::optional<int> tile_size;
    std::optional<ChannelValues> background_color;
    static constexpr auto fields() {
        using O = DeepseekOcr2Options;
        return concat_fields(got_ocr2_fields<O>(),
                              make_fields(OptionField<O, int>{"tile_size", &O::tile_size},
                                              OptionField<O, ChannelValues>{"background_color", &O::background_color}));
    }
    friend bool operator==(const DeepseekOcr2Options&, const DeepseekOcr2Options&) = default;
};

struct DeepseekOcr2Model {
    using options_type = DeepseekOcr2Options;
    static constexpr std::string_view class_name = "DeepseekOcr2ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(1024, 1024);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.crop_to_patches = true;
        o.min_patches = 2;
        o.max_patches = 6;
        o.tile_size = 768;
        o.background_color = ChannelValues{{127, 127, 127}, false, {true, true, true}};
        return o;
    }

    static int tile_side(const options_type& o) {
        const int t = o.tile_size.value_or(0);
        if (t <= 0)
            throw InvalidArgument("DeepseekOcr2ImageProcessor: key 'tile_size': " + std::to_string(t) +
                                  " cannot size a tile (it must be a positive number of pixels)");
        return t;
    }

    // Whether an image of this size is cut into local tiles.
    static bool has_tiles(int height, int width, const options_type& o) {
        return truthy(o.crop_to_patches) && std::max(height, width) > tile_side(o);
    }

    // get_optimal_tiled_canvas((h, w), (tile, tile), min_patches, max_patches).
    static geometry::TileGrid grid(int height, int width, const options_type& o) {
        if (!o.min_patches || !o.max_patches)
            throw InvalidArgument("DeepseekOcr2ImageProcessor: keys 'min_patches' and 'max_patches' must be numbers");
        const int t = tile_side(o);
        return geometry::closest_aspect_grid(height, width, *o.min_patches, *o.max_patches, t, t);
    }

    // The tiles an image gives: its grid's, or none (num_local_patches).
    static std::int64_t local_patches(int height, int width, const options_type& o) {
        if (!has_tiles(height, width, o)) return 0;
        const geometry::TileGrid g = grid(height, width, o);
        return std::int64_t(g.columns) * g.rows;
    }

    // The global view's resize: the longer side to size.height (tile_size without
    // crop_to_patches), each side round(side * scale) in Python's float arithmetic.
    static geometry::HeightWidth global_size(int height, int width, const options_type& o) {
        int target = 0;
        if (truthy(o.crop_to_patches)) {
            if (!o.size || !o.size->height)
                throw InvalidArgument("DeepseekOcr2ImageProcessor: key 'size': the global view's side is size's height; got " +
                                      (o.size ? o.size->to_string() : std::string("None")));
            target = *o.size->height;
        } else {
            target = tile_side(o);
        }
        const geometry::HeightWidth out = geometry::longer_side_scaled_to(height, width, target, "DeepSeek-OCR-2 resize");
        if (out.height <= 0 || out.width <= 0)
            throw InvalidArgument("DeepseekOcr2ImageProcessor: a " + std::to_string(height) + "x" + std::to_string(width) +
                                  " image resizes to " + std::to_string(out.height) + "x" + std::to_string(out.width) +
                                  " for its global view (Pillow refuses sizes below 1)");
        return out;
    }

    // background_color as pad_to_square takes it: a bare int fills channel 0 only, a list
    // must give one value per channel. Values are uint8 pixel values here (the pad runs on
    // the resized image before rescale); others are refused, not wrapped.
    static std::vector<long long> background(const options_type& o, int channels) {
        if (!o.background_color)
            throw InvalidArgument("DeepseekOcr2ImageProcessor: key 'background_color': None cannot fill the pad");
        std::vector<long long> color;
        for (double v : o.background_color->values) {
            if (!(v >= 0 && v <= 255) || v != std::floor(v))
                throw InvalidArgument("DeepseekOcr2ImageProcessor: key 'background_color': value " + python_float_repr(v) +
                                      " is not a pixel value (an integer 0..255)");
            color.push_back(static_cast<long long>(v));
        }
        if (o.background_color->scalar) return color;
        return color_for_channels(color, channels);
    }

    static plan::ImagePlan global_plan(const WorkingImage& img, const options_type& o) {
        plan::ImagePlan p;
        const geometry::HeightWidth size = global_size(height_of(img), width_of(img), o);
        int v = p.derive(-1, size, o.resample, plan::ImagePlan::whole(size));
        if (size.height != size.width)
            v = p.derive(v, size, std::nullopt, geometry::centered_square_window(size), background(o, channels_of(img)));
        p.views.push_back({v, plan::ChannelsFirst{0, p.size_of(v).height, p.size_of(v).width}});
        return p;
    }

    // One plan per tile, row by row: a window of the canvas resize.
    static std::vector<plan::ImagePlan> tile_plans(const WorkingImage& img, const options_type& o) {
        std::vector<plan::ImagePlan> plans;
        const int h = height_of(img), w = width_of(img);
        if (!has_tiles(h, w, o)) return plans;
        const geometry::TileGrid g = grid(h, w, o);
        const int t = tile_side(o);
        check_patch_pixels(std::uint64_t(g.columns) * std::uint64_t(g.rows), {t, t}, class_name);
        const geometry::CanvasTiles tiled = geometry::canvas_tile_windows(g, {t, t});
        for (const geometry::CropWindow& window : tiled.windows)
            plans.push_back(generic::window_plan(tiled.canvas, o.resample, window));
        return plans;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        std::vector<plan::ImagePlan> globals, tiles;
        std::vector<std::size_t> tile_image;
        Array<std::int64_t> num_local(std::vector<std::size_t>{images.size()});
        for (std::size_t i = 0; i < images.size(); ++i) {
            std::vector<plan::ImagePlan> mine = tile_plans(images[i], o);
            num_local(i) = std::int64_t(mine.size());
            for (auto& p : mine) {
                tiles.push_back(std::move(p));
                tile_image.push_back(i);
            }
            globals.push_back(global_plan(images[i], o));
        }
        BatchFeature out = generic::run_one_view_plans<B>(images, globals, o);
        out.set_tensor("num_local_patches", std::move(num_local));
        if (!tiles.empty())
            out.set("pixel_values_local", generic::run_one_view_plans<B>(images, tiles, o, tile_image).take("pixel_values"));
        return out;
    }

    // DeepseekOcr2Processor.replace_image_token: ceil(size.height / patch / downsample)^2
    // global queries, ceil(tile_size / patch / downsample)^2 per tile, and one separator.
    // patch_size (16) and downsample_ratio (4) belong to the processor, not to this class.
    static std::int64_t image_token_count(int height, int width, const options_type& o, int patch_size = 16,
                                          int downsample_ratio = 4) {
        if (!o.size || !o.size->height)
            throw InvalidArgument("DeepseekOcr2ImageProcessor: key 'size': the token count reads size's height");
        const auto queries = [&](int side) {
            const auto q = std::int64_t(std::ceil(double(side) / patch_size / downsample_ratio));
            return q * q;
        };
        return queries(*o.size->height) + queries(tile_side(o)) * local_patches(height, width, o) + 1;
    }
};

}  // namespace pixelprep
