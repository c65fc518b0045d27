// CLIPImageProcessor (models/clip/image_processing_pil_clip.py): shortest-edge resize,
// center crop, CLIP statistics.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

// CLIP's class defaults, for any option struct O (Video-LLaVA's legacy class has the same).
template <class O> O clip_defaults() {
    auto o = base_defaults<O>();
    o.resample = Resample::bicubic;
    o.image_mean = openai_clip_mean();
    o.image_std = openai_clip_std();
    o.size = SizeSpec::shortest(224);
    o.default_to_square = false;
    o.crop_size = SizeSpec::exact(224, 224);
    o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
    return o;
}

struct ClipModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "CLIPImageProcessor";
    static options_type defaults() { return clip_defaults<options_type>(); }
};

}  // namespace pixelprep
