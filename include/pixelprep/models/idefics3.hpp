// Idefics3ImageProcessor and SmolVLMImageProcessor (models/idefics3 and models/smolvlm,
// image_processing_pil_*.py: the same code). Nested input (a flat list is ONE sample). Per
// image: LANCZOS resize of the longest edge to size.longest_edge (capped at 4096), a second
// resize to multiples of M = max_image_size.longest_edge, then M x M tiles row by row plus a
// global M x M image; rescale, normalize; frames padded (bottom/right, 0 in normalized
// space) to the batch's largest frame and every sample to the most frames.
// Outputs: pixel_values float32 (B, N, C, H, W), pixel_attention_mask int64 (B, N, H, W),
// rows / cols (per-sample lists, Python lists in transformers) with return_row_col_info.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "pixelprep/geometry/longest_edge_split.hpp"
#include "pixelprep/models/common_channels.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/nested_frames.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/plan/placement.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct Idefics3Options : CommonOptions {
    std::optional<bool> do_image_splitting;
    std::optional<SizeSpec> max_image_size;
    std::optional<bool> return_row_col_info;
    // Processor-level (Idefics3Processor / SmolVLMProcessor `image_seq_len`): only the token
    // count uses it; unset means the processors' default, 169.
    std::optional<int> image_seq_len;
    static constexpr auto fields() {
        using O = Idefics3Options;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, bool>{"do_image_splitting", &O::do_image_splitting},
                                              OptionField<O, SizeSpec>{"max_image_size", &O::max_image_size},
                                              OptionField<O, bool>{"return_row_col_info", &O::return_row_col_info},
                                              OptionField<O, int>{"image_seq_len", &O::image_seq_len}));
    }
    friend bool operator==(const Idefics3Options&, const Idefics3Options&) = default;
};

namespace detail {

// The frames of one image and its split grid, as sizes only (shared by the recipe and the
// token count, so both follow the same rules).
struct Idefics3Plan {
    geometry::HeightWidth first;    // after the `size` resize (the input size without do_resize)
    geometry::HeightWidth encoder;  // after resize_for_vision_encoder (M x M without splitting)
    int rows = 0, cols = 0;
};

inline int idefics3_tile(const Idefics3Options& o) {
    if (!o.max_image_size || !o.max_image_size->longest_edge)  // transformers: KeyError 'longest_edge'
        throw InvalidArgument("max_image_size must be a dictionary with the key 'longest_edge' (KeyError: 'longest_edge'), got " +
                              (o.max_image_size ? o.max_image_size->to_string() : std::string("None")));
    if (*o.max_image_size->longest_edge <= 0)  // transformers: ZeroDivisionError
        throw InvalidArgument("max_image_size['longest_edge'] must be positive, got " +
                              std::to_string(*o.max_image_size->longest_edge) + " (transformers: division by zero)");
    return *o.max_image_size->longest_edge;
}

inline Idefics3Plan idefics3_plan(int h, int w, const Idefics3Options& o) {
    Idefics3Plan p;
    p.first = {h, w};
    if (truthy(o.do_resize)) {
        const SizeSpec& s = *o.size;
        if (s.longest_edge && *s.longest_edge)
            p.first = geometry::idefics3_resize_output_size(h, w, *s.longest_edge);
        else if (s.height && s.width && *s.height && *s.width)
            p.first = {*s.height, *s.width};
        else
            throw InvalidArgument("size must be a dictionary with key 'longest_edge' or 'height' and 'width'.");
    }
    const int tile = idefics3_tile(o);
    if (truthy(o.do_image_splitting)) {
        p.encoder = geometry::resize_for_vision_encoder(p.first.height, p.first.width, tile);
        const auto grid = geometry::split_grid(p.encoder.height, p.encoder.width, tile);
        p.rows = grid.height;
        p.cols = grid.width;
    } else {
        p.encoder = {tile, tile};
    }
    return p;
}

}  // namespace detail

// The recipe and defaults shared by both classes; only the class name differs.
template <class Derived> struct Idefics3Family {
    using options_type = Idefics3Options;
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::lanczos;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::longest(4 * 364);
        o.max_image_size = SizeSpec::longest(364);
        o.do_convert_rgb = o.do_resize = o.do_rescale = o.do_normalize = o.do_image_splitting = o.do_pad = true;
        return o;
    }

    // One plan per image: the `size` resize, the resize to the encoder grid, its tiles and the
    // global image as views. With do_pad every frame is written straight into its slot of the
    // one padded array; without it the frames are stacked as numpy stacks them.
    template <class B>
    static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> samples, const options_type& o) {
        const int tile = detail::idefics3_tile(o);
        std::vector<std::vector<plan::ImagePlan>> plans(samples.size());
        std::vector<Tensor> rows, cols;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            Array<std::int64_t> r(std::vector<std::size_t>{samples[i].size()}), c(r.shape());
            for (std::size_t j = 0; j < samples[i].size(); ++j) {
                const int h = height_of(samples[i][j]), w = width_of(samples[i][j]);
                const auto sizes = detail::idefics3_plan(h, w, o);
                // All frames of one image (tiles + global) are bounded like one image.
                // A tiny tile could also make millions of frames: at most 65536 per image.
                const double count = double(sizes.rows) * sizes.cols + 1, frames_px = count * tile * double(tile);
                if (count > 65536.0 || frames_px > double(max_image_pixels()) ||
                    double(sizes.encoder.height) * sizes.encoder.width > double(max_image_pixels()))
                    throw LimitError(std::string(Derived::class_name) + ": the frames of one " + std::to_string(h) + "x" +
                                     std::to_string(w) + " image exceed the limit of " +
                                     std::to_string(max_image_pixels()) + " pixels per image (pixelprep::set_max_image_pixels)");
                plan::ImagePlan p;
                const int first = truthy(o.do_resize) ? p.derive(-1, sizes.first, o.resample, plan::ImagePlan::whole(sizes.first)) : -1;
                const int encoder = p.derive(first, sizes.encoder, o.resample, plan::ImagePlan::whole(sizes.encoder));
                if (sizes.rows > 0) {
                    for (int y = 0; y < sizes.rows; ++y)
                        for (int x = 0; x < sizes.cols; ++x)
                            p.views.push_back({p.derive(encoder, sizes.encoder, std::nullopt, {y * tile, x * tile, tile, tile}), {}});
                    p.views.push_back({p.derive(encoder, {tile, tile}, o.resample, {0, 0, tile, tile}), {}});  // the global image
                } else {
                    p.views.push_back({encoder, {}});
                }
                plans[i].push_back(std::move(p));
                r(j) = sizes.rows;
                c(j) = sizes.cols;
            }
            rows.push_back(std::move(r));
            cols.push_back(std::move(c));
        }
        BatchFeature out = truthy(o.do_pad) ? nested_frames::padded<B>(samples, plans, o, Derived::class_name)
                                             : nested_frames::stacked<B>(samples, plans, o, Derived::class_name);
        if (truthy(o.return_row_col_info)) {
            out.set_int_lists("rows", std::move(rows));
            out.set_int_lists("cols", std::move(cols));
        }
        return out;
    }

    // image_seq_len <image> tokens per frame: rows * cols tiles plus the global image
    // (Idefics3Processor / SmolVLMProcessor.replace_image_token).
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        const auto plan = detail::idefics3_plan(height, width, o);
        return std::int64_t(o.image_seq_len.value_or(169)) * (std::int64_t(plan.rows) * plan.cols + 1);
    }

};

struct Idefics3Model : Idefics3Family<Idefics3Model> {
    static constexpr std::string_view class_name = "Idefics3ImageProcessor";
};
struct SmolVLMModel : Idefics3Family<SmolVLMModel> {
    static constexpr std::string_view class_name = "SmolVLMImageProcessor";
};

}  // namespace pixelprep
