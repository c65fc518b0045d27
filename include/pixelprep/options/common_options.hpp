// The options every image processor understands: transformers' ImagesKwargs. A model's
// option struct derives from CommonOptions and appends its own fields to fields().
// Every field is optional: "unset" plays the role of Python's None.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/size_spec.hpp"
#include "pixelprep/options/field_list.hpp"
#include "pixelprep/options/value_codec.hpp"

namespace pixelprep {

// Names one option and where it lives in the option struct `Owner`.
template <class Owner, class T> struct OptionField {
    using value_type = T;
    std::string_view name;
    std::optional<T> Owner::*member;
};

struct CommonOptions {
    std::optional<bool> do_convert_rgb;
    std::optional<bool> do_resize;
    std::optional<SizeSpec> size;
    std::optional<bool> default_to_square;
    std::optional<SizeSpec> crop_size;
    std::optional<Resample> resample;
    std::optional<bool> do_rescale;
    std::optional<double> rescale_factor;
    std::optional<bool> do_normalize;
    std::optional<ChannelValues> image_mean;
    std::optional<ChannelValues> image_std;
    std::optional<bool> do_pad;
    std::optional<SizeSpec> pad_size;
    std::optional<bool> do_center_crop;
    std::optional<std::string> input_data_format;  // "channels_first" / "channels_last" / unset = infer
    std::optional<int> image_seq_length;           // carried for configs; not used by the pixels

    friend bool operator==(const CommonOptions&, const CommonOptions&) = default;
};

// The ImagesKwargs fields, in transformers' declaration order, for any option struct O
// deriving from CommonOptions.
template <class O> constexpr auto common_fields() {
    return make_fields(
        OptionField<O, bool>{"do_convert_rgb", &O::do_convert_rgb},
        OptionField<O, bool>{"do_resize", &O::do_resize},
        OptionField<O, SizeSpec>{"size", &O::size},
        OptionField<O, bool>{"default_to_square", &O::default_to_square},
        OptionField<O, SizeSpec>{"crop_size", &O::crop_size},
        OptionField<O, Resample>{"resample", &O::resample},
        OptionField<O, bool>{"do_rescale", &O::do_rescale},
        OptionField<O, double>{"rescale_factor", &O::rescale_factor},
        OptionField<O, bool>{"do_normalize", &O::do_normalize},
        OptionField<O, ChannelValues>{"image_mean", &O::image_mean},
        OptionField<O, ChannelValues>{"image_std", &O::image_std},
        OptionField<O, bool>{"do_pad", &O::do_pad},
        OptionField<O, SizeSpec>{"pad_size", &O::pad_size},
        OptionField<O, bool>{"do_center_crop", &O::do_center_crop},
        OptionField<O, std::string>{"input_data_format", &O::input_data_format},
        OptionField<O, int>{"image_seq_length", &O::image_seq_length});
}

// ImagesKwargs names that transformers accepts but that change nothing in the numbers
// pixelprep produces (outputs are always channels-first, both list and stacked forms are
// available, the backend is chosen separately). Accepted at call time with a value check.
inline constexpr std::string_view call_time_no_op_options[] = {"data_format", "return_tensors", "device",
                                                              "disable_grouping"};

// Config keys that name or route the processor rather than configure it; ignored when loading.
inline constexpr std::string_view config_routing_keys[] = {
    "image_processor_type", "feature_extractor_type", "processor_class", "_processor_class", "auto_map",
    "data_format", "device", "return_tensors", "disable_grouping", "use_fast", "backend"};

}  // namespace pixelprep
