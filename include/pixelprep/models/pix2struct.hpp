// Pix2StructImageProcessor (models/pix2struct/image_processing_pil_pix2struct.py), per image:
//  * normalize (do_normalize): per-image standardisation in float32, numpy's way -- the mean
//    and the variance from numpy's pairwise float32 sums over the whole array in its memory
//    order, each divided by the element count in float64 and rounded to float32;
//    (x - mean) / max(std, 1 / sqrt(count));
//  * the patch grid: scale = sqrt(max_patches * ph / H * pw / W), rows = int(scale * H / ph)
//    and columns = int(scale * W / pw), each within 1..max_patches;
//  * a resize to rows * ph x columns * pw with torch's float32 antialiased bilinear
//    interpolation (numerics/torch_aa_bilinear.hpp), on the standardised values;
//  * `flattened_patches` (max_patches, 2 + ph * pw * C): per patch in raster order its row and
//    column (from 1), then its pixels as (py, px, channel); rows of 0 up to max_patches;
//  * `attention_mask` (max_patches): 1 where a row's float32 numpy sum is not 0.
// No rescale, whatever do_rescale says (transformers' _preprocess has none).
//
// VQA checkpoints (is_vqa) draw a header text above the image with a font that transformers
// downloads from the hub and Pillow's text renderer: not implemented. Such a config is
// refused with its reason (without header_text, with transformers' own message).
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/numerics/numpy_pairwise_sum.hpp"
#include "pixelprep/numerics/torch_aa_bilinear.hpp"
#include "pixelprep/options/text_list.hpp"

namespace pixelprep {

struct Pix2StructOptions : CommonOptions {
    std::optional<int> max_patches;
    std::optional<SizeSpec> patch_size;
    std::optional<bool> is_vqa;
    std::optional<TextList> header_text;  // preprocess()'s argument (VQA only)
    static constexpr auto fields() {
        using O = Pix2StructOptions;
        return std::tuple_cat(common_fields<O>(),
                              std::make_tuple(OptionField<O, int>{"max_patches", &O::max_patches},
                                              OptionField<O, SizeSpec>{"patch_size", &O::patch_size},
                                              OptionField<O, bool>{"is_vqa", &O::is_vqa},
                                              OptionField<O, TextList>{"header_text", &O::header_text}));
    }
    friend bool operator==(const Pix2StructOptions&, const Pix2StructOptions&) = default;
};

struct Pix2StructModel {
    using options_type = Pix2StructOptions;
    static constexpr std::string_view class_name = "Pix2StructImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.rescale_factor.reset();  // the class sets rescale_factor = None (nothing is rescaled)
        o.do_normalize = o.do_convert_rgb = true;
        o.max_patches = 2048;
        o.patch_size = SizeSpec::exact(16, 16);
        o.is_vqa = false;
        return o;
    }
    // transformers skips the usual preprocess checks (no resize, rescale or mean/std to check).
    static void validate(const options_type& o) {
        if (truthy(o.is_vqa)) {
            if (!o.header_text)
                throw InvalidArgument("Pix2StructImageProcessor: A header text must be provided for VQA models.");
            throw InvalidArgument("Pix2StructImageProcessor: is_vqa renders header_text above each image with a font that "
                               "transformers downloads from the hub (ybelkada/fonts Arial.TTF) and Pillow's text "
                               "renderer; pixelprep does not implement that step");
        }
        if (!o.max_patches || *o.max_patches < 1)
            throw InvalidArgument("Pix2StructImageProcessor: max_patches must be a positive int, got " +
                                  (o.max_patches ? std::to_string(*o.max_patches) : std::string("None")));
        if (!o.patch_size || !o.patch_size->height || !o.patch_size->width || *o.patch_size->height < 1 ||
            *o.patch_size->width < 1)
            throw InvalidArgument("Pix2StructImageProcessor: patch_size must give a positive 'height' and 'width', got " +
                                  (o.patch_size ? o.patch_size->to_string() : std::string("None")));
        // The output holds max_patches patches of pixels, and the resized image as many: both
        // stay under the pixel limit (which also keeps rows * patch height within an int).
        const double pixels = double(*o.max_patches) * double(*o.patch_size->height) * double(*o.patch_size->width);
        if (pixels > double(max_image_pixels()))
            throw LimitError("Pix2StructImageProcessor: max_patches " + std::to_string(*o.max_patches) + " of " +
                             o.patch_size->to_string() + " patches is " + std::to_string(std::llround(pixels)) +
                             " pixels, above the limit of " + std::to_string(max_image_pixels()) +
                             " (pixelprep::set_max_image_pixels)");
    }

    // The patch grid extract_flattened_patches picks for an image of h x w.
    static std::pair<int, int> grid(int h, int w, int max_patches, int ph, int pw) {
        const double scale = std::pow(double(max_patches) * (double(ph) / h) * (double(pw) / w), 0.5);
        const auto fit = [&](double v) { return std::max(int(std::min(std::floor(v), double(max_patches))), 1); };
        return {fit(scale * h / ph), fit(scale * w / pw)};
    }

    // numpy's float32 mean and std over the whole image, summed in its memory order (HWC for
    // decoded images, as transformers' transposed view of them), and the standardised image.
    static ImageF32 standardize(const ImageF32& image) {
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

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int max_patches = *o.max_patches, ph = *o.patch_size->height, pw = *o.patch_size->width;
        std::vector<Tensor> patches_out, masks_out;
        for (const auto& img : images) {
            // float32 in the image's own memory order: numpy's sums run in memory order, and
            // transformers' CHW array is a transposed view of the decoded HWC pixels.
            ImageF32 image = std::visit(
                [](const auto& i) {
                    using T = typename std::decay_t<decltype(i)>::value_type;
                    ImageF32 f(i.height(), i.width(), i.channels(), i.layout(), uninitialized);
                    std::transform(i.begin(), i.end(), f.data(), [](T v) { return float(v); });
                    return f;
                },
                img);
            if (truthy(o.do_normalize)) image = standardize(image);
            const auto [rows, cols] = grid(image.height(), image.width(), max_patches, ph, pw);
            const ImageF32 resized = numerics::torch_aa_bilinear(image, rows * ph, cols * pw);
            const int c = resized.channels();
            const std::size_t depth = std::size_t(ph) * std::size_t(pw) * std::size_t(c) + 2;
            const std::size_t kept = std::min<std::size_t>(std::size_t(rows) * std::size_t(cols), std::size_t(max_patches));
            Array<float> patches(std::vector<std::size_t>{std::size_t(max_patches), depth});
            Array<float> mask(std::vector<std::size_t>{std::size_t(max_patches)});
            float* p = patches.data();
            std::fill(p, p + patches.size(), 0.0f);
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
                            row[at++] = src[std::size_t(ch) * plane +
                                            std::size_t(r * ph + py) * std::size_t(resized.width()) + std::size_t(q * pw + px)];
            }
            for (std::size_t k = 0; k < std::size_t(max_patches); ++k)
                mask.data()[k] =
                    numerics::numpy_pairwise_sum(std::span<const float>(p + k * depth, depth)) != 0.0f ? 1.0f : 0.0f;
            patches_out.emplace_back(std::move(patches));
            masks_out.emplace_back(std::move(mask));
        }
        BatchFeature out;
        out.set_list("flattened_patches", std::move(patches_out));
        out.set_list("attention_mask", std::move(masks_out));
        return out;
    }
};

}  // namespace pixelprep
