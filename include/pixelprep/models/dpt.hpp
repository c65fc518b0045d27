// DPTImageProcessor (models/dpt/image_processing_pil_dpt.py), also Depth Anything's: its resize
// scales each side toward size's height and width (with keep_aspect_ratio, both by the scale
// nearer 1) and rounds each to a multiple of ensure_multiple_of (Python's round, so ties go to
// even; a side that rounds below 0 would go up); then rescale and normalize; with do_pad and a
// size_divisor, each image is centred on a canvas rounded up to multiples of size_divisor
// (zeros, after normalization). There is no crop step, and do_reduce_labels touches
// segmentation maps only.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct DPTOptions : CommonOptions {
    std::optional<int> ensure_multiple_of;
    std::optional<bool> keep_aspect_ratio;
    std::optional<int> size_divisor;
    std::optional<bool> do_reduce_labels;
    static constexpr auto fields() {
        return concat_fields(
            common_fields<DPTOptions>(),
            make_fields(OptionField<DPTOptions, int>{"ensure_multiple_of", &DPTOptions::ensure_multiple_of},
                            OptionField<DPTOptions, bool>{"keep_aspect_ratio", &DPTOptions::keep_aspect_ratio},
                            OptionField<DPTOptions, int>{"size_divisor", &DPTOptions::size_divisor},
                            OptionField<DPTOptions, bool>{"do_reduce_labels", &DPTOptions::do_reduce_labels}));
    }
    friend bool operator==(const DPTOptions&, const DPTOptions&) = default;
};

struct DPTModel {
    using options_type = DPTOptions;
    static constexpr std::string_view class_name = "DPTImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(384, 384);
        o.default_to_square = true;
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.do_pad = false;
        o.ensure_multiple_of = 1;
        o.keep_aspect_ratio = false;  // do_reduce_labels and size_divisor: None, as the class leaves them
        return o;
    }

    // DPT's get_resize_output_image_size (also Prompt Depth Anything's, for any options with
    // DPT's keys); `who` names the class in errors.
    template <class O>
    static geometry::HeightWidth resize_size(int height, int width, const O& o, std::string_view who = class_name) {
        const std::string where = std::string(who) + " resize";
        if (!o.size->height || !o.size->width)
            throw InvalidArgument(where + ": size " + o.size->to_string() +
                                  ": size must contain 'height' and 'width' keys");
        if (!o.ensure_multiple_of || *o.ensure_multiple_of <= 0)
            throw InvalidArgument(where + ": key 'ensure_multiple_of': " +
                                  (o.ensure_multiple_of ? std::to_string(*o.ensure_multiple_of) : std::string("None")) +
                                  " cannot be a multiple to round to; it must be a positive integer");
        const double multiple = *o.ensure_multiple_of;
        double scale_h = double(*o.size->height) / height, scale_w = double(*o.size->width) / width;
        if (truthy(o.keep_aspect_ratio)) {
            if (std::abs(1 - scale_w) < std::abs(1 - scale_h)) scale_h = scale_w;  // fit width
            else scale_w = scale_h;                                                 // fit height
        }
        const auto constrain = [&](double value) {
            double x = geometry::python_round(value / multiple) * multiple;
            if (x < 0) x = std::ceil(value / multiple) * multiple;
            return geometry::python_int(x, where.c_str());
        };
        const geometry::HeightWidth s{constrain(scale_h * height), constrain(scale_w * width)};
        if (s.height <= 0 || s.width <= 0)
            throw InvalidArgument(where + ": a " + std::to_string(height) + "x" + std::to_string(width) +
                                  " image resizes to " + std::to_string(s.height) + "x" + std::to_string(s.width) +
                                  " (size " + o.size->to_string() + ", ensure_multiple_of " +
                                  std::to_string(*o.ensure_multiple_of) + "): nothing to resize to");
        return s;
    }

    // The pad's multiple, where _preprocess pads (do_pad and a size_divisor), else 0.
    template <class O> static int pad_multiple(const O& o, std::string_view who = class_name) {
        if (!truthy(o.do_pad) || !o.size_divisor) return 0;
        if (*o.size_divisor <= 0)
            throw InvalidArgument(std::string(who) + " pad: key 'size_divisor': " + std::to_string(*o.size_divisor) +
                                  " cannot divide a size; it must be a positive integer");
        return *o.size_divisor;
    }

    template <class B, class O>
    static BatchFeature run(std::vector<WorkingImage> images, O o, std::string_view who = class_name) {
        o.do_center_crop = false;  // not a step of its _preprocess
        const int multiple = pad_multiple(o, who);
        const auto target = [&](int height, int width) { return resize_size(height, width, o, who); };
        return run_with_resize_rule<B>(std::move(images), o, target,
                                       {.batch_padding = false, .centre_on_multiple_of = multiple});
    }
};

// PromptDepthAnythingImageProcessor (models/prompt_depth_anything/...): DPT's resize, rescale,
// normalize and centred pad, with its own defaults. Its optional prompt_depth input (a depth
// map scaled by prompt_scale_to_meter) is a second input pixelprep's calls do not take;
// prompt_scale_to_meter is kept so that a config saves as it loaded.
struct PromptDepthAnythingOptions : CommonOptions {
    std::optional<int> ensure_multiple_of;
    std::optional<bool> keep_aspect_ratio;
    std::optional<int> size_divisor;
    std::optional<double> prompt_scale_to_meter;
    static constexpr auto fields() {
        using O = PromptDepthAnythingOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"ensure_multiple_of", &O::ensure_multiple_of},
                                              OptionField<O, bool>{"keep_aspect_ratio", &O::keep_aspect_ratio},
                                              OptionField<O, int>{"size_divisor", &O::size_divisor},
                                              OptionField<O, double>{"prompt_scale_to_meter", &O::prompt_scale_to_meter}));
    }
    friend bool operator==(const PromptDepthAnythingOptions&, const PromptDepthAnythingOptions&) = default;
};

struct PromptDepthAnythingModel : DPTModel {
    using options_type = PromptDepthAnythingOptions;
    static constexpr std::string_view class_name = "PromptDepthAnythingImageProcessor";
    static options_type defaults() {
        options_type o;
        const DPTOptions dpt = DPTModel::defaults();
        static_cast<CommonOptions&>(o) = dpt;
        o.ensure_multiple_of = dpt.ensure_multiple_of;
        o.keep_aspect_ratio = dpt.keep_aspect_ratio;
        o.prompt_scale_to_meter = 0.001;
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return DPTModel::run<B>(std::move(images), o, class_name);
    }
};

}  // namespace pixelprep
