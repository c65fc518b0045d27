// Cosmos3EdgeImageProcessor (models/cosmos3_edge/image_processing_pil_cosmos3_edge.py): GLM-4V's
// smart_resize (the budget over temporal_patch_size frames, a side under patch * merge first
// scaled up to it; geometry/smart_resize.hpp) and Qwen2-VL's rows, merge blocks in raster
// order, with its own columns: (py, px, channel, t), the values of a patch pixel by pixel with
// the channels last, each repeated temporal_patch_size times (plan::PatchesChannelsLast with
// merge and temporal). Defaults: 256*256 to 4096*4096 pixels, patch 16, temporal 1, merge 2,
// bicubic, ImageNet's standard statistics (0.5). min/max_pixels are not read, as in GLM-4V.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/glm4v.hpp"

namespace pixelprep {

struct Cosmos3EdgeName {
    static constexpr std::string_view value = "Cosmos3EdgeImageProcessor";
};

struct Cosmos3EdgeModel : Glm4vFamilyModel<Cosmos3EdgeName> {
    static options_type defaults() {
        options_type o = Glm4vFamilyModel::defaults();
        o.size = SizeSpec::shortest_longest(256 * 256, 4096 * 4096);
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.patch_size = 16;
        o.temporal_patch_size = 1;
        o.merge_size = 2;
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return run_sized<B>(
            std::move(images), o, [&](int h, int w) { return target_size(h, w, o); }, PatchColumns::y_x_channel_time);
    }
};

}  // namespace pixelprep
