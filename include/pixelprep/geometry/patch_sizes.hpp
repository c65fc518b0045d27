// Output sizes of three patch-based vision encoders:
//  * Pixtral (models/pixtral/image_processing_pil_pixtral.py): shrink by the largest
//    side ratio (floor), then round each side up to a patch multiple;
//  * SigLIP2 NaFlex (models/siglip2/image_processing_pil_siglip2.py): binary search for the
//    largest scale whose patch grid fits max_num_patches, sides rounded up to patch multiples;
//  * Gemma4 (models/gemma4/image_processing_pil_gemma4.py): the sides floored to multiples of
//    the pooled patch for a pixel budget.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

inline HeightWidth pixtral_output_size(int height, int width, int max_height, int max_width, int patch_h, int patch_w) {
    if (max_height <= 0 || max_width <= 0 || patch_h <= 0 || patch_w <= 0)
        throw InvalidArgument("Pixtral: size and patch_size must be positive");
    const double ratio = std::max(double(height) / max_height, double(width) / max_width);
    long long h = height, w = width;
    if (ratio > 1) {
        h = static_cast<long long>(std::floor(height / ratio));
        w = static_cast<long long>(std::floor(width / ratio));
    }
    // ((side - 1) // patch + 1) * patch, with Python's floor division (side may be 0).
    const long long out_h = (floor_div(h - 1, patch_h) + 1) * patch_h;
    const long long out_w = (floor_div(w - 1, patch_w) + 1) * patch_w;
    // A side can come out 0 (e.g. 1x1103 with longest_edge 1024), as in transformers; the
    // resize then refuses it, as Pillow does.
    if (out_h > (1 << 24) || out_w > (1 << 24)) throw LimitError("Pixtral: target size is out of range");
    return {int(out_h), int(out_w)};
}

inline HeightWidth siglip2_size_for_max_num_patches(int height, int width, int patch_size, long long max_num_patches,
                                                    double eps = 1e-5) {
    if (patch_size <= 0 || max_num_patches <= 0)
        throw InvalidArgument("SigLIP2: patch_size and max_num_patches must be positive, got " +
                              std::to_string(patch_size) + " and " + std::to_string(max_num_patches));
    auto scaled = [&](double scale, int side) {
        double s = side * scale;
        s = std::ceil(s / patch_size) * patch_size;
        return static_cast<long long>(std::max<double>(patch_size, s));
    };
    double lo = eps / 10, hi = 100.0;
    while ((hi - lo) >= eps) {
        const double scale = (lo + hi) / 2;
        const double patches = (double(scaled(scale, height)) / patch_size) * (double(scaled(scale, width)) / patch_size);
        if (patches <= double(max_num_patches)) lo = scale;
        else hi = scale;
    }
    const long long h = scaled(lo, height), w = scaled(lo, width);
    if (h > (1 << 24) || w > (1 << 24)) throw LimitError("SigLIP2: target size is out of range");
    return {int(h), int(w)};
}

// Gemma4's get_aspect_ratio_preserving_size: the largest size of at most max_patches patches
// whose sides are multiples of pooling_kernel_size * patch_size (floors of factor * side,
// factor = sqrt(target pixels / pixels), all in float64 as Python computes them). A side that
// floors to 0 becomes one multiple, the other floor(long / short) multiples, capped.
inline HeightWidth gemma4_size_for_max_patches(int height, int width, int patch_size, long long max_patches,
                                               int pooling_kernel_size) {
    const double total_px = double(height) * double(width);
    const double target_px = double(max_patches) * double(patch_size) * double(patch_size);
    const double factor = std::sqrt(target_px / total_px);
    const long long side_mult = (long long)pooling_kernel_size * patch_size;
    long long th = (long long)std::floor(factor * height / double(side_mult)) * side_mult;
    long long tw = (long long)std::floor(factor * width / double(side_mult)) * side_mult;
    if (th == 0 && tw == 0)
        throw InvalidArgument("Gemma4ImageProcessor: attempting to resize a " + std::to_string(height) + "x" +
                              std::to_string(width) + " image to 0 x 0 (sides must be multiples of "
                              "pooling_kernel_size * patch_size = " + std::to_string(side_mult) + ")");
    const long long max_side = (max_patches / ((long long)pooling_kernel_size * pooling_kernel_size)) * side_mult;
    if (th == 0) {
        th = side_mult;
        tw = std::min((long long)std::floor(double(width) / double(height)) * side_mult, max_side);
    } else if (tw == 0) {
        tw = side_mult;
        th = std::min((long long)std::floor(double(height) / double(width)) * side_mult, max_side);
    }
    if (double(th) * double(tw) > target_px)
        throw InvalidArgument("Gemma4ImageProcessor: resizing [" + std::to_string(height) + "x" + std::to_string(width) +
                              "] to [" + std::to_string(th) + "x" + std::to_string(tw) + "] exceeds " +
                              std::to_string(max_patches) + " patches with patch_size " + std::to_string(patch_size));
    if (th > (1 << 24) || tw > (1 << 24)) throw LimitError("Gemma4ImageProcessor: target size is out of range");
    return {int(th), int(tw)};
}

}  // namespace pixelprep::geometry
