// SuperGlueImageProcessor and its two modular copies, LightGlue's and EfficientLoFTR's
// (models/superglue/image_processing_pil_superglue.py): SuperPoint's pipeline (480x640
// bilinear resize, rescale, NTSC grey) with do_grayscale on by default, over image PAIRS.
// validate_and_format_image_pairs takes a flat list of exactly two images as one pair, or a
// list of pairs; anything else is refused. pixel_values holds one (2, C, H, W) array per pair,
// (pairs, 2, C, H, W) once stacked, as transformers returns it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/stack_group.hpp"
#include "pixelprep/models/superpoint.hpp"

namespace pixelprep {

template <class Name> struct KeypointMatchingModel {
    using options_type = SuperPointOptions;
    static constexpr std::string_view class_name = Name::value;
    static options_type defaults() {
        options_type o = SuperPointModel::defaults();
        o.do_grayscale = true;
        return o;
    }

    // Each sample is one pair: a flat batch is one sample, a nested batch one per pair.
    template <class B> static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> pairs, const options_type& o) {
        std::vector<WorkingImage> images;
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            if (pairs[i].size() != 2)
                throw InvalidArgument(std::string(class_name) + ": sample " + std::to_string(i) + " holds " +
                                      std::to_string(pairs[i].size()) +
                                      " image(s); the input must be a pair of images (a list of two) or a list of "
                                      "pairs, as transformers' validate_and_format_image_pairs requires");
            for (auto& image : pairs[i]) images.push_back(std::move(image));
        }
        const std::vector<Tensor> items = SuperPointModel::preprocess_items<B>(std::move(images), o, class_name);
        std::vector<Tensor> stacked;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2)
            stacked.push_back(stack_group({items[i], items[i + 1]}, class_name, "image", "pair"));
        BatchFeature out;
        out.set_list("pixel_values", std::move(stacked));
        return out;
    }
};

struct SuperGlueName {
    static constexpr std::string_view value = "SuperGlueImageProcessor";
};
struct LightGlueName {
    static constexpr std::string_view value = "LightGlueImageProcessor";
};
struct EfficientLoFTRName {
    static constexpr std::string_view value = "EfficientLoFTRImageProcessor";
};
using SuperGlueModel = KeypointMatchingModel<SuperGlueName>;
using LightGlueModel = KeypointMatchingModel<LightGlueName>;
using EfficientLoFTRModel = KeypointMatchingModel<EfficientLoFTRName>;

}  // namespace pixelprep
