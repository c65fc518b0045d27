// Qwen2-VL's patch flattening on the host: an image of either layout and dtype to the
// float32 (gh * gw, C * T * p * p) array, element order from numerics/patch_index.hpp.
// Written straight into the uninitialised output: one index computation per patch and
// channel, then p row copies (contiguous in CHW, strided in HWC) stepping by the source row
// stride; the T frames of a channel are copies of the first.
#pragma once

#include <algorithm>
#include <cstddef>

#include <xtensor/xarray.hpp>

#include "pixelprep/core/image.hpp"
#include "pixelprep/geometry/patch_grid.hpp"
#include "pixelprep/numerics/patch_index.hpp"

namespace pixelprep::cpu {

// uint8 elements become float32 exactly (float(x) == rescale(x, 1.0)).
template <class T> xt::xarray<float> patchify(const Image<T>& img, int patch, int merge, int temporal) {
    const numerics::PatchGrid g = geometry::patch_grid(img, patch, merge, temporal);
    xt::xarray<float> out = geometry::patch_array(g);
    const std::size_t p = std::size_t(patch), frame = p * p, rows = numerics::patch_rows(g);
    const std::size_t stride = numerics::patch_source_stride(g), row_stride = numerics::patch_source_row_stride(g);
    const std::size_t channels = std::size_t(g.channels);
    const T* src = img.data();
    float* dst = out.data();
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < channels; ++c) {
            float* first = dst;
            const std::size_t origin = numerics::patch_source_index(g, std::size_t(dst - out.data()));  // py = px = 0
            for (std::size_t py = 0; py < p; ++py, dst += p) {
                const T* run = src + origin + py * row_stride;
                if (stride == 1) std::copy_n(run, p, dst);  // CHW: a patch row is contiguous
                else
                    for (std::size_t px = 0; px < p; ++px) dst[px] = static_cast<float>(run[px * stride]);
            }
            for (int t = 1; t < temporal; ++t, dst += frame) std::copy_n(first, frame, dst);
        }
    return out;
}

}  // namespace pixelprep::cpu
