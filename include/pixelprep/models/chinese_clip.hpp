// ChineseCLIPImageProcessor (models/chinese_clip/image_processing_pil_chinese_clip.py):
// CLIP's pipeline and defaults under its own class name (what save_pretrained writes).
#pragma once

#include <string_view>

#include "pixelprep/models/clip.hpp"

namespace pixelprep {

struct ChineseClipModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "ChineseCLIPImageProcessor";
    static options_type defaults() { return ClipModel::defaults(); }
};

}  // namespace pixelprep
