// Qwen2-VL's smart_resize (models/qwen2_vl/image_processing_qwen2_vl.py): both sides a
// multiple of `factor`, the area within [min_pixels, max_pixels], the aspect ratio kept.
// Python's round() (half to even), math.floor/ceil and float division, exactly.
// GLM-4V's variant (models/glm4v/image_processing_pil_glm4v.py, also GLM-4.6V's and
// GLM-GA's) is the same rule over `frames` frames grouped by `temporal_factor` (the budget
// counts round(frames / temporal_factor) * temporal_factor copies of the area), after a
// first step that scales an image with a side under `factor` up to it (int() truncation).
// PaddleOCR-VL's (models/paddleocr_vl/image_processing_pil_paddleocr_vl.py) has its own first
// step: a height under `factor` becomes `factor` and the width follows (round()), then the
// same for the width.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::geometry {

// The frames of GLM-4V's variant; Qwen2-VL's rule is one frame, factor 1, no upscale.
struct SmartResizeFrames {
    int frames = 1;
    int temporal_factor = 1;
    bool upscale_small_sides = false;
    bool round_small_sides_up = false;  // PaddleOCR-VL's first step
};

inline HeightWidth smart_resize(int height, int width, int factor, long long min_pixels, long long max_pixels,
                                SmartResizeFrames frames = {}) {
    if (height <= 0 || width <= 0 || factor <= 0)
        throw InvalidArgument("smart_resize: height, width and factor must be positive, got " + std::to_string(height) +
                              ", " + std::to_string(width) + ", " + std::to_string(factor));
    if (max_pixels < 0)  // transformers: math.sqrt of a negative number (ValueError)
        throw InvalidArgument("smart_resize: max_pixels must not be negative, got " + std::to_string(max_pixels));
    if (frames.frames < frames.temporal_factor || frames.temporal_factor <= 0)
        throw InvalidArgument("t:" + std::to_string(frames.frames) + " must be larger than temporal_factor:" +
                              std::to_string(frames.temporal_factor));
    if (frames.upscale_small_sides && (height < factor || width < factor)) {
        const double scale = std::max(double(factor) / height, double(factor) / width);
        height = python_int(height * scale, "smart_resize");
        width = python_int(width * scale, "smart_resize");
    }
    if (frames.round_small_sides_up) {
        if (height < factor) {
            width = python_int(python_round(double(width) * factor / height), "smart_resize");
            height = factor;
        }
        if (width < factor) {
            height = python_int(python_round(double(height) * factor / width), "smart_resize");
            width = factor;
        }
    }
    const double ratio = double(std::max(height, width)) / double(std::min(height, width));
    if (ratio > 200)
        throw InvalidArgument("absolute aspect ratio must be smaller than 200, got " + python_float_repr(ratio));
    const double f = factor;
    long long h_bar = static_cast<long long>(python_round(height / f)) * factor;
    long long w_bar = static_cast<long long>(python_round(width / f)) * factor;
    const long long t_bar =
        static_cast<long long>(python_round(double(frames.frames) / frames.temporal_factor)) * frames.temporal_factor;
    // frames * height * width, exact in a double for every size pixelprep accepts.
    const double area = double(static_cast<long long>(height) * width * frames.frames);
    if (t_bar * h_bar * w_bar > max_pixels) {
        const double beta = std::sqrt(area / double(max_pixels));
        h_bar = std::max<long long>(factor, static_cast<long long>(std::floor(height / beta / f)) * factor);
        w_bar = std::max<long long>(factor, static_cast<long long>(std::floor(width / beta / f)) * factor);
    } else if (t_bar * h_bar * w_bar < min_pixels) {
        const double beta = std::sqrt(double(min_pixels) / area);
        h_bar = static_cast<long long>(std::ceil(height * beta / f)) * factor;
        w_bar = static_cast<long long>(std::ceil(width * beta / f)) * factor;
    }
    if (h_bar <= 0 || w_bar <= 0 || h_bar > (1 << 24) || w_bar > (1 << 24))
        throw LimitError("smart_resize: " + std::to_string(height) + "x" + std::to_string(width) + " gives " +
                         std::to_string(h_bar) + "x" + std::to_string(w_bar) + ", outside pixelprep's size limits");
    return {int(h_bar), int(w_bar)};
}

}  // namespace pixelprep::geometry
