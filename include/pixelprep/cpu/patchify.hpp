// Qwen2-VL's patch flattening on the host: an image of either layout and dtype to the
// float32 (gh * gw, C * T * p * p) array, element order from numerics/patch_index.hpp,
// written by the plan placement every executor uses (plan/placement.hpp).
#pragma once

#include <xtensor/xarray.hpp>

#include "pixelprep/core/image.hpp"
#include "pixelprep/geometry/patch_grid.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep::cpu {

// uint8 elements become float32 exactly (float(x) == rescale(x, 1.0)).
template <class T> Array<float> patchify(const Image<T>& img, int patch, int merge, int temporal) {
    const numerics::PatchGrid g = geometry::patch_grid(img, patch, merge, temporal);
    Array<float> out = geometry::patch_array(g);
    plan::place_image(img, plan::Patches{0, patch, merge, temporal}, out.data());
    return out;
}

}  // namespace pixelprep::cpu
