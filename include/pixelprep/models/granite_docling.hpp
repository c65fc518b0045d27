// GraniteDoclingImageProcessor (models/granite_docling/image_processing_pil_granite_docling.py).
// Nested batches (make_nested_list_of_images: a flat list is one sample). Per page:
//  - its tile budget: max_patches, or dense_max_patches when the "spread" rule selects the
//    page (under-resolved at max_patches and wide enough), or 1 without crop_to_patches;
//  - GOT-OCR2's closest-aspect grid of size tiles with each side at most 16
//    (geometry/closest_aspect_grid.hpp), from min(min_patches, budget) to the budget; the
//    page resized to the grid's canvas and cut row by row, plus, when there is more than one
//    tile, the page resized to one tile as a thumbnail. Each tile rescaled and normalized.
// Outputs: pixel_values float32 (samples, most tiles, 3, H, W), each sample's tiles first and
// zeros after; pixel_attention_mask bool (samples, most tiles), true for a sample's tiles;
// tile_fine_mask bool (samples,), all true, with fine_route; rows and cols, the grid
// (get_tile_grid, from min_patches and the budget) per page of each sample, Python lists.
// Each tile is a plan placed straight into its slot.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/closest_aspect_grid.hpp"
#include "pixelprep/geometry/tile_windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/got_ocr2.hpp"

namespace pixelprep {

struct GraniteDoclingOptions : CommonOptions {
    std::optional<bool> crop_to_patches;
    std::optional<int> min_patches;
    std::optional<int> max_patches;
    std::optional<bool> fine_route;
    std::optional<int> dense_max_patches;
    std::optional<double> dense_max_scale;
    std::optional<double> dense_min_aspect;
    std::optional<double> dense_max_aspect;
    static constexpr auto fields() {
        using O = GraniteDoclingOptions;
        return concat_fields(got_ocr2_fields<O>(),
                              make_fields(OptionField<O, bool>{"fine_route", &O::fine_route},
                                              OptionField<O, int>{"dense_max_patches", &O::dense_max_patches},
                                              OptionField<O, double>{"dense_max_scale", &O::dense_max_scale},
                                              OptionField<O, double>{"dense_min_aspect", &O::dense_min_aspect},
                                              OptionField<O, double>{"dense_max_aspect", &O::dense_max_aspect}));
    }
    friend bool operator==(const GraniteDoclingOptions&, const GraniteDoclingOptions&) = default;
};

struct GraniteDoclingModel {
    using options_type = GraniteDoclingOptions;
    static constexpr std::string_view class_name = "GraniteDoclingImageProcessor";
    // get_all_supported_aspect_ratios: each side of a grid at most this many tiles.
    static constexpr int max_grid_side = 16;

    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(512, 512);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.crop_to_patches = true;
        o.min_patches = 1;
        o.max_patches = 32;
        o.fine_route = false;
        o.dense_max_patches = 0;
        o.dense_max_scale = o.dense_min_aspect = o.dense_max_aspect = 0.0;
        return o;
    }

    static geometry::HeightWidth tile(const options_type& o) { return patch_tile_size(*o.size, class_name); }
    static int min_patches(const options_type& o) {
        if (!o.min_patches) throw InvalidArgument("GraniteDoclingImageProcessor: key 'min_patches': None cannot bound a tile count");
        return *o.min_patches;
    }
    static geometry::TileGrid grid(int height, int width, int min_tiles, int max_tiles, const options_type& o) {
        const geometry::HeightWidth t = tile(o);
        return geometry::closest_aspect_grid(height, width, min_tiles, max_tiles, t.height, t.width, std::min(max_tiles, max_grid_side));
    }

    // get_page_max_patches / get_tile_budget: the most tiles this page may be cut into.
    static int page_max_patches(int height, int width, const options_type& o) {
        const int max_tiles = o.max_patches.value_or(0);
        if (!truthy(o.crop_to_patches) || max_tiles <= 1) return 1;
        const int dense = o.dense_max_patches.value_or(0);
        const double max_scale = o.dense_max_scale.value_or(0.0), min_aspect = o.dense_min_aspect.value_or(0.0),
                     max_aspect = o.dense_max_aspect.value_or(0.0);
        if (dense == 0 || (max_scale <= 0 && min_aspect <= 0)) return max_tiles;
        const double aspect = double(width) / double(height);
        if (min_aspect > 0 && !(aspect > min_aspect)) return max_tiles;
        if (max_aspect > 0 && aspect > max_aspect) return max_tiles;
        if (max_scale > 0) {
            const geometry::TileGrid g = grid(height, width, min_patches(o), max_tiles, o);
            if (!(double(g.columns) * double(tile(o).width) / double(width) < max_scale)) return max_tiles;
        }
        return dense;
    }

    // get_tile_grid: the (rows, columns) the processor's prompt describes, from the page's
    // budget (page_max_patches).
    static geometry::TileGrid tile_grid(int height, int width, const options_type& o, int budget) {
        if (budget <= 1) return {1, 1};
        return grid(height, width, min_patches(o), budget, o);
    }
    static geometry::TileGrid tile_grid(int height, int width, const options_type& o) {
        return tile_grid(height, width, o, page_max_patches(height, width, o));
    }

    // The tiles a page is cut into (crop_image_to_patches, from min(min_patches, budget)).
    static geometry::TileGrid crop_grid(int height, int width, const options_type& o, int budget) {
        return grid(height, width, std::min(min_patches(o), budget), budget, o);
    }
    static geometry::TileGrid crop_grid(int height, int width, const options_type& o) {
        return crop_grid(height, width, o, page_max_patches(height, width, o));
    }

    // get_number_of_image_patches: tiles plus the thumbnail when there is more than one.
    static std::int64_t number_of_patches(int height, int width, const options_type& o) {
        const geometry::TileGrid g = tile_grid(height, width, o);
        const std::int64_t n = std::int64_t(g.rows) * g.columns;
        return n > 1 ? n + 1 : 1;
    }
    // GraniteDoclingProcessor: image_seq_len tokens per tile (four times that on the fine
    // route), over the grid's tiles and the thumbnail. image_seq_len (64) belongs to the
    // processor, not to this class.
    static std::int64_t image_token_count(int height, int width, const options_type& o, int image_seq_len = 64) {
        return std::int64_t(image_seq_len) * (truthy(o.fine_route) ? 4 : 1) * number_of_patches(height, width, o);
    }

    // One plan per tile of a page, in transformers' order (tiles row by row, the thumbnail).
    static std::vector<plan::ImagePlan> page_plans(const WorkingImage& img, const options_type& o, int budget) {
        const geometry::HeightWidth t = tile(o);
        const geometry::TileGrid g = crop_grid(height_of(img), width_of(img), o, budget);
        check_patch_pixels(std::uint64_t(g.columns) * std::uint64_t(g.rows) + 1, t, class_name);
        std::vector<plan::ImagePlan> plans;
        const geometry::CanvasTiles tiled = geometry::canvas_tile_windows(g, t);
        for (const geometry::CropWindow& window : tiled.windows)
            plans.push_back(generic::window_plan(tiled.canvas, o.resample, window));
        if (g.rows * g.columns != 1) plans.push_back(generic::window_plan(t, o.resample, plan::ImagePlan::whole(t)));
        return plans;
    }

    template <class B>
    static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> samples, const options_type& o) {
        const geometry::HeightWidth t = tile(o);
        std::vector<std::vector<plan::ImagePlan>> plans(samples.size());
        std::vector<std::vector<std::size_t>> page_of(samples.size());  // the page each tile plan reads
        std::vector<Tensor> rows, cols;
        std::size_t most = 0;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            Array<std::int64_t> r(std::vector<std::size_t>{samples[i].size()}), c(std::vector<std::size_t>{samples[i].size()});
            for (std::size_t k = 0; k < samples[i].size(); ++k) {
                const WorkingImage& img = samples[i][k];
                // _pad_for_batching stacks the tiles into 3 channels.
                if (channels_of(img) != 3)
                    throw ImageError("GraniteDoclingImageProcessor: image " + std::to_string(k) + " of sample " +
                                     std::to_string(i) + " has " + std::to_string(channels_of(img)) +
                                     " channels; its tiles are stacked into 3 (give RGB, or keep do_convert_rgb)");
                const int budget = page_max_patches(height_of(img), width_of(img), o);
                const geometry::TileGrid g = tile_grid(height_of(img), width_of(img), o, budget);
                r(k) = g.rows;
                c(k) = g.columns;
                for (auto& p : page_plans(img, o, budget)) {
                    plans[i].push_back(std::move(p));
                    page_of[i].push_back(k);
                }
            }
            most = std::max(most, plans[i].size());
            rows.push_back(std::move(r));
            cols.push_back(std::move(c));
        }
        const std::size_t H = std::size_t(t.height), W = std::size_t(t.width), slot = 3 * H * W;
        Array<float> pv = output_array<float>({samples.size(), most, 3, H, W});
        Array<bool> mask = output_array<bool>({samples.size(), most});
        std::vector<plan::Job> jobs;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            const std::size_t j = plans[i].size();
            for (std::size_t n = 0; n < j; ++n) {
                plan::ImagePlan& p = plans[i][n];
                p.views.front().placement = plan::ChannelsFirst{(i * most + n) * slot, t.height, t.width};
                jobs.push_back({&samples[i][page_of[i][n]], &p, pv.data()});
            }
            for (std::size_t n = 0; n < most; ++n) mask(i, n) = n < j;
            std::fill(pv.data() + (i * most + j) * slot, pv.data() + (i + 1) * most * slot, 0.0f);
        }
        op::execute_plans<B>(jobs, o);
        BatchFeature out;
        out.set_tensor("pixel_values", std::move(pv));
        out.set_tensor("pixel_attention_mask", std::move(mask));
        if (truthy(o.fine_route)) {
            Array<bool> fine = output_array<bool>({samples.size()});
            std::fill(fine.data(), fine.data() + samples.size(), true);
            out.set_tensor("tile_fine_mask", std::move(fine));
        }
        out.set_int_lists("rows", std::move(rows));
        out.set_int_lists("cols", std::move(cols));
        return out;
    }
};

}  // namespace pixelprep
