// PaddleOCRVLImageProcessor (models/paddleocr_vl/image_processing_pil_paddleocr_vl.py):
// Qwen2-VL's steps with its own smart_resize (a side under the factor is first raised to it,
// the other side following by round()), bicubic, 384*384 to 1536*1536 pixels, CLIP
// statistics, patch 14, temporal 1, merge 2; min/max_pixels folded into size as Qwen2-VL
// does. Its patches are not grouped by merge block: they run in raster order, each a
// (C*T, patch, patch) block, so pixel_values is (sum of gh*gw, C*T, p, p) -- Qwen2-VL's rows
// with merge 1, four-dimensional -- and image_grid_thw [[1, gh, gw], ...]. merge_size only
// sets the resize factor (patch * merge); without a resize an image need only be a multiple
// of the patch (numpy's reshape).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/geometry/smart_resize.hpp"
#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

struct PaddleOCRVLModel : Qwen2VLModel {
    static constexpr std::string_view class_name = "PaddleOCRVLImageProcessor";
    static options_type defaults() {
        auto o = Qwen2VLModel::defaults();
        o.size = SizeSpec::shortest_longest(384 * 384, 1536 * 1536);
        o.temporal_patch_size = 1;
        return o;
    }
    static geometry::HeightWidth target_size(int h, int w, const options_type& o) {
        check_size_edges(o);
        return geometry::smart_resize(h, w, factor(o), *o.size->shortest_edge, *o.size->longest_edge,
                                      {.round_small_sides_up = true});
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        options_type raster = o;  // the patches in raster order: Qwen2-VL's layout with merge 1
        raster.merge_size = 1;
        (void)factor(o);
        BatchFeature out =
            run_sized<B>(std::move(images), raster, [&](int h, int w) { return target_size(h, w, o); });
        BatchFeature::Value pixel_values = out.take("pixel_values");
        auto& rows = std::get<Array<float>>(std::get<Tensor>(pixel_values));
        const std::size_t p = std::size_t(o.patch_size.value_or(14));
        rows.reshape({rows.shape()[0], rows.shape()[1] / (p * p), p, p});
        out.set("pixel_values", std::move(pixel_values));
        return out;
    }
    // processing_paddleocr_vl: the grid's product over merge_size^2, as Qwen2-VL's.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        return token_count_of(truthy(o.do_resize) ? target_size(height, width, o) : geometry::HeightWidth{height, width}, o);
    }
};

}  // namespace pixelprep
