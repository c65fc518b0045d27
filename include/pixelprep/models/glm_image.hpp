// GlmImageImageProcessor (models/glm_image/image_processing_pil_glm_image.py): Qwen2-VL's
// steps, patch layout and defaults (patch 14, temporal 2, merge 2, CLIP statistics, 56*56 to
// 28*28*1280 pixels, min/max_pixels folded into size) with GLM-Image's own resize size
// (geometry/glm_image_size.hpp). Its token count belongs to its processor, so it has none here.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/glm_image_size.hpp"
#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

struct GlmImageModel : Qwen2VLModel {
    static constexpr std::string_view class_name = "GlmImageImageProcessor";
    static geometry::HeightWidth target_size(int h, int w, const options_type& o) {
        check_size_edges(o);
        return geometry::glm_image_resize_size(h, w, factor(o), *o.size->shortest_edge, *o.size->longest_edge);
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return run_sized<B>(std::move(images), o, [&](int h, int w) { return target_size(h, w, o); });
    }
    static std::int64_t image_token_count(int height, int width, const options_type& o) = delete;
};

}  // namespace pixelprep
