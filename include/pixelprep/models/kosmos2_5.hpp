// Kosmos2_5ImageProcessor (models/kosmos2_5/image_processing_pil_kosmos2_5.py): Pix2Struct's
// flattened patches (models/flattened_patches.hpp) with three differences in transformers' code:
//  * the grid's scale is math.sqrt (correctly rounded), where Pix2Struct's `** 0.5` is libm's pow;
//  * without do_normalize transformers hands the pixels to torch as they are: float pixels
//    resize as float32; uint8 pixels fail in transformers (torch's unfold, its patch extraction,
//    has no uint8 kernel: "im2col_out_cpu" not implemented for 'Byte'), and pixelprep refuses
//    them with that reason;
//  * the output also gives each image's resized `width` and `height` and its `rows` and `cols`.
// No rescale, whatever do_rescale says, and no VQA header.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/flattened_patches.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct Kosmos2_5Options : CommonOptions {
    std::optional<int> max_patches;
    std::optional<SizeSpec> patch_size;
    static constexpr auto fields() {
        using O = Kosmos2_5Options;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"max_patches", &O::max_patches},
                                              OptionField<O, SizeSpec>{"patch_size", &O::patch_size}));
    }
    friend bool operator==(const Kosmos2_5Options&, const Kosmos2_5Options&) = default;
};

struct Kosmos2_5Model {
    using options_type = Kosmos2_5Options;
    static constexpr std::string_view class_name = "Kosmos2_5ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.rescale_factor.reset();  // the class sets rescale_factor = None (nothing is rescaled)
        o.do_normalize = o.do_convert_rgb = true;
        o.max_patches = 4096;
        o.patch_size = SizeSpec::exact(16, 16);
        return o;
    }
    // transformers skips the usual preprocess checks (_validate_preprocess_kwargs does nothing).
    static void validate(const options_type& o) { flattened_patches::validate(class_name, o.max_patches, o.patch_size); }

    // The patch grid extract_flattened_patches picks for an image of h x w.
    static std::pair<int, int> grid(int h, int w, int max_patches, int ph, int pw) {
        return flattened_patches::grid(h, w, max_patches, ph, pw, flattened_patches::SquareRoot::math_sqrt);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int max_patches = *o.max_patches, ph = *o.patch_size->height, pw = *o.patch_size->width;
        const bool standardize = truthy(o.do_normalize);
        std::vector<Tensor> patches_out, masks_out;
        const std::vector<std::size_t> per_image{images.size()};
        Array<std::int64_t> widths(per_image), heights(per_image), rows_out(per_image), cols_out(per_image);
        for (std::size_t i = 0; i < images.size(); ++i) {
            if (!standardize && std::holds_alternative<ImageU8>(images[i]))
                throw InvalidArgument("Kosmos2_5ImageProcessor: image " + std::to_string(i) +
                                      ": do_normalize=false hands the uint8 pixels to torch, whose patch "
                                      "extraction (unfold) has no uint8 kernel, so transformers fails here too; "
                                      "keep do_normalize, or pass float pixels");
            ImageF32 image = flattened_patches::to_float(images[i]);
            if (standardize) image = flattened_patches::standardize(image);
            const auto [rows, cols] = grid(image.height(), image.width(), max_patches, ph, pw);
            auto [patches, mask] = flattened_patches::extract(image, rows, cols, ph, pw, max_patches);
            patches_out.emplace_back(std::move(patches));
            masks_out.emplace_back(std::move(mask));
            widths(i) = std::int64_t(cols) * pw;
            heights(i) = std::int64_t(rows) * ph;
            rows_out(i) = rows;
            cols_out(i) = cols;
        }
        BatchFeature out;
        out.set_list("flattened_patches", std::move(patches_out));
        out.set_list("attention_mask", std::move(masks_out));
        out.set_tensor("width", std::move(widths));
        out.set_tensor("height", std::move(heights));
        out.set_tensor("rows", std::move(rows_out));
        out.set_tensor("cols", std::move(cols_out));
        return out;
    }
};

}  // namespace pixelprep
