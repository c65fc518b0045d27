// Ernie4_5_VLMoeImageProcessor (models/ernie4_5_vl_moe/image_processing_pil_ernie4_5_vl_moe.py):
// transformers' code is Qwen2-VL's
// (smart_resize, patches, image_grid_thw) with other defaults -- longest_edge 28*28*6177 and
// temporal_patch_size 1 -- and without Qwen2-VL's min_pixels / max_pixels folding: its
// __init__ does not read them, so a config's min_pixels or max_pixels is kept (and saved)
// but changes nothing. (pixelprep also accepts them at call time, where transformers'
// kwargs check refuses them; they change nothing there either.) The deprecated alias
// Ernie4_5_VL_MoeImageProcessor is not registered: a config naming it is refused by name.
#pragma once

#include <string_view>

#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

struct Ernie4_5_VLMoeModel : Qwen2VLModel {
    static constexpr std::string_view class_name = "Ernie4_5_VLMoeImageProcessor";
    static options_type defaults() {
        auto o = Qwen2VLModel::defaults();
        o.size = SizeSpec::shortest_longest(56 * 56, 28 * 28 * 6177);
        o.temporal_patch_size = 1;
        return o;
    }
    static void standardize(options_type&) {}  // no min/max_pixels folding
};

}  // namespace pixelprep
