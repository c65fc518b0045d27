// Glm5NextImageProcessor (models/glm5_next/image_processing_pil_glm5_next.py): Qwen2-VL's
// patch layout and statistics with its own sizing (geometry/glm5_next_size.hpp). Per image:
// the canvas from its smart_resize (token budgets min/max_image_tokens of temporal * factor^2
// pixels each), the image resized to its content size inside the canvas (not resized when
// that is its own size), zero-padded at the bottom and right in uint8 space, rescaled and
// normalized, then cut into Qwen2-VL's patch rows; image_grid_thw [1, gh, gw] of the canvas.
// patch_expand_factor is accepted and, as in transformers' image processor, unused.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/glm5_next_size.hpp"
#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

struct Glm5NextOptions : CommonOptions {
    std::optional<int> patch_size;
    std::optional<int> temporal_patch_size;
    std::optional<int> merge_size;
    std::optional<int> patch_expand_factor;
    std::optional<long long> min_image_tokens;
    std::optional<long long> max_image_tokens;
    static constexpr auto fields() {
        using O = Glm5NextOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"patch_size", &O::patch_size},
                                              OptionField<O, int>{"temporal_patch_size", &O::temporal_patch_size},
                                              OptionField<O, int>{"merge_size", &O::merge_size},
                                              OptionField<O, int>{"patch_expand_factor", &O::patch_expand_factor},
                                              OptionField<O, long long>{"min_image_tokens", &O::min_image_tokens},
                                              OptionField<O, long long>{"max_image_tokens", &O::max_image_tokens}));
    }
    friend bool operator==(const Glm5NextOptions&, const Glm5NextOptions&) = default;
};

struct Glm5NextModel {
    using options_type = Glm5NextOptions;
    static constexpr std::string_view class_name = "Glm5NextImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.resample = Resample::bicubic;
        o.size = SizeSpec::longest(1);  // the class's placeholder: the token budgets size the image
        o.default_to_square = false;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.patch_size = 14;
        o.temporal_patch_size = 2;
        o.merge_size = 2;
        o.patch_expand_factor = 1;
        o.min_image_tokens = 16;
        o.max_image_tokens = 8000;
        return o;
    }

    static geometry::Glm5NextBudget budget(const options_type& o) {
        return {Qwen2VLModel::factor(o), o.temporal_patch_size.value_or(2), o.min_image_tokens.value_or(16),
                o.max_image_tokens.value_or(8000)};
    }
    // The canvas the patches are cut from (the image's own size without do_resize).
    static geometry::HeightWidth canvas_size(int h, int w, const options_type& o) {
        return truthy(o.do_resize) ? geometry::glm5_next_canvas(h, w, budget(o)) : geometry::HeightWidth{h, w};
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return Qwen2VLModel::run_laid_out<B>(std::move(images), o, [&](plan::ImagePlan& plan, int h, int w) {
            const geometry::HeightWidth canvas = canvas_size(h, w, o);
            const geometry::HeightWidth content =
                truthy(o.do_resize) ? geometry::glm5_next_content(h, w, canvas, budget(o)) : canvas;
            const bool resize = content != geometry::HeightWidth{h, w};
            return std::pair{plan.derive(-1, content, resize ? o.resample : std::nullopt,
                                         {0, 0, canvas.height, canvas.width}),
                             canvas};
        });
    }

    // processing_glm5_next: image_grid_thw.prod() // merge_size^2 image tokens.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        return Qwen2VLModel::token_count_of(canvas_size(height, width, o), o);
    }
};

}  // namespace pixelprep
