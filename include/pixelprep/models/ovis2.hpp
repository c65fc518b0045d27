// Ovis2ImageProcessor (models/ovis2/image_processing_pil_ovis2.py): with crop_to_patches
// false (its default) the generic pipeline at 384x384 bicubic with CLIP statistics, and
// grids = [1, 1] per image (int64). With crop_to_patches (and max_patches > 1) each image is
// cut as GOT-OCR2's, on the covering-area grid (geometry/covering_area_grid.hpp) unless
// use_covering_area_grid is false, with the thumbnail FIRST; every patch then takes the
// standard resize / center crop / rescale / normalize. grids holds [rows, columns] per image.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/geometry/covering_area_grid.hpp"
#include "pixelprep/geometry/tile_windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/got_ocr2.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct Ovis2Options : GotOcr2Options {
    std::optional<bool> use_covering_area_grid;
    static constexpr auto fields() {
        using O = Ovis2Options;
        return concat_fields(got_ocr2_fields<O>(),
                              make_fields(OptionField<O, bool>{"use_covering_area_grid", &O::use_covering_area_grid}));
    }
    friend bool operator==(const Ovis2Options&, const Ovis2Options&) = default;
};

struct Ovis2Model {
    using options_type = Ovis2Options;
    static constexpr std::string_view class_name = "Ovis2ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(384, 384);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = o.use_covering_area_grid = true;
        o.crop_to_patches = false;
        o.min_patches = 1;
        o.max_patches = 12;
        return o;
    }
    static bool tiles(const options_type& o) { return truthy(o.crop_to_patches) && o.max_patches.value_or(0) > 1; }

    // The (columns, rows) grid crop_image_to_patches uses: the covering-area grid, or with
    // use_covering_area_grid false GOT-OCR2's closest aspect ratio.
    static geometry::TileGrid grid(int height, int width, const options_type& o) {
        const geometry::HeightWidth tile = patch_tile_size(*o.size, class_name);
        if (truthy(o.use_covering_area_grid)) return geometry::covering_area_grid(height, width, tile.height, *o.max_patches);
        if (!o.min_patches) throw InvalidArgument("Ovis2ImageProcessor: key 'min_patches': None cannot bound a tile count");
        return geometry::closest_aspect_grid(height, width, *o.min_patches, *o.max_patches, tile.height, tile.width);
    }

    // One plan per patch: with crop_to_patches the thumbnail (when there is more than one
    // tile) and then the tiles of the canvas resize, row by row; each patch then takes the
    // standard steps (resize to size -- Pillow's copy for a uint8 tile of that size -- and
    // the center crop).
    static std::vector<plan::ImagePlan> patch_plans(const WorkingImage& img, const options_type& o,
                                                    Array<std::int64_t>& grids, std::size_t index) {
        const int h = height_of(img), w = width_of(img);
        std::vector<plan::ImagePlan> plans;
        const auto patch = [&](geometry::HeightWidth to, std::optional<Resample> filter, geometry::CropWindow window) {
            plan::ImagePlan p;
            int v = p.derive(-1, to, filter, window);
            geometry::HeightWidth size{window.height, window.width};
            if (truthy(o.do_resize)) {
                const geometry::HeightWidth resized = geometry::resize_output_size(size.height, size.width, *o.size);
                v = p.derive(v, resized, o.resample, plan::ImagePlan::whole(resized));
                size = resized;
            }
            if (truthy(o.do_center_crop)) v = p.derive_center_crop(v, size, steps::crop_size_of(*o.crop_size));
            p.views.push_back({v, plan::ChannelsFirst{0, size.height, size.width}});
            plans.push_back(std::move(p));
        };
        grids(index, 0) = grids(index, 1) = 1;
        if (!tiles(o)) {
            patch({h, w}, std::nullopt, plan::ImagePlan::whole({h, w}));
            return plans;
        }
        const geometry::TileGrid g = grid(h, w, o);
        const geometry::HeightWidth tile{*o.size->height, *o.size->width};
        check_patch_pixels(std::uint64_t(g.columns) * std::uint64_t(g.rows) + 1, tile, class_name);
        if (g.rows * g.columns != 1) patch(tile, o.resample, plan::ImagePlan::whole(tile));  // the thumbnail, first
        const geometry::CanvasTiles tiled = geometry::canvas_tile_windows(g, tile);
        for (const geometry::CropWindow& window : tiled.windows) patch(tiled.canvas, o.resample, window);
        grids(index, 0) = g.rows;
        grids(index, 1) = g.columns;
        return plans;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        o.do_pad = false;  // not a step of its _preprocess
        if (!tiles(o)) {
            const std::size_t n = images.size();
            BatchFeature out = GenericRecipe::run<B>(std::move(images), o);
            Array<std::int64_t> grids = xt::ones<std::int64_t>(std::vector<std::size_t>{n, 2});
            out.set_tensor("grids", std::move(grids));
            return out;
        }
        std::vector<plan::ImagePlan> plans;
        std::vector<std::size_t> image_of;
        Array<std::int64_t> grids(std::vector<std::size_t>{images.size(), 2});
        for (std::size_t i = 0; i < images.size(); ++i)
            for (auto& p : patch_plans(images[i], o, grids, i)) {
                plans.push_back(std::move(p));
                image_of.push_back(i);
            }
        BatchFeature out = generic::run_one_view_plans<B>(images, plans, o, image_of);
        out.set_tensor("grids", std::move(grids));
        return out;
    }
};

}  // namespace pixelprep
