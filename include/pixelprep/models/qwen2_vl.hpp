// Qwen2VLImageProcessor (models/qwen2_vl/image_processing_pil_qwen2_vl.py), also used by
// Qwen2.5-VL: smart_resize to multiples of patch_size * merge_size, rescale, normalize, then
// the image is cut into patch_size x patch_size patches, ordered by merge block, each patch
// repeated temporal_patch_size times: pixel_values (sum of gh*gw, C*T*p*p) float32 and
// image_grid_thw int64 [[1, gh, gw], ...].
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/smart_resize.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct Qwen2VLOptions : CommonOptions {
    std::optional<long long> min_pixels;  // folded into size.shortest_edge (then unset)
    std::optional<long long> max_pixels;  // folded into size.longest_edge (then unset)
    std::optional<int> patch_size;
    std::optional<int> temporal_patch_size;
    std::optional<int> merge_size;
    static constexpr auto fields();
    friend bool operator==(const Qwen2VLOptions&, const Qwen2VLOptions&) = default;
};

// The fields for any option struct O deriving from Qwen2VLOptions.
template <class O> constexpr auto qwen2_vl_fields() {
    return concat_fields(common_fields<O>(),
                          make_fields(OptionField<O, long long>{"min_pixels", &O::min_pixels},
                                          OptionField<O, long long>{"max_pixels", &O::max_pixels},
                                          OptionField<O, int>{"patch_size", &O::patch_size},
                                          OptionField<O, int>{"temporal_patch_size", &O::temporal_patch_size},
                                          OptionField<O, int>{"merge_size", &O::merge_size}));
}
constexpr auto Qwen2VLOptions::fields() { return qwen2_vl_fields<Qwen2VLOptions>(); }

// The columns of a patch row: Qwen2-VL's (channel, t, py, px), or Cosmos3-Edge's
// (py, px, channel, t) with the channels last.
enum class PatchColumns { channel_time_y_x, y_x_channel_time };

struct Qwen2VLModel {
    using options_type = Qwen2VLOptions;
    static constexpr std::string_view class_name = "Qwen2VLImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.resample = Resample::bicubic;
        o.size = SizeSpec::shortest_longest(56 * 56, 28 * 28 * 1280);
        o.default_to_square = false;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.patch_size = 14;
        o.temporal_patch_size = 2;
        o.merge_size = 2;
        return o;
    }

    // __init__ / _standardize_kwargs: min_pixels and max_pixels overwrite size's edges.
    static void standardize(options_type& o) {
        if (!o.min_pixels && !o.max_pixels) return;
        // Pixel counts, as the size keys they become: a negative one could not be saved and
        // loaded again (and a negative max_pixels fails in transformers' smart_resize).
        for (const auto* v : {&o.min_pixels, &o.max_pixels})
            if (*v && **v < 0)
                throw ConfigError(std::string("Qwen2VLImageProcessor: ") + (v == &o.min_pixels ? "min_pixels" : "max_pixels") +
                                  " must be a pixel count >= 0, got " + std::to_string(**v));
        // Only the two edges Qwen2-VL reads (target_size) are kept: other keys of `size`
        // (height/width, max_height/max_width) were never used, and next to the edges they
        // made a size that could not be saved and loaded again (fuzz_config).
        const SizeSpec given = o.size.value_or(SizeSpec{});
        SizeSpec s = SizeSpec{};
        s.shortest_edge = given.shortest_edge;
        s.longest_edge = given.longest_edge;
        if (o.min_pixels) s.shortest_edge = int(std::min<long long>(*o.min_pixels, 1LL << 30));
        if (o.max_pixels) s.longest_edge = int(std::min<long long>(*o.max_pixels, 1LL << 30));
        o.size = s;
        o.min_pixels.reset();
        o.max_pixels.reset();
    }

    static geometry::HeightWidth target_size(int h, int w, const options_type& o) {
        check_size_edges(o);
        return geometry::smart_resize(h, w, factor(o), *o.size->shortest_edge, *o.size->longest_edge);
    }

    // resize()'s first check: size must give both pixel bounds.
    static void check_size_edges(const options_type& o) {
        if (!o.size || !o.size->shortest_edge || !o.size->longest_edge || *o.size->shortest_edge == 0 ||
            *o.size->longest_edge == 0)
            throw InvalidArgument("`size` dict must contain 'shortest_edge' and 'longest_edge' keys but got " +
                                  (o.size ? o.size->to_string() : std::string("None")) + ".");
    }

    template <class O> static int factor(const O& o) {
        const int p = o.patch_size.value_or(14), m = o.merge_size.value_or(2);
        if (p <= 0 || m <= 0 || o.temporal_patch_size.value_or(2) <= 0)
            throw InvalidArgument("Qwen2-VL: patch_size, merge_size and temporal_patch_size must be positive");
        // Multiplied in 64 bits: a factor above the largest image side can never cut an image.
        const long long f = static_cast<long long>(p) * m;
        if (f > max_image_side)
            throw LimitError("Qwen2-VL: patch_size * merge_size = " + std::to_string(f) +
                             " is larger than the largest image side pixelprep accepts (" +
                             std::to_string(max_image_side) + ")");
        return int(f);
    }

    // One plan per image: the smart_resize, then the patches at the image's rows of the one
    // pixel_values array, which is allocated once for the batch (np.concatenate's result).
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return run_sized<B>(std::move(images), o, [&](int h, int w) { return target_size(h, w, o); });
    }

    // The recipe with `target(h, w)` as its resize size (the classes that copy Qwen2-VL with
    // another smart_resize).
    template <class B, class O, class Target>
    static BatchFeature run_sized(std::vector<WorkingImage> images, const O& o, Target&& target,
                                  PatchColumns columns = PatchColumns::channel_time_y_x) {
        return run_laid_out<B>(std::move(images), o, columns, [&](plan::ImagePlan& plan, int h0, int w0) {
            const geometry::HeightWidth size = truthy(o.do_resize) ? target(h0, w0) : geometry::HeightWidth{h0, w0};
            return std::pair{plan.derive(-1, size, truthy(o.do_resize) ? o.resample : std::nullopt,
                                         plan::ImagePlan::whole(size)),
                             size};
        });
    }

    // The recipe with `layout(plan, h, w)` deriving the image that is cut into patches: it
    // returns that derived image and its size (the classes that resize and pad differently).
    // O: Qwen2VLOptions or any options with its patch_size, merge_size and temporal_patch_size.
    template <class B, class O, class Layout>
    static BatchFeature run_laid_out(std::vector<WorkingImage> images, const O& o, Layout&& layout) {
        return run_laid_out<B>(std::move(images), o, PatchColumns::channel_time_y_x, std::forward<Layout>(layout));
    }
    template <class B, class O, class Layout>
    static BatchFeature run_laid_out(std::vector<WorkingImage> images, const O& o, PatchColumns columns, Layout&& layout) {
        const int p = o.patch_size.value_or(14), m = o.merge_size.value_or(2), t = o.temporal_patch_size.value_or(2);
        (void)factor(o);
        std::vector<plan::ImagePlan> plans(images.size());
        Array<std::int64_t> grids(std::vector<std::size_t>{images.size(), 3});
        const int channels = channels_of(images.front());
        const std::size_t cols = std::size_t(channels) * std::size_t(t) * std::size_t(p) * std::size_t(p);
        std::size_t rows = 0;
        for (std::size_t i = 0; i < images.size(); ++i) {
            plan::ImagePlan& plan = plans[i];
            const auto [patched, size] = layout(plan, height_of(images[i]), width_of(images[i]));
            const int h = size.height, w = size.width;
            if (h % (p * m) != 0 || w % (p * m) != 0)
                throw ImageError("Qwen2-VL: a " + std::to_string(h) + "x" + std::to_string(w) +
                                 " image cannot be cut into " + std::to_string(p) + "-pixel patches merged " +
                                 std::to_string(m) + "x" + std::to_string(m) + " (numpy cannot reshape it)");
            // The patches hold the image temporal_patch_size times: bounded like an image.
            if (double(h) * double(w) * double(t) > double(max_image_pixels()))  // no 64-bit overflow
                throw LimitError("Qwen2-VL: a " + std::to_string(h) + "x" + std::to_string(w) +
                                 " image repeated temporal_patch_size=" + std::to_string(t) +
                                 " times exceeds the limit of " + std::to_string(max_image_pixels()) +
                                 " pixels per image (pixelprep::set_max_image_pixels)");
            if (channels_of(images[i]) != channels)  // np.concatenate needs one row length
                throw ImageError("Qwen2-VL: images 0 and " + std::to_string(i) + " have " +
                                 std::to_string(channels) + " and " + std::to_string(channels_of(images[i])) +
                                 " channels; their patch rows cannot be concatenated");
            // Rows (block row, block column, row in block, column in block), columns (channel,
            // t, py, px) or (py, px, channel, t), each frame a copy of the image.
            if (columns == PatchColumns::channel_time_y_x)
                plan.views.push_back(plan::View{patched, plan::Patches{rows * cols, p, m, t}});
            else
                plan.views.push_back(plan::View{patched, plan::PatchesChannelsLast{rows * cols, p, 0, m, t}});
            grids(i, 0) = 1;
            grids(i, 1) = h / p;
            grids(i, 2) = w / p;
            rows += std::size_t(h / p) * std::size_t(w / p);
        }
        Array<float> pixel_values = output_array<float>({rows, cols});
        std::vector<plan::Job> jobs;
        for (std::size_t i = 0; i < images.size(); ++i) jobs.push_back({&images[i], &plans[i], pixel_values.data()});
        op::execute_plans<B>(jobs, o);
        BatchFeature out;
        out.set_tensor("pixel_values", std::move(pixel_values));
        out.set_tensor("image_grid_thw", std::move(grids));
        return out;
    }

    // processing_qwen2_vl: grid_t * grid_h * grid_w / merge_size^2 image tokens.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        return token_count_of(truthy(o.do_resize) ? target_size(height, width, o) : geometry::HeightWidth{height, width}, o);
    }
    // O: Qwen2VLOptions or any options with its patch_size and merge_size.
    template <class O> static std::int64_t token_count_of(geometry::HeightWidth s, const O& o) {
        const int p = o.patch_size.value_or(14), m = o.merge_size.value_or(2);
        return std::int64_t(s.height / p) * (s.width / p) / (std::int64_t(m) * m);
    }
};

}  // namespace pixelprep
