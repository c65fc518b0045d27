// PPChart2TableImageProcessor (models/pp_chart2table/image_processing_pil_pp_chart2table.py):
// an exact 1024x1024 bicubic resize with CLIP statistics; the generic pipeline, nothing of
// its own.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct PPChart2TableModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "PPChart2TableImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(1024, 1024);
        o.default_to_square = true;
        o.do_resize = o.do_rescale = o.do_normalize = true;
        return o;
    }
};

}  // namespace pixelprep
