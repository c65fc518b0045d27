// Emu3ImageProcessor (models/emu3/image_processing_emu3.py), a legacy BaseImageProcessor:
// each image is resized to Qwen2-VL's smart_resize of its size (factor `spatial_factor`,
// area within [min_pixels, max_pixels]; the same function, geometry/smart_resize.hpp), then
// rescaled and normalized; the batch is padded bottom/right with zeros to its largest height
// and width (after normalization) and `image_sizes` gives each image's size before that pad.
// Inputs are read the legacy way (process_image.hpp).
//
// What its __init__ and preprocess() do with their arguments, kept here:
//  * `size` is never read: __init__ sets it to {min_pixels, max_pixels}, which is what is
//    saved (a config's own `size` is replaced);
//  * `do_pad` is an __init__ argument that is dropped (neither kept nor saved); only a call's
//    do_pad is read, True when not given.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/geometry/smart_resize.hpp"
#include "pixelprep/core/process_image.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct Emu3Options : CommonOptions {
    std::optional<long long> min_pixels;
    std::optional<long long> max_pixels;
    std::optional<int> spatial_factor;
    static constexpr auto fields() {
        using O = Emu3Options;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, long long>{"min_pixels", &O::min_pixels},
                                              OptionField<O, long long>{"max_pixels", &O::max_pixels},
                                              OptionField<O, int>{"spatial_factor", &O::spatial_factor}));
    }
    friend bool operator==(const Emu3Options&, const Emu3Options&) = default;
};

struct Emu3Model {
    using options_type = Emu3Options;
    static constexpr std::string_view class_name = "Emu3ImageProcessor";
    static constexpr LegacyInputs legacy_inputs = LegacyInputs::rgb_for_arrays_too;
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.min_pixels = 512 * 512;
        o.max_pixels = 1024 * 1024;
        o.spatial_factor = 8;
        return o;
    }
    // __init__ drops `do_pad` and replaces `size` (see above).
    static void fold_legacy_keys(JsonValue::Object& config) {
        config.erase("do_pad");
        config.erase("size");
    }
    static JsonValue::Object saved_attributes(const options_type& o) {
        JsonValue::Object size;
        if (o.max_pixels) size["max_pixels"] = JsonValue(*o.max_pixels);
        if (o.min_pixels) size["min_pixels"] = JsonValue(*o.min_pixels);
        return {{"size", JsonValue(std::move(size))}};
    }

    // validate_preprocess_arguments sees size = self.size, which __init__ made {min, max}.
    static void validate(const options_type& o) {
        options_type checked = o;
        if (o.min_pixels && o.max_pixels) checked.size = SizeSpec::pixels(*o.min_pixels, *o.max_pixels);
        validate_preprocess_arguments(checked);
    }

    static geometry::HeightWidth target_size(int height, int width, const options_type& o) {
        if (!o.spatial_factor || !o.min_pixels || !o.max_pixels)
            throw InvalidArgument("Emu3ImageProcessor: spatial_factor, min_pixels and max_pixels must be set to resize");
        return geometry::smart_resize(height, width, *o.spatial_factor, *o.min_pixels, *o.max_pixels);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        o.do_center_crop = false;  // not a step of its preprocess
        o.do_pad = o.do_pad.value_or(true);
        o.pad_size.reset();
        // image_sizes: each image's (height, width) before the batch pad, read by
        // get_image_size(image, input_data_format) from the channels-first result: with the
        // call's input_data_format="channels_last" that reads (channels, height), as in
        // transformers.
        const bool read_as_channels_last = o.input_data_format == "channels_last";
        Array<std::int64_t> sizes(std::vector<std::size_t>{images.size(), 2});
        for (std::size_t i = 0; i < images.size(); ++i) {
            geometry::HeightWidth s{height_of(images[i]), width_of(images[i])};
            if (truthy(o.do_resize)) s = target_size(s.height, s.width, o);
            sizes.data()[2 * i] = read_as_channels_last ? channels_of(images[i]) : s.height;
            sizes.data()[2 * i + 1] = read_as_channels_last ? s.height : s.width;
        }
        const auto target = [&](int height, int width) { return target_size(height, width, o); };
        BatchFeature out = run_with_resize_rule<B>(std::move(images), o, target, {});
        out.set_tensor("image_sizes", std::move(sizes));
        return out;
    }
};

}  // namespace pixelprep
