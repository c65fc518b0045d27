// Siglip2ImageProcessor, NaFlex (models/siglip2/image_processing_pil_siglip2.py): resize so
// the patch grid fits max_num_patches (bilinear), rescale, normalize, flatten to patches laid
// out [py][px][c], zero-pad to max_num_patches; pixel_attention_mask int32 marks real patches,
// spatial_shapes int64 gives the grid.
#pragma once

#include <cstdint>
#include <algorithm>
#include <string_view>
#include <vector>

#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/padded_patch_rows.hpp"

namespace pixelprep {

struct Siglip2Options : CommonOptions {
    std::optional<int> patch_size;
    std::optional<int> max_num_patches;
    static constexpr auto fields() {
        using O = Siglip2Options;
        return concat_fields(common_fields<O>(), make_fields(OptionField<O, int>{"patch_size", &O::patch_size},
                                                                  OptionField<O, int>{"max_num_patches", &O::max_num_patches}));
    }
    friend bool operator==(const Siglip2Options&, const Siglip2Options&) = default;
};


struct Siglip2Model {
    using options_type = Siglip2Options;
    static constexpr std::string_view class_name = "Siglip2ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.patch_size = 16;
        o.max_num_patches = 256;
        return o;
    }
    // transformers drops do_resize before validating: the size comes from max_num_patches.
    static void validate(const options_type& o) {
        options_type checked = o;
        checked.do_resize.reset();
        validate_preprocess_arguments(checked);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int p = o.patch_size.value_or(16);
        const long long most = o.max_num_patches.value_or(256);
        if (p <= 0 || most <= 0 || most > (1 << 24))
            throw InvalidArgument("SigLIP2: patch_size and max_num_patches must be positive (got " + std::to_string(p) +
                                  ", " + std::to_string(most) + ")");
        patch_rows::Result r = patch_rows::run<B>(
            images, o, p, most,
            [&](int h, int w) { return geometry::siglip2_size_for_max_num_patches(h, w, p, most); }, "SigLIP2");
        std::vector<Tensor> masks;
        Array<std::int64_t> shapes(std::vector<std::size_t>{images.size(), 2});
        for (std::size_t i = 0; i < images.size(); ++i) {
            const std::size_t n = std::size_t(r.grids[i].height) * std::size_t(r.grids[i].width);
            Array<std::int32_t> mask = xt::zeros<std::int32_t>(std::vector<std::size_t>{std::size_t(most)});
            std::fill_n(mask.data(), std::min(std::size_t(most), n), std::int32_t(1));
            masks.push_back(std::move(mask));
            shapes(i, 0) = r.grids[i].height;
            shapes(i, 1) = r.grids[i].width;
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(r.values));
        out.set_list("pixel_attention_mask", std::move(masks));
        out.set_tensor("spatial_shapes", std::move(shapes));
        return out;
    }

    // Siglip2Processor adds no placeholder tokens: the vision tower sees the valid patches,
    // sum(pixel_attention_mask) = the resized grid's patch count (at most max_num_patches).
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        const int p = o.patch_size.value_or(16);
        const long long most = o.max_num_patches.value_or(256);
        if (p <= 0 || most <= 0 || most > (1 << 24))
            throw InvalidArgument("SigLIP2: patch_size and max_num_patches must be positive (got " + std::to_string(p) +
                                  ", " + std::to_string(most) + ")");
        const auto s = truthy(o.do_resize) ? geometry::siglip2_size_for_max_num_patches(height, width, p, most)
                                           : geometry::HeightWidth{height, width};
        return std::min<std::int64_t>(most, std::int64_t(s.height / p) * (s.width / p));
    }
};

}  // namespace pixelprep
