// LayoutLMv2ImageProcessor (models/layoutlmv2/image_processing_pil_layoutlmv2.py, also
// LayoutXLM's) and LayoutLMv3ImageProcessor (models/layoutlmv3/..., also UDOP's). Their
// pixels: LayoutLMv2 resizes and flips RGB to BGR (Detectron2's order), always, and nothing
// else -- the output stays uint8, whatever rescale or normalize keys a config carries;
// LayoutLMv3 runs resize, rescale and normalize (no pad; its center crop raises a TypeError in
// transformers 5.23.0, so pixelprep refuses do_center_crop with that reason). Both run Tesseract OCR
// by default (apply_ocr) to add `words` and `boxes`: OCR is not image preprocessing and not
// part of pixelprep, so apply_ocr true is refused with a message that says so, and a config
// or call that sets apply_ocr false gets the pixels.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct LayoutLMOptions : CommonOptions {
    std::optional<bool> apply_ocr;
    std::optional<std::string> ocr_lang;
    std::optional<std::string> tesseract_config;
    static constexpr auto fields() {
        return concat_fields(
            common_fields<LayoutLMOptions>(),
            make_fields(OptionField<LayoutLMOptions, bool>{"apply_ocr", &LayoutLMOptions::apply_ocr},
                            OptionField<LayoutLMOptions, std::string>{"ocr_lang", &LayoutLMOptions::ocr_lang},
                            OptionField<LayoutLMOptions, std::string>{"tesseract_config", &LayoutLMOptions::tesseract_config}));
    }
    friend bool operator==(const LayoutLMOptions&, const LayoutLMOptions&) = default;
};

namespace layoutlm {

inline void refuse_ocr(const LayoutLMOptions& o, std::string_view class_name) {
    if (truthy(o.apply_ocr))
        throw InvalidArgument(std::string(class_name) +
                              ": key 'apply_ocr': true asks for Tesseract OCR (the `words` and `boxes` outputs), "
                              "which is not image preprocessing and not part of pixelprep; set apply_ocr to false "
                              "for pixel_values and run OCR separately");
}

inline LayoutLMOptions ocr_defaults() {
    auto o = base_defaults<LayoutLMOptions>();
    o.resample = Resample::bilinear;
    o.size = SizeSpec::exact(224, 224);
    o.do_resize = o.apply_ocr = true;
    o.tesseract_config = "";  // ocr_lang: None, as the classes leave it
    return o;
}

}  // namespace layoutlm

struct LayoutLMv2Model {
    using options_type = LayoutLMOptions;
    static constexpr std::string_view class_name = "LayoutLMv2ImageProcessor";
    static options_type defaults() {
        auto o = layoutlm::ocr_defaults();
        o.rescale_factor.reset();  // the class sets it to None
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        layoutlm::refuse_ocr(o, class_name);
        o.do_center_crop = o.do_rescale = o.do_normalize = o.do_pad = false;  // not steps of its _preprocess
        const auto target = [&](int height, int width) { return geometry::resize_output_size(height, width, *o.size); };
        return run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = false, .reverse_channels = true});
    }
};

struct LayoutLMv3Model {
    using options_type = LayoutLMOptions;
    static constexpr std::string_view class_name = "LayoutLMv3ImageProcessor";
    static options_type defaults() {
        auto o = layoutlm::ocr_defaults();
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.do_rescale = o.do_normalize = true;
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        layoutlm::refuse_ocr(o, class_name);
        if (truthy(o.do_center_crop))  // transformers 5.23.0 fails here the same way for every image
            throw InvalidArgument("LayoutLMv3ImageProcessor: key 'do_center_crop': true fails in transformers "
                                  "5.23.0 (its _preprocess calls center_crop without a size: TypeError), so "
                                  "there is no output to match; set do_center_crop to false");
        o.do_pad = false;  // not a step of its _preprocess
        return GenericRecipe::run<B>(std::move(images), o);
    }
};

}  // namespace pixelprep
