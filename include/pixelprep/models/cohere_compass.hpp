// CohereCompassImageProcessor (models/cohere_compass/image_processing_pil_cohere_compass.py):
// transformers' code is the Qwen2-VL PIL processor under another name (defaults, min/max_pixels
// folding, smart_resize, patches), so the recipe is Qwen2VLModel's with this class name.
#pragma once

#include <string_view>

#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

struct CohereCompassModel : Qwen2VLModel {
    static constexpr std::string_view class_name = "CohereCompassImageProcessor";
};

}  // namespace pixelprep
