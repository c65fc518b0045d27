// BlipImageProcessor (models/blip/image_processing_pil_blip.py): a square 384 bicubic
// resize with CLIP's statistics, no crop. BLIP-2 and InstructBLIP use the same class.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct BlipModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "BlipImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(384, 384);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        return o;
    }
};

}  // namespace pixelprep
