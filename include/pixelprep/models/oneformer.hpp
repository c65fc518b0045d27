// OneFormerImageProcessor (models/oneformer/image_processing_pil_oneformer.py), for images:
// the generic resize (shortest_edge/longest_edge by get_size_with_aspect_ratio, bilinear,
// 800/1333 by default), rescale and normalize per image; then encode_inputs always pads the
// batch bottom/right with zeros to its largest height and width (after normalization; there
// is no pad_size, no do_pad and no center crop in its _preprocess) with an int64 `pixel_mask`,
// and adds `task_inputs`: "the task is " + each element of the call's task_inputs
// (["panoptic"] when not given), as a list of strings under every return_tensors. That list
// has as many entries as task_inputs, not one per image, as in transformers.
//
// Segmentation maps (mask_labels, class_labels, text_inputs) are the labels side, not part of
// pixelprep. So is the class metadata: with class_info_file set, transformers' __init__ reads
// that file from repo_path (downloading it from the hub) for the labels' class names only;
// pixelprep keeps the keys, so that a config saves as it loaded, and reads no file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/models/detr.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/options/text_list.hpp"

namespace pixelprep {

struct OneFormerOptions : CommonOptions {
    std::optional<std::string> repo_path;
    std::optional<std::string> class_info_file;
    std::optional<int> num_text;
    std::optional<int> num_labels;
    std::optional<int> ignore_index;
    std::optional<bool> do_reduce_labels;
    std::optional<TextList> task_inputs;  // preprocess()'s argument: a bare string gives one task per character, as transformers' loop over it
    static constexpr auto fields() {
        using O = OneFormerOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, std::string>{"repo_path", &O::repo_path},
                                              OptionField<O, std::string>{"class_info_file", &O::class_info_file},
                                              OptionField<O, int>{"num_text", &O::num_text},
                                              OptionField<O, int>{"num_labels", &O::num_labels},
                                              OptionField<O, int>{"ignore_index", &O::ignore_index},
                                              OptionField<O, bool>{"do_reduce_labels", &O::do_reduce_labels},
                                              OptionField<O, TextList>{"task_inputs", &O::task_inputs}));
    }
    friend bool operator==(const OneFormerOptions&, const OneFormerOptions&) = default;
};

struct OneFormerModel {
    using options_type = OneFormerOptions;
    static constexpr std::string_view class_name = "OneFormerImageProcessor";
    static options_type defaults() {
        auto o = detection::detr_family_defaults<options_type>();
        o.do_convert_rgb = true;
        o.do_reduce_labels = false;
        o.repo_path = "shi-labs/oneformer_demo";
        return o;
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        o.do_pad = true;  // encode_inputs always pads, to the batch's largest size
        o.pad_size = std::nullopt;
        BatchFeature out = detection::run_padded<B>(std::move(images), o, [&](int height, int width) {
            return geometry::resize_output_size(height, width, *o.size);
        });
        std::vector<std::string> tasks;
        for (const std::string& task : o.task_inputs ? o.task_inputs->items : std::vector<std::string>{"panoptic"})
            tasks.push_back("the task is " + task);
        out.set_text_list("task_inputs", std::move(tasks));
        return out;
    }
};

}  // namespace pixelprep
