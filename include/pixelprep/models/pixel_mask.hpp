// `pixel_mask`, the output of the classes whose batch pad tells the model where the padding
// is (DETR and its family, ViLT, BridgeTower): per image an int64 array of the padded
// canvas's height x width, 1 over the image (top-left) and 0 over the padding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep {

// Adds the masks of images of `sizes` (before the pad) to a padded batch's outputs: the
// canvas is the padded pixel_values' height and width.
inline void add_pixel_mask(BatchFeature& out, const std::vector<geometry::HeightWidth>& sizes) {
    if (sizes.empty()) return;
    const std::vector<std::size_t> canvas = tensor_shape(out.list("pixel_values").front());
    const std::size_t H = canvas[canvas.size() - 2], W = canvas.back();
    std::vector<Tensor> masks;
    for (const geometry::HeightWidth& s : sizes) {
        Array<std::int64_t> mask = output_array<std::int64_t>({H, W});
        plan::write_valid_mask(mask.data(), int(H), int(W), s.height, s.width);
        masks.push_back(std::move(mask));
    }
    out.set_list("pixel_mask", std::move(masks));
}

}  // namespace pixelprep
