// Ovis2ImageProcessor (models/ovis2/image_processing_pil_ovis2.py): with crop_to_patches
// false (its default) the generic pipeline at 384x384 bicubic with CLIP statistics, and
// grids = [1, 1] per image (int64). crop_to_patches (tiles by a covering-area grid, the
// thumbnail first) is not in pixelprep yet and is refused with a message that says so.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/got_ocr2.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct Ovis2Options : GotOcr2Options {
    std::optional<bool> use_covering_area_grid;
    static constexpr auto fields() {
        using O = Ovis2Options;
        return std::tuple_cat(got_ocr2_fields<O>(),
                              std::make_tuple(OptionField<O, bool>{"use_covering_area_grid", &O::use_covering_area_grid}));
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
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        if (truthy(o.crop_to_patches))
            throw InvalidArgument("Ovis2ImageProcessor: key 'crop_to_patches': true (tiles on a covering-area grid) is "
                                  "not implemented in pixelprep yet; set crop_to_patches to false");
        o.do_pad = false;  // not a step of its _preprocess
        const std::size_t n = images.size();
        BatchFeature out = GenericRecipe::run<B>(std::move(images), o);
        Array<std::int64_t> grids = xt::ones<std::int64_t>(std::vector<std::size_t>{n, 2});
        out.set_tensor("grids", std::move(grids));
        return out;
    }
};

}  // namespace pixelprep
