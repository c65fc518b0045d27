// LlavaNextProcessor's image-token count (models/llava_next/processing_llava_next.py,
// _get_number_of_features and _get_unpadded_features): the base view's patches, plus the
// anyres grid's patches with the padding rows/columns removed, plus one newline per row.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "pixelprep/geometry/anyres.hpp"

namespace pixelprep::geometry {

// int(round(x, 7)): Python rounds the exact binary value to 7 decimals (ties to even), as
// printf("%.7f") does; int() then truncates.
inline long long python_int_round7(double x) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.7f", x);
    return static_cast<long long>(std::strtod(buf, nullptr));
}

struct UnpaddedFeatures {
    long long unpadded, newline;
    friend bool operator==(const UnpaddedFeatures&, const UnpaddedFeatures&) = default;
};

// _get_unpadded_features: the grid's feature map without the rows (or columns) that only
// cover anyres padding.
inline UnpaddedFeatures llava_next_unpadded_features(int height, int width, long long patches_h, long long patches_w,
                                                     long long scale_h, long long scale_w) {
    long long cur_h = patches_h * scale_h, cur_w = patches_w * scale_w;
    if (cur_h <= 0 || cur_w <= 0)  // transformers: ZeroDivisionError
        throw InvalidArgument("LLaVA-NeXT token count: the processed size is smaller than one patch or the grid pinpoint "
                              "is smaller than the processed size (division by zero)");
    const double original_ar = double(width) / double(height), current_ar = double(cur_w) / double(cur_h);
    if (original_ar > current_ar) {
        const long long new_h = python_int_round7(height * (double(cur_w) / double(width)));
        cur_h -= 2 * floor_div(cur_h - new_h, 2);
    } else {
        const long long new_w = python_int_round7(width * (double(cur_h) / double(height)));
        cur_w -= 2 * floor_div(cur_w - new_w, 2);
    }
    return {cur_h * cur_w, cur_h};
}

// _get_number_of_features(orig_h, orig_w, processed_h, processed_w); the processor inserts
// this many tokens, minus one when vision_feature_select_strategy == "default".
inline long long llava_next_number_of_features(int orig_h, int orig_w, int processed_h, int processed_w,
                                               const std::vector<std::array<int, 2>>& pinpoints, int patch_size,
                                               int num_additional_image_tokens) {
    if (patch_size <= 0 || processed_h <= 0 || processed_w <= 0)
        throw InvalidArgument("LLaVA-NeXT token count: patch_size and the processed size must be positive (got patch_size " +
                              std::to_string(patch_size) + ", " + std::to_string(processed_h) + "x" +
                              std::to_string(processed_w) + ")");
    const HeightWidth best = select_best_resolution(orig_h, orig_w, pinpoints);
    const long long scale_h = best.height / processed_h, scale_w = best.width / processed_w;
    const long long ph = processed_h / patch_size, pw = processed_w / patch_size;
    const auto f = llava_next_unpadded_features(orig_h, orig_w, ph, pw, scale_h, scale_w);
    return f.unpadded + f.newline + ph * pw + num_additional_image_tokens;
}

// Python's float floor division a // b (CPython's float_floor_div: the quotient of a - fmod(a, b),
// floored, rounded back where the subtraction left it half a unit off).
inline double python_float_floordiv(double a, double b) {
    double mod = std::fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
    if (div == 0.0) return std::copysign(0.0, a / b);
    double floored = std::floor(div);
    if (div - floored > 0.5) floored += 1.0;
    return floored;
}

// LlavaOnevisionProcessor._get_number_of_features (models/llava_onevision/processing_llava_onevision.py)
// for the image of a single-image sample: LLaVA-NeXT's unpadded grid of a side of
// sqrt(num_image_tokens) patches per view, shrunk by sqrt(area / (max_num_patches * side^2))
// when that ratio passes 1.1 ("anyres_max_N"), plus newlines and the base view's tokens.
inline long long llava_onevision_number_of_features(int orig_h, int orig_w, int processed_h, int processed_w,
                                                    const std::vector<std::array<int, 2>>& pinpoints,
                                                    long long num_image_tokens, long long max_num_patches) {
    if (processed_h <= 0 || processed_w <= 0 || num_image_tokens <= 0 || max_num_patches <= 0)
        throw InvalidArgument("LLaVA-OneVision token count: the processed size, num_image_tokens and the anyres_max "
                              "patch count must be positive");
    const HeightWidth best = select_best_resolution(orig_h, orig_w, pinpoints);
    const long long scale_h = best.height / processed_h, scale_w = best.width / processed_w;
    const long long side = static_cast<long long>(std::sqrt(double(num_image_tokens)));  // int(math.sqrt(n))
    const auto f = llava_next_unpadded_features(orig_h, orig_w, side, side, scale_h, scale_w);
    long long unpadded = f.unpadded, newline = f.newline;
    // The unpadded grid: newline rows of unpadded / newline columns. A very wide image can
    // leave no rows (then the area and the ratio are 0, as in Python).
    const double cur_h = double(f.newline), cur_w = f.newline ? double(f.unpadded / f.newline) : 0.0;
    const double ratio = std::sqrt(cur_h * cur_w / (double(max_num_patches) * double(side * side)));
    if (ratio > 1.1) {
        const long long rows = static_cast<long long>(python_float_floordiv(cur_h, ratio));
        unpadded = rows * static_cast<long long>(python_float_floordiv(cur_w, ratio));
        newline = rows;
    }
    return unpadded + newline + num_image_tokens;
}

}  // namespace pixelprep::geometry
