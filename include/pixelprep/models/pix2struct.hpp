// Pix2StructImageProcessor (models/pix2struct/image_processing_pil_pix2struct.py), per image:
//  * normalize (do_normalize): per-image standardisation in float32, numpy's way;
//  * the patch grid: scale = sqrt(max_patches * ph / H * pw / W) as Python's `** 0.5` (libm's
//    pow), rows = int(scale * H / ph) and columns = int(scale * W / pw), each within
//    1..max_patches;
//  * the float32 resize, `flattened_patches` and `attention_mask` (models/flattened_patches.hpp),
//    on the standardised values (or on the pixels as float32 without do_normalize: transformers
//    calls .float() first).
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
#include <variant>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/flattened_patches.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/options/text_list.hpp"

namespace pixelprep {

struct Pix2StructOptions : CommonOptions {
    std::optional<int> max_patches;
    std::optional<SizeSpec> patch_size;
    std::optional<bool> is_vqa;
    std::optional<TextList> header_text;  // preprocess()'s argument (VQA only)
    static constexpr auto fields() {
        using O = Pix2StructOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"max_patches", &O::max_patches},
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
        flattened_patches::validate(class_name, o.max_patches, o.patch_size);
    }

    // The patch grid extract_flattened_patches picks for an image of h x w.
    static std::pair<int, int> grid(int h, int w, int max_patches, int ph, int pw) {
        return flattened_patches::grid(h, w, max_patches, ph, pw, flattened_patches::SquareRoot::python_pow_half);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int max_patches = *o.max_patches, ph = *o.patch_size->height, pw = *o.patch_size->width;
        std::vector<Tensor> patches_out, masks_out;
        for (const auto& img : images) {
            ImageF32 image = flattened_patches::to_float(img);
            if (truthy(o.do_normalize)) image = flattened_patches::standardize(image);
            const auto [rows, cols] = grid(image.height(), image.width(), max_patches, ph, pw);
            auto [patches, mask] = flattened_patches::extract(image, rows, cols, ph, pw, max_patches);
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
