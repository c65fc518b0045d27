// OwlViTImageProcessor (models/owlvit/image_processing_pil_owlvit.py): an exact 768x768
// bicubic resize with CLIP statistics and RGB conversion; the generic pipeline. Early OWL-ViT
// configs on the hub spell do_rescale "rescale": the class's __init__ renames it, and it wins
// over a do_rescale beside it.
#pragma once

#include <string_view>
#include <utility>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct OwlViTModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "OwlViTImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(768, 768);
        o.default_to_square = true;
        o.crop_size = SizeSpec::exact(768, 768);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.do_center_crop = false;
        return o;
    }
    // ImageProcessor::from_config's hook for keys a class's __init__ renames.
    static void fold_legacy_keys(JsonValue::Object& config) {
        if (auto it = config.find("rescale"); it != config.end()) {
            JsonValue value = std::move(it->second);
            config.erase(it);
            config["do_rescale"] = std::move(value);
        }
    }
};

}  // namespace pixelprep
