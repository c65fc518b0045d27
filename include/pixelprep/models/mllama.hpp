// MllamaImageProcessor (models/mllama/image_processing_pil_mllama.py). Nested input (a flat
// list is ONE sample). Per image: the best tiled canvas of at most max_image_tiles tiles,
// resize to fit it (aspect kept), zero padding bottom/right in uint8 space (before
// rescaling) to the whole canvas, rescale, normalize, split into tiles row by row.
// Outputs: pixel_values float32 (B, N, max_image_tiles, C, t, t), zeros where padded;
// aspect_ratio_ids int64 (B, N), 0 for padding; aspect_ratio_mask int64 (B, N, max tiles);
// num_tiles (per-sample lists, a Python list of lists in transformers).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "pixelprep/geometry/tiled_canvas.hpp"
#include "pixelprep/models/common_channels.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct MllamaOptions : CommonOptions {
    std::optional<int> max_image_tiles;
    static constexpr auto fields() {
        using O = MllamaOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"max_image_tiles", &O::max_image_tiles}));
    }
    friend bool operator==(const MllamaOptions&, const MllamaOptions&) = default;
};

struct MllamaModel {
    using options_type = MllamaOptions;
    static constexpr std::string_view class_name = "MllamaImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(224, 224);
        o.do_convert_rgb = o.do_resize = o.do_rescale = o.do_normalize = o.do_pad = true;
        o.max_image_tiles = 4;
        return o;
    }

    // _validate_mllama_preprocess_arguments, with its messages. transformers checks the
    // instance's values (config), not per-call ones; pixelprep checks the merged options, so a
    // per-call do_pad=False is refused instead of silently ignored.
    static void validate(const options_type& o) {
        validate_preprocess_arguments(o);
        if (!truthy(o.do_pad)) throw InvalidArgument("MllamaImageProcessor doesn't support `do_pad=False` mode.");
        if (!truthy(o.do_resize)) throw InvalidArgument("MllamaImageProcessor doesn't support `do_resize=False` mode.");
        geometry::check_max_image_tiles(o.max_image_tiles ? *o.max_image_tiles : 0);
        const SizeSpec& s = *o.size;
        if (!(s.height && s.width && *s.height && *s.width))
            throw InvalidArgument("Argument `size` must be a dictionary with keys 'height' and 'width'. Got: " + s.to_string());
        if (*s.height != *s.width)
            throw InvalidArgument("Argument `size` must have the same height and width, got " + s.to_string());
    }

    template <class B>
    static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> samples, const options_type& o) {
        validate(o);
        const int t = *o.size->height, max_tiles = *o.max_image_tiles;
        if (double(max_tiles) * t * double(t) > double(max_image_pixels()))
            throw LimitError("MllamaImageProcessor: " + std::to_string(max_tiles) + " tiles of " + std::to_string(t) + "x" +
                             std::to_string(t) + " exceed the limit of " + std::to_string(max_image_pixels()) +
                             " pixels per image (pixelprep::set_max_image_pixels)");
        // pack_images: one (B, N, T, C, t, t) array, C from the first image. Each tile is
        // stored at C channels, so an image with other channels is refused here (it wrote
        // past the array, or left channels out).
        const std::size_t ch = common_channel_count(samples, "MllamaImageProcessor", "image");
        std::size_t n = 0;
        for (const auto& s : samples) n = std::max(n, s.size());
        const std::size_t B_ = samples.size(), T = std::size_t(max_tiles), tile_px = std::size_t(t) * std::size_t(t);
        Array<float> pv = output_array<float>({B_, n, T, ch, std::size_t(t), std::size_t(t)});
        Array<std::int64_t> ids = xt::zeros<std::int64_t>(std::vector<std::size_t>{B_, n});
        Array<std::int64_t> mask = xt::zeros<std::int64_t>(std::vector<std::size_t>{B_, n, T});
        std::vector<Tensor> num_tiles;
        const std::size_t slot = ch * tile_px;
        std::deque<plan::ImagePlan> plans;  // stable addresses for the jobs
        std::vector<plan::Job> jobs;
        for (std::size_t i = 0; i < B_; ++i) {
            Array<std::int64_t> nt(std::vector<std::size_t>{samples[i].size()});
            for (std::size_t j = 0; j < n; ++j) mask(i, j, 0) = 1;  // tile 0 is always valid, padding included
            for (std::size_t j = 0; j < n; ++j) {
                float* image_slots = pv.data() + (i * n + j) * T * slot;
                if (j >= samples[i].size()) {  // a padding image: every tile 0
                    std::fill_n(image_slots, T * slot, 0.0f);
                    continue;
                }
                const int h = height_of(samples[i][j]), w = width_of(samples[i][j]);
                const auto canvas = geometry::optimal_tiled_canvas(h, w, max_tiles, t);
                const int rows = canvas.height / t, cols = canvas.width / t;
                // The plan: the fit resize, zero-padded bottom/right to the canvas (before the
                // rescale, so the padding is normalized like pixels), cut into tiles r * cols + c.
                plan::ImagePlan& p = plans.emplace_back();
                const int padded = p.derive(-1, geometry::image_size_fit_to_canvas(h, w, canvas.height, canvas.width, t),
                                            o.resample, {0, 0, canvas.height, canvas.width});
                for (int r = 0; r < rows; ++r)
                    for (int c = 0; c < cols; ++c)
                        p.views.push_back({p.derive(padded, canvas, std::nullopt, {r * t, c * t, t, t}),
                                           plan::ChannelsFirst{std::size_t(r * cols + c) * slot, t, t}});
                jobs.push_back({&samples[i][j], &p, image_slots});
                std::fill(image_slots + std::size_t(rows * cols) * slot, image_slots + T * slot, 0.0f);  // unused tiles
                ids(i, j) = geometry::aspect_ratio_id(rows, cols, max_tiles);
                for (int k = 0; k < rows * cols; ++k) mask(i, j, std::size_t(k)) = 1;
                nt(j) = rows * cols;
            }
            num_tiles.push_back(std::move(nt));
        }
        op::execute_plans<B>(jobs, o);
        BatchFeature out;
        out.set_tensor("pixel_values", std::move(pv));
        out.set_tensor("aspect_ratio_ids", std::move(ids));
        out.set_tensor("aspect_ratio_mask", std::move(mask));
        out.set_int_lists("num_tiles", std::move(num_tiles));
        return out;
    }

    // MllamaProcessor puts one <|image|> token in the text per image (the tiles are seen
    // through the cross-attention mask, not as text tokens).
    static std::int64_t image_token_count(int, int, const options_type& o) {
        validate(o);
        return 1;
    }
};

}  // namespace pixelprep
