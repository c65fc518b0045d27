// GotOcr2ImageProcessor (models/got_ocr2/image_processing_pil_got_ocr2.py), also InternVL's,
// Aya Vision's and Qianfan-OCR's. Without crop_to_patches (or with max_patches 1) each image
// is the generic resize, rescale and normalize, one patch. With them, the image's tile grid
// (geometry/closest_aspect_grid.hpp, from its original size) sets a canvas of columns x rows
// tiles of size; the image is resized to that canvas (do_resize is not read on this path)
// and cut into tiles row by row, and when there is more than one tile the image resized
// straight to one tile is added as a thumbnail. Every patch is rescaled and normalized.
// Outputs: pixel_values, one (C, H, W) item per patch, the images' patches in order, and
// num_patches, int64 per image.
//
// Each patch is a plan of its own -- a tile is a window of the canvas resize, so only the
// tile's pixels are computed -- written into its own array.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/geometry/closest_aspect_grid.hpp"
#include "pixelprep/geometry/tile_windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct GotOcr2Options : CommonOptions {
    std::optional<bool> crop_to_patches;
    std::optional<int> min_patches;
    std::optional<int> max_patches;
    static constexpr auto fields();
    friend bool operator==(const GotOcr2Options&, const GotOcr2Options&) = default;
};

// The fields for any option struct O deriving from GotOcr2Options (Ovis2's adds one).
template <class O> constexpr auto got_ocr2_fields() {
    return concat_fields(common_fields<O>(),
                          make_fields(OptionField<O, bool>{"crop_to_patches", &O::crop_to_patches},
                                          OptionField<O, int>{"min_patches", &O::min_patches},
                                          OptionField<O, int>{"max_patches", &O::max_patches}));
}
constexpr auto GotOcr2Options::fields() { return got_ocr2_fields<GotOcr2Options>(); }

// crop_to_patches' tile: size's height and width (GOT-OCR2's and Ovis2's).
inline geometry::HeightWidth patch_tile_size(const SizeSpec& size, std::string_view class_name) {
    if (!size.height || !size.width || *size.height <= 0 || *size.width <= 0)
        throw InvalidArgument(std::string(class_name) + ": crop_to_patches cuts tiles of size's height and width; got size " +
                              size.to_string());
    return {*size.height, *size.width};
}

// All patches of one image (tiles plus the thumbnail) are held to the pixel limit of one image.
inline void check_patch_pixels(std::uint64_t patches, geometry::HeightWidth tile, std::string_view class_name) {
    if (double(patches) * tile.height * tile.width > double(max_image_pixels()))
        throw LimitError(std::string(class_name) + ": " + std::to_string(patches) + " patches of " + std::to_string(tile.height) +
                         "x" + std::to_string(tile.width) + " exceed the limit of " + std::to_string(max_image_pixels()) +
                         " pixels per image (pixelprep::set_max_image_pixels)");
}

struct GotOcr2Model {
    using options_type = GotOcr2Options;
    static constexpr std::string_view class_name = "GotOcr2ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(384, 384);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.crop_to_patches = false;
        o.min_patches = 1;
        o.max_patches = 12;
        return o;
    }

    static bool tiles(const options_type& o) { return truthy(o.crop_to_patches) && o.max_patches.value_or(0) > 1; }

    // The tile grid of an image where the options tile it.
    static geometry::TileGrid grid(int height, int width, const options_type& o) {
        const geometry::HeightWidth tile = patch_tile_size(*o.size, class_name);
        if (!o.min_patches) throw InvalidArgument("GotOcr2ImageProcessor: key 'min_patches': None cannot bound a tile count");
        return geometry::closest_aspect_grid(height, width, *o.min_patches, *o.max_patches, tile.height, tile.width);
    }

    // get_number_of_image_patches: the patches an image gives (tiles plus the thumbnail).
    static std::int64_t number_of_patches(int height, int width, const options_type& o) {
        if (!tiles(o)) return 1;
        const geometry::TileGrid g = grid(height, width, o);
        const std::int64_t n = std::int64_t(g.columns) * g.rows;
        return n > 1 ? n + 1 : 1;
    }

    // One plan per patch of an image, in transformers' order.
    static std::vector<plan::ImagePlan> patch_plans(const WorkingImage& img, const options_type& o) {
        const int h = height_of(img), w = width_of(img);
        std::vector<plan::ImagePlan> plans;
        if (!tiles(o)) {
            geometry::HeightWidth size{h, w};
            if (truthy(o.do_resize)) size = geometry::resize_output_size(h, w, *o.size);
            plans.push_back(generic::window_plan(size, truthy(o.do_resize) ? o.resample : std::nullopt,
                                                 plan::ImagePlan::whole(size)));
            return plans;
        }
        const geometry::TileGrid g = grid(h, w, o);
        const geometry::HeightWidth tile{*o.size->height, *o.size->width};
        check_patch_pixels(std::uint64_t(g.columns) * std::uint64_t(g.rows) + 1, tile, class_name);
        const geometry::CanvasTiles tiled = geometry::canvas_tile_windows(g, tile);
        for (const geometry::CropWindow& window : tiled.windows)
            plans.push_back(generic::window_plan(tiled.canvas, o.resample, window));
        if (g.rows * g.columns != 1) plans.push_back(generic::window_plan(tile, o.resample, plan::ImagePlan::whole(tile)));
        return plans;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        std::vector<plan::ImagePlan> plans;
        std::vector<std::size_t> image_of;
        Array<std::int64_t> num_patches(std::vector<std::size_t>{images.size()});
        for (std::size_t i = 0; i < images.size(); ++i) {
            std::vector<plan::ImagePlan> mine = patch_plans(images[i], o);
            num_patches(i) = std::int64_t(mine.size());
            for (auto& p : mine) {
                plans.push_back(std::move(p));
                image_of.push_back(i);
            }
        }
        BatchFeature out = generic::run_one_view_plans<B>(images, plans, o, image_of);
        out.set_tensor("num_patches", std::move(num_patches));
        return out;
    }
};

}  // namespace pixelprep
