// BitImageProcessor (models/bit/image_processing_pil_bit.py), which DINOv2 checkpoints use:
// the same recipe and defaults as CLIP.
#pragma once

#include <string_view>

#include "pixelprep/models/clip.hpp"

namespace pixelprep {

struct BitModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "BitImageProcessor";
    static options_type defaults() { return ClipModel::defaults(); }
};

}  // namespace pixelprep
