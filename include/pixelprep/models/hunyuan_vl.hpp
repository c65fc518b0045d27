// HunYuanVLImageProcessor (models/hunyuan_vl/image_processing_pil_hunyuan_vl.py): Qwen2-VL's
// smart_resize (factor patch * merge, 512*512 to 2048*2048 pixels) and steps, patch 16,
// temporal 1, merge 2, CLIP statistics, min/max_pixels folded into size. Two differences:
// the resize is always bicubic (the reference processor never used the config's resample),
// and its patch reshape (gh/m, m, gw/m, m) keeps the patches in raster order -- Qwen2-VL's
// rows with merge 1 -- while the image must still divide into merge blocks. Its token count
// needs the processor's cat_extra_token, so it has none here.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

struct HunYuanVLModel : Qwen2VLModel {
    static constexpr std::string_view class_name = "HunYuanVLImageProcessor";
    static options_type defaults() {
        auto o = Qwen2VLModel::defaults();
        o.size = SizeSpec::shortest_longest(512 * 512, 2048 * 2048);
        o.patch_size = 16;
        o.temporal_patch_size = 1;
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int block = factor(o);
        if (!truthy(o.do_resize))  // numpy's reshape into merge blocks
            for (const WorkingImage& img : images)
                if (height_of(img) % block != 0 || width_of(img) % block != 0)
                    throw ImageError("HunYuan-VL: a " + std::to_string(height_of(img)) + "x" +
                                     std::to_string(width_of(img)) + " image cannot be cut into " +
                                     std::to_string(o.patch_size.value_or(16)) + "-pixel patches merged " +
                                     std::to_string(o.merge_size.value_or(2)) + "x" +
                                     std::to_string(o.merge_size.value_or(2)) + " (numpy cannot reshape it)");
        options_type raster = o;
        raster.merge_size = 1;
        raster.resample = Resample::bicubic;
        return run_sized<B>(std::move(images), raster, [&](int h, int w) { return target_size(h, w, o); });
    }
    static std::int64_t image_token_count(int height, int width, const options_type& o) = delete;
};

}  // namespace pixelprep
