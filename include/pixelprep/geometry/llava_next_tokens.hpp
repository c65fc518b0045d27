// LlavaNextProcessor's image-token count (models/llava_next/processing_llava_next.py,
// _get_number_of_features and _get_unpadded_features): the base view's patches, plus the
// anyres grid's patches with the padding rows/columns removed, plus one newline per row.
#pragma once

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

}  // namespace pixelprep::geometry
