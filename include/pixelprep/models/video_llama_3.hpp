// VideoLlama3ImageProcessor (models/video_llama_3/image_processing_pil_video_llama_3.py):
// Qwen2-VL's recipe (smart_resize, min/max_pixels folded into size, patches,
// image_grid_thw) with temporal_patch_size 1, merge_size 1 and mean/std 0.5; its outputs add
// image_merge_sizes, merge_size per image (int64).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

struct VideoLlama3Model : Qwen2VLModel {
    static constexpr std::string_view class_name = "VideoLlama3ImageProcessor";
    static options_type defaults() {
        auto o = Qwen2VLModel::defaults();
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.temporal_patch_size = 1;
        o.merge_size = 1;
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const std::size_t n = images.size();
        BatchFeature out = Qwen2VLModel::run<B>(std::move(images), o);
        Array<std::int64_t> merge_sizes(std::vector<std::size_t>{n});
        for (std::size_t i = 0; i < n; ++i) merge_sizes(i) = o.merge_size.value_or(2);
        out.set_tensor("image_merge_sizes", std::move(merge_sizes));
        return out;
    }
};

}  // namespace pixelprep
