// CLIPImageProcessor (models/clip/image_processing_pil_clip.py): shortest-edge resize,
// center crop, CLIP statistics.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct ClipModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "CLIPImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::shortest(224);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        return o;
    }
};

}  // namespace pixelprep
