// The flattened-patch output that Pix2Struct and Kosmos-2.5 share (transformers'
// extract_flattened_patches after the grid is chosen), and their per-image standardisation:
//  * standardize: numpy's float32 mean and std over the whole image, from pairwise float32 sums
//    in the array's memory order (transformers' CHW array is a transposed view of the decoded
//    HWC pixels), each divided by the element count in float64 and rounded to float32;
//    (x - mean) / max(std, 1 / sqrt(count));
//  * the resize to rows * ph x columns * pw with torch's float32 antialiased bilinear
//    interpolation (numerics/torch_aa_bilinear.hpp);
//  * `flattened_patches` (max_patches, 2 + ph * pw * C): per patch in raster order its row and
//    column (from 1), then its pixels as (py, px, channel); rows of 0 up to max_patches;
//  * `attention_mask` (max_patches): 1 where a row's float32 numpy sum is not 0.
// The models differ in how they pick the grid and in what else they return.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/size_spec.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/numerics/numpy_pairwise_sum.hpp"
#include "pixelprep/numerics/torch_aa_bilinear.hpp"

namespace pixelprep::flattened_patches {

// max_patches and patch_size as both classes check them (transformers itself skips the usual
// preprocess checks). The output holds max_patches patches of pixels, and the resized image as
// many: both stay under the pixel limit (which also keeps rows * patch height within an int).
inline void validate(std::string_view class_name, const std::optional<int>& max_patches,
                     const std::optional<SizeSpec>& patch_size) {
    const std::string who(class_name);
    if (!max_patches || *max_patches < 1)
        throw InvalidArgument(who + ": max_patches must be a positive int, got " +
                              (max_patches ? std::to_string(*max_patches) : std::string("None")));
    if (!patch_size || !patch_size->height || !patch_size->width || *patch_size->height < 1 || *patch_size->width < 1)
        throw InvalidArgument(who + ": patch_size must give a positive 'height' and 'width', got " +
                              (patch_size ? patch_size->to_string() : std::string("None")));
    const double pixels = double(*max_patches) * double(*patch_size->height) * double(*patch_size->width);
    if (pixels > double(max_image_pixels()))
        throw LimitError(who + ": max_patches " + std::to_string(*max_patches) + " of " + patch_size->to_string() +
                         " patches is " + std::to_string(std::llround(pixels)) + " pixels, above the limit of " +
                         std::to_string(max_image_pixels()) + " (pixelprep::set_max_image_pixels)");
}

// The image as float32 in its own memory order (numpy's sums run in memory order).
inline ImageF32 to_float(const WorkingImage& image) {
    return std::visit(
        [](const auto& i) {
            using T = typename std::decay_t<decltype(i)>::value_type;
            ImageF32 f(i.height(), i.width(), i.channels(), i.layout(), uninitialized);
            std::transform(i.begin(), i.end(), f.data(), [](T v) { return float(v); });
            return f;
        },
        image);
}

// numpy's float32 mean and std over the whole image, and the standardised image.
inline ImageF32 standardize(const ImageF32& image) {
    // numpy divides the float32 sums by the count as an intp scalar, so in float64, then
    // rounds to float32 (exact for any count; a float32 count would not be past 2^24).
    const std::span<const float> values(image.data(), image.size());
    const double count = double(image.size());
    const float mean = float(double(numerics::numpy_pairwise_sum(values)) / count);
    std::vector<float> squares(image.size());
    for (std::size_t i = 0; i < squares.size(); ++i) {
        const float d = values[i] - mean;
        squares[i] = d * d;
    }
    const float variance = float(double(numerics::numpy_pairwise_sum(std::span<const float>(squares))) / count);
    const float deviation = std::sqrt(variance);
    // Python's max(std, 1 / sqrt(n)): the float64 floor wins only when larger; numpy then
    // divides the float32 array by it as float32.
    const double floor = 1.0 / std::sqrt(double(image.size()));
    const float divisor = floor > double(deviation) ? float(floor) : deviation;
    ImageF32 out(image.height(), image.width(), image.channels(), image.layout(), uninitialized);
    float* dst = out.data();
    for (std::size_t i = 0; i < values.size(); ++i) dst[i] = (values[i] - mean) / divisor;
    return out;
}

// The rows x columns grid extract_flattened_patches picks for an h x w image: the scale that
// fits max_patches patches, sqrt(max_patches * ph / h * pw / w), then each side's patch count
// floored within 1..max_patches. The square root is Pix2Struct's `** 0.5` (libm's pow) or
// Kosmos-2.5's math.sqrt (correctly rounded); the two can differ in the last bit.
enum class SquareRoot { python_pow_half, math_sqrt };
inline std::pair<int, int> grid(int h, int w, int max_patches, int ph, int pw, SquareRoot root) {
    const double area = double(max_patches) * (double(ph) / h) * (double(pw) / w);
    const double scale = root == SquareRoot::math_sqrt ? std::sqrt(area) : std::pow(area, 0.5);
    const auto fit = [&](double v) { return std::max(int(std::min(std::floor(v), double(max_patches))), 1); };
    return {fit(scale * h / ph), fit(scale * w / pw)};
}

struct Patches {
    Array<float> flattened;  // (max_patches, 2 + ph * pw * C)
    Array<float> mask;       // (max_patches)
};

// Resizes `image` to the rows x columns grid of ph x pw patches and lays them out.
inline Patches extract(const ImageF32& image, int rows, int cols, int ph, int pw, int max_patches) {
    const ImageF32 resized = numerics::torch_aa_bilinear(image, rows * ph, cols * pw);
    const int c = resized.channels();
    const std::size_t depth = std::size_t(ph) * std::size_t(pw) * std::size_t(c) + 2;
    const std::size_t kept = std::min<std::size_t>(std::size_t(rows) * std::size_t(cols), std::size_t(max_patches));
    Patches out{Array<float>(std::vector<std::size_t>{std::size_t(max_patches), depth}),
                Array<float>(std::vector<std::size_t>{std::size_t(max_patches)})};
    float* p = out.flattened.data();
    std::fill(p, p + out.flattened.size(), 0.0f);
    const float* src = resized.data();
    const std::size_t plane = std::size_t(resized.height()) * std::size_t(resized.width());
    for (std::size_t k = 0; k < kept; ++k) {
        const int r = int(k) / cols, q = int(k) % cols;
        float* row = p + k * depth;
        row[0] = float(r + 1);
        row[1] = float(q + 1);
        std::size_t at = 2;
        for (int py = 0; py < ph; ++py)
            for (int px = 0; px < pw; ++px)
                for (int ch = 0; ch < c; ++ch)
                    row[at++] = src[std::size_t(ch) * plane + std::size_t(r * ph + py) * std::size_t(resized.width()) +
                                    std::size_t(q * pw + px)];
    }
    for (std::size_t k = 0; k < std::size_t(max_patches); ++k)
        out.mask.data()[k] =
            numerics::numpy_pairwise_sum(std::span<const float>(p + k * depth, depth)) != 0.0f ? 1.0f : 0.0f;
    return out;
}

}  // namespace pixelprep::flattened_patches
