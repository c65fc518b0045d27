// Gemma4ImageProcessor (models/gemma4/image_processing_pil_gemma4.py), also embedding_gemma2's:
// resize (bicubic) to the largest size of at most max_soft_tokens * pooling_kernel_size^2
// patches whose sides are multiples of pooling_kernel_size * patch_size, rescale (normalize is
// off by default), cut into patch rows laid out [py][px][c] and zero-pad them to that many
// rows -- SigLIP2's patch rows (patch_rows::run). Also image_position_ids, (column, row) of
// each real patch and (-1, -1) for padding, and num_soft_tokens_per_image = patches / kernel^2.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/padded_patch_rows.hpp"

namespace pixelprep {

struct Gemma4Options : CommonOptions {
    std::optional<int> patch_size;
    std::optional<int> max_soft_tokens;
    std::optional<int> pooling_kernel_size;
    static constexpr auto fields() {
        using O = Gemma4Options;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"patch_size", &O::patch_size},
                                              OptionField<O, int>{"max_soft_tokens", &O::max_soft_tokens},
                                              OptionField<O, int>{"pooling_kernel_size", &O::pooling_kernel_size}));
    }
    friend bool operator==(const Gemma4Options&, const Gemma4Options&) = default;
};

struct Gemma4Model {
    using options_type = Gemma4Options;
    static constexpr std::string_view class_name = "Gemma4ImageProcessor";
    static constexpr std::array<int, 5> supported_soft_tokens{70, 140, 280, 560, 1120};

    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.do_resize = o.do_rescale = o.do_convert_rgb = true;
        o.do_normalize = false;
        o.image_mean = ChannelValues{{0.0, 0.0, 0.0}, false};
        o.image_std = ChannelValues{{1.0, 1.0, 1.0}, false};
        o.patch_size = 16;
        o.max_soft_tokens = 280;
        o.pooling_kernel_size = 3;
        return o;
    }
    // __init__ and _preprocess both refuse a budget outside the supported ones.
    static void standardize(options_type& o) { check_budget(o); }
    static void check_budget(const options_type& o) {
        if (!o.max_soft_tokens || std::find(supported_soft_tokens.begin(), supported_soft_tokens.end(),
                                            *o.max_soft_tokens) == supported_soft_tokens.end())
            throw InvalidArgument("Gemma4ImageProcessor: key 'max_soft_tokens': must be one of (70, 140, 280, 560, "
                                  "1120), got " +
                                  (o.max_soft_tokens ? std::to_string(*o.max_soft_tokens) : std::string("None")));
    }
    // transformers drops do_resize before validating: the size comes from the token budget.
    static void validate(const options_type& o) {
        options_type checked = o;
        checked.do_resize.reset();
        validate_preprocess_arguments(checked);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        check_budget(o);
        if (!o.patch_size || *o.patch_size <= 0 || !o.pooling_kernel_size || *o.pooling_kernel_size <= 0)
            throw InvalidArgument("Gemma4ImageProcessor: patch_size and pooling_kernel_size must be positive ints");
        const int p = *o.patch_size, kernel = *o.pooling_kernel_size;
        const long long kernel_area = (long long)kernel * kernel;
        const long long max_patches = *o.max_soft_tokens * kernel_area;
        patch_rows::Result r = patch_rows::run<B>(
            images, o, p, max_patches,
            [&](int h, int w) { return geometry::gemma4_size_for_max_patches(h, w, p, max_patches, kernel); },
            class_name);
        std::vector<Tensor> positions;
        Array<std::int64_t> soft_tokens(std::vector<std::size_t>{images.size()});
        for (std::size_t i = 0; i < images.size(); ++i) {
            const std::size_t gh = std::size_t(r.grids[i].height), gw = std::size_t(r.grids[i].width), n = gh * gw;
            const std::size_t rows = std::max(std::size_t(max_patches), n);
            Array<std::int64_t> ids = output_array<std::int64_t>({rows, 2});
            std::fill_n(ids.data(), rows * 2, std::int64_t(-1));
            for (std::size_t k = 0; k < n; ++k) {
                ids.data()[2 * k] = std::int64_t(k % gw);      // x: the column
                ids.data()[2 * k + 1] = std::int64_t(k / gw);  // y: the row
            }
            positions.push_back(std::move(ids));
            soft_tokens(i) = std::int64_t(n) / kernel_area;  // Python's // on non-negative ints
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(r.values));
        out.set_list("image_position_ids", std::move(positions));
        out.set_tensor("num_soft_tokens_per_image", std::move(soft_tokens));
        return out;
    }
};

}  // namespace pixelprep
