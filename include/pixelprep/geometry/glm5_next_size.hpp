// GLM-5-Next's sizes (models/glm5_next/image_processing_pil_glm5_next.py):
//  * glm5_next_canvas: its smart_resize, the canvas the patches are cut from. Budgets count
//    tokens, each temporal * factor^2 pixels. Sides round up to multiples of `factor`; a canvas
//    under the minimum is scaled up by sqrt(min / (frames * h * w)), one over the maximum is
//    found again by a binary search over the content height (the width following the aspect
//    ratio), keeping the largest aligned canvas within the budget.
//  * glm5_next_content: the size the image is resized to inside that canvas (the rest is zero
//    padding at the bottom and right): the smaller of the two canvas/side ratios, capped at 1
//    unless the image is under the minimum budget, floored, within 1..canvas.
// Python's ints, float division, math.ceil/floor and round() (half to even), exactly. Its ints
// are unbounded; here every product stays below 2^63 and every quotient's operands below 2^53
// (exact in a double, so the division rounds once, as Python's), which the bounds checked
// first guarantee.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

struct Glm5NextBudget {
    int factor = 28;          // patch_size * merge_size
    int temporal = 2;         // temporal_patch_size (frames of an image: as many)
    long long min_tokens = 16;
    long long max_tokens = 8000;
};

inline void check_glm5_next_budget(const Glm5NextBudget& b) {
    if (b.factor <= 0 || b.temporal <= 0)
        throw InvalidArgument("Glm5NextImageProcessor: patch_size, merge_size and temporal_patch_size must be positive");
    if (b.factor > 4096 || b.temporal > 64)
        throw LimitError("Glm5NextImageProcessor: patch_size * merge_size " + std::to_string(b.factor) +
                         " or temporal_patch_size " + std::to_string(b.temporal) +
                         " is beyond pixelprep's bounds for this class (4096, 64)");
    // Negative budgets are transformers' to judge (a negative maximum fails its search with its
    // own message below; a negative minimum never binds): only their size is bounded here.
    const long long per_token = (long long)b.temporal * b.factor * b.factor;  // <= 2^30
    for (const long long tokens : {b.min_tokens, b.max_tokens})
        if (tokens > (1LL << 28) || tokens < -(1LL << 28) || std::abs(tokens) * per_token >= (1LL << 53))
            throw LimitError("Glm5NextImageProcessor: min_image_tokens " + std::to_string(b.min_tokens) +
                             " or max_image_tokens " + std::to_string(b.max_tokens) + " of " + std::to_string(per_token) +
                             " pixels each is beyond pixelprep's bound of 2^53 pixels");
}

inline HeightWidth glm5_next_canvas(int height, int width, const Glm5NextBudget& b) {
    check_glm5_next_budget(b);
    const long long f = b.factor, t = b.temporal, per_token = t * f * f;
    const long long min_pixels = b.min_tokens * per_token, max_pixels = b.max_tokens * per_token;
    const auto align = [f](long long v) { return (v + f - 1) / f * f; };  // math.ceil(v / f) * f, v >= 0
    // round(num_frames / temporal) * temporal with num_frames = temporal: one aligned group.
    const long long frames = t;
    long long h = align(height), w = align(width);
    if (double(frames) * height * width >= 0x1p53)
        throw LimitError("Glm5NextImageProcessor: a " + std::to_string(height) + "x" + std::to_string(width) +
                         " image of " + std::to_string(frames) + " frames is beyond 2^53 pixels");
    if (frames * h * w < min_pixels) {
        const double scale = std::sqrt(double(min_pixels) / double(frames * height * width));
        const double up_h = std::ceil(height * scale), up_w = std::ceil(width * scale);
        if (up_h > double(max_image_side) || up_w > double(max_image_side))
            throw LimitError("Glm5NextImageProcessor: a " + std::to_string(height) + "x" + std::to_string(width) +
                             " image scaled up to min_image_tokens exceeds the largest image side pixelprep accepts (" +
                             std::to_string(max_image_side) + ")");
        h = align(std::max(1LL, (long long)up_h));
        w = align(std::max(1LL, (long long)up_w));
    }
    if (frames * h * w > max_pixels) {
        if (max_pixels < frames * f * f)
            throw InvalidArgument("max_pixels=" + std::to_string(max_pixels) + " is too small. At least " +
                                  std::to_string(frames * f * f) + " pixels are required for one aligned patch.");
        long long low = 1, high = height, best_h = f, best_w = f;
        while (low <= high) {
            const long long content_h = (low + high) / 2;
            const long long content_w =
                std::max(1LL, (long long)std::floor(double(width * content_h) / double(height)));
            const long long candidate_h = align(content_h), candidate_w = align(content_w);
            if (frames * candidate_h * candidate_w <= max_pixels) {
                best_h = candidate_h;
                best_w = candidate_w;
                low = content_h + 1;
            } else {
                high = content_h - 1;
            }
        }
        h = best_h;
        w = best_w;
    }
    return {int(h), int(w)};
}

inline HeightWidth glm5_next_content(int height, int width, HeightWidth canvas, const Glm5NextBudget& b) {
    const long long f = b.factor, t = b.temporal;
    double scale = std::min(double(canvas.height) / height, double(canvas.width) / width);
    if (t * height * width >= t * f * f * b.min_tokens) scale = std::min(1.0, scale);
    const auto fit = [scale](int side, int room) {
        return int(std::max(1LL, std::min<long long>(room, (long long)std::floor(side * scale))));
    };
    return {fit(height, canvas.height), fit(width, canvas.width)};
}

}  // namespace pixelprep::geometry
