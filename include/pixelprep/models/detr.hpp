// The detection processors: DetrImageProcessor (models/detr/image_processing_pil_detr.py) and
// its copies -- ConditionalDetr, DeformableDetr and GroundingDino are the same class under
// other names -- YolosImageProcessor (DETR with its own size rule) and RTDetrImageProcessor
// (DETR's pipeline with other defaults and no legacy keys). Per image: resize (the
// detection size rule, geometry/detection_sizes.hpp), rescale, normalize; then, with do_pad,
// every image goes bottom/right onto the batch's canvas (pad_size, or the largest height and
// width) with zeros after normalization, and `pixel_mask` (int64, 1 over the image, 0 over
// the padding) comes first in the outputs. There is no crop step (do_center_crop is swallowed
// by **kwargs), and annotations -- the labels side -- are not part of pixelprep.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/geometry/detection_sizes.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/models/pixel_mask.hpp"

namespace pixelprep {

struct DetrOptions : CommonOptions {
    std::optional<std::string> format;  // the annotations' format: "coco_detection" or "coco_panoptic"
    std::optional<bool> do_convert_annotations;
    static constexpr auto fields() {
        return concat_fields(
            common_fields<DetrOptions>(),
            make_fields(OptionField<DetrOptions, std::string>{"format", &DetrOptions::format},
                            OptionField<DetrOptions, bool>{"do_convert_annotations", &DetrOptions::do_convert_annotations}));
    }
    friend bool operator==(const DetrOptions&, const DetrOptions&) = default;
};

namespace detection {

// The class attributes DETR and the segmentation classes (MaskFormer's, OneFormer's) share:
// bilinear to 800/1333 (shortest/longest edge), ImageNet statistics, resize, rescale and
// normalize on.
template <class O> O detr_family_defaults() {
    auto o = base_defaults<O>();
    o.resample = Resample::bilinear;
    o.image_mean = imagenet_default_mean();
    o.image_std = imagenet_default_std();
    o.size = SizeSpec::shortest_longest(800, 1333);
    o.default_to_square = false;
    o.do_resize = o.do_rescale = o.do_normalize = true;
    return o;
}

inline DetrOptions detr_defaults() {
    auto o = detr_family_defaults<DetrOptions>();
    o.format = "coco_detection";
    o.do_pad = o.do_convert_annotations = true;
    return o;
}

// The __init__ of DETR and its copies (not RT-DETR's), on the config's keys before they are
// read: `pad_and_return_pixel_mask` is do_pad where do_pad is not given; a `size` given as a
// number becomes {shortest_edge: size, longest_edge: max_size (1333 when absent)}, and any
// `max_size` that came with a size is dropped (without a size it stays an unused attribute).
inline void fold_detr_legacy_keys(JsonValue::Object& config) {
    if (auto it = config.find("pad_and_return_pixel_mask"); it != config.end()) {
        JsonValue value = std::move(it->second);
        config.erase(it);
        if (!config.count("do_pad")) config["do_pad"] = std::move(value);
    }
    const auto size = config.find("size");
    if (size == config.end() || size->second.is_null()) return;
    JsonValue max_size = 1333;
    if (auto it = config.find("max_size"); it != config.end()) {
        max_size = std::move(it->second);
        config.erase(it);
    }
    if (size->second.is_number()) {
        JsonValue::Object folded{{"shortest_edge", size->second}};
        if (!max_size.is_null()) folded["longest_edge"] = std::move(max_size);
        size->second = std::move(folded);
    }
}

// Both __init__s: an unset do_convert_annotations follows the config's do_normalize.
inline void follow_do_normalize(JsonValue::Object& config) {
    const auto normalize = config.find("do_normalize");
    const auto convert = config.find("do_convert_annotations");
    if ((convert == config.end() || convert->second.is_null()) && normalize != config.end() &&
        !normalize->second.is_null())
        config["do_convert_annotations"] = normalize->second;
}

// The _preprocess these classes share -- resize (`target(h, w)`), rescale, normalize, then
// with do_pad the bottom/right batch pad with `pixel_mask` -- for any options O.
template <class B, class O, class Target>
BatchFeature run_padded(std::vector<WorkingImage> images, O o, Target&& target) {
    o.do_center_crop = false;  // not a step of their _preprocess
    std::vector<geometry::HeightWidth> sizes;
    for (const WorkingImage& img : images)
        sizes.push_back(truthy(o.do_resize) ? target(height_of(img), width_of(img))
                                            : geometry::HeightWidth{height_of(img), width_of(img)});
    BatchFeature out = run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = true});
    if (truthy(o.do_pad)) add_pixel_mask(out, sizes);
    return out;
}

// DETR's _preprocess (every class here runs it) with `rule` as resize()'s size rule.
template <class B>
BatchFeature run(std::vector<WorkingImage> images, const DetrOptions& o, geometry::DetectionSizeRule rule) {
    if (o.format && *o.format != "coco_detection" && *o.format != "coco_panoptic")
        throw InvalidArgument("key 'format': '" + *o.format +
                              "' is not a valid AnnotationFormat (coco_detection or coco_panoptic)");
    return run_padded<B>(std::move(images), o, [&](int height, int width) {
        return geometry::detection_resize_size(height, width, *o.size, rule);
    });
}

}  // namespace detection

struct DetrModel {
    using options_type = DetrOptions;
    static constexpr std::string_view class_name = "DetrImageProcessor";
    static options_type defaults() { return detection::detr_defaults(); }
    static void fold_legacy_keys(JsonValue::Object& config) {
        detection::fold_detr_legacy_keys(config);
        detection::follow_do_normalize(config);
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return detection::run<B>(std::move(images), o, geometry::DetectionSizeRule::detr);
    }
};

// The same class under the names of the models that copied it.
struct ConditionalDetrModel : DetrModel {
    static constexpr std::string_view class_name = "ConditionalDetrImageProcessor";
};
struct DeformableDetrModel : DetrModel {
    static constexpr std::string_view class_name = "DeformableDetrImageProcessor";
};
struct GroundingDinoModel : DetrModel {
    static constexpr std::string_view class_name = "GroundingDinoImageProcessor";
};

struct YolosModel : DetrModel {
    static constexpr std::string_view class_name = "YolosImageProcessor";
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return detection::run<B>(std::move(images), o, geometry::DetectionSizeRule::yolos);
    }
};

// RT-DETR (also RT-DETRv2's, D-FINE's and DEIMv2's checkpoints): a fixed 640x640 stretch,
// rescale only, no pad; its __init__ folds no legacy keys, so a `size` number is a
// shortest_edge alone, which its resize refuses.
struct RTDetrModel {
    using options_type = DetrOptions;
    static constexpr std::string_view class_name = "RTDetrImageProcessor";
    static options_type defaults() {
        auto o = detection::detr_defaults();
        o.size = SizeSpec::exact(640, 640);
        o.do_normalize = o.do_pad = false;
        return o;
    }
    static void fold_legacy_keys(JsonValue::Object& config) { detection::follow_do_normalize(config); }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return detection::run<B>(std::move(images), o, geometry::DetectionSizeRule::detr);
    }
};

// Mask2FormerImageProcessor (models/mask2former/image_processing_pil_mask2former.py) and
// MaskFormerImageProcessor (the same preprocessing), for images: DETR's size rule with each
// side then rounded up to a multiple of size_divisor (32), rescale, normalize, and always the
// bottom/right pad (to pad_size, or the batch's largest size) with `pixel_mask`. Their
// __init__ folds a legacy `max_size` into size's longest_edge. Segmentation maps (mask_labels,
// class_labels; ignore_index, num_labels, do_reduce_labels) are the labels side, not part of
// pixelprep; those keys are kept so that a config saves as it loaded.
struct MaskFormerOptions : CommonOptions {
    std::optional<int> size_divisor;
    std::optional<int> ignore_index;
    std::optional<bool> do_reduce_labels;
    std::optional<int> num_labels;
    static constexpr auto fields() {
        using O = MaskFormerOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"size_divisor", &O::size_divisor},
                                              OptionField<O, int>{"ignore_index", &O::ignore_index},
                                              OptionField<O, bool>{"do_reduce_labels", &O::do_reduce_labels},
                                              OptionField<O, int>{"num_labels", &O::num_labels}));
    }
    friend bool operator==(const MaskFormerOptions&, const MaskFormerOptions&) = default;
};

template <class Name>
struct MaskFormerFamilyModel {
    using options_type = MaskFormerOptions;
    static constexpr std::string_view class_name = Name::value;
    static options_type defaults() {
        auto o = detection::detr_family_defaults<options_type>();
        o.size_divisor = 32;
        o.do_reduce_labels = false;
        return o;
    }
    // __init__: `max_size` becomes size's longest_edge (with a number size, or with the class
    // size when there is none) and is not kept.
    static void fold_legacy_keys(JsonValue::Object& config) {
        const auto it = config.find("max_size");
        if (it == config.end()) return;
        JsonValue max_size = std::move(it->second);
        config.erase(it);
        if (max_size.is_null()) return;
        const auto size = config.find("size");
        if (size == config.end() || size->second.is_null())
            config["size"] = JsonValue::Object{{"shortest_edge", 800}, {"longest_edge", std::move(max_size)}};
        else if (size->second.is_number())
            size->second = JsonValue::Object{{"shortest_edge", size->second}, {"longest_edge", std::move(max_size)}};
    }
    static geometry::HeightWidth resize_size(int height, int width, const options_type& o) {
        geometry::HeightWidth s = geometry::detection_resize_size(height, width, *o.size, geometry::DetectionSizeRule::detr);
        const int divisor = o.size_divisor.value_or(0);
        if (divisor > 0) s = geometry::round_up_to_multiple(s, divisor);
        return s;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        o.do_pad = true;  // their _preprocess always pads
        return detection::run_padded<B>(std::move(images), o,
                                        [&](int height, int width) { return resize_size(height, width, o); });
    }
};

struct Mask2FormerName {
    static constexpr std::string_view value = "Mask2FormerImageProcessor";
};
struct MaskFormerName {
    static constexpr std::string_view value = "MaskFormerImageProcessor";
};
using Mask2FormerModel = MaskFormerFamilyModel<Mask2FormerName>;
using MaskFormerModel = MaskFormerFamilyModel<MaskFormerName>;

}  // namespace pixelprep
