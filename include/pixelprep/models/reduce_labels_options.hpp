// The options of classes that also take segmentation maps (BEiT, MobileNetV2, Segformer):
// the common ones plus do_reduce_labels. pixelprep reads images only, and transformers forces
// do_reduce_labels off for images, so the option is accepted, saved and loaded, and never
// changes a pixel.
#pragma once

#include <optional>

#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/field_list.hpp"

namespace pixelprep {

struct ReduceLabelsOptions : CommonOptions {
    std::optional<bool> do_reduce_labels;
    static constexpr auto fields() {
        return concat_fields(common_fields<ReduceLabelsOptions>(),
                              make_fields(OptionField<ReduceLabelsOptions, bool>{
                                  "do_reduce_labels", &ReduceLabelsOptions::do_reduce_labels}));
    }
    friend bool operator==(const ReduceLabelsOptions&, const ReduceLabelsOptions&) = default;
};

}  // namespace pixelprep
