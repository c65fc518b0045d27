// IdeficsImageProcessor (models/idefics/image_processing_pil_idefics.py): the generic pipeline
// at 224x224 bicubic with CLIP's mean and std. `image_size` is __init__'s alias for size
// ({height: s, width: s}); at call time it is accepted and changes nothing, as there, and the
// saved config carries image_size = size.height. transformers returns the bare pixel_values
// array rather than a BatchFeature; pixelprep returns its usual BatchFeature with that key
// (the Python transformers backend hands back the bare array). A call-time `transform` (a
// Python callable) is not an option pixelprep knows.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct IdeficsOptions : CommonOptions {
    std::optional<int> image_size;          // __init__'s alias for size; unused at call time
    std::optional<int> image_num_channels;  // stored, never read
    static constexpr auto fields() {
        using O = IdeficsOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"image_size", &O::image_size},
                                              OptionField<O, int>{"image_num_channels", &O::image_num_channels}));
    }
    friend bool operator==(const IdeficsOptions&, const IdeficsOptions&) = default;
};

struct IdeficsModel : GenericRecipe {
    using options_type = IdeficsOptions;
    static constexpr std::string_view class_name = "IdeficsImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.image_num_channels = 3;
        return o;
    }
    // __init__ pops image_size and, when it is not None, makes it the size.
    static void fold_legacy_keys(JsonValue::Object& config) {
        const auto it = config.find("image_size");
        if (it == config.end()) return;
        JsonValue side = std::move(it->second);
        config.erase(it);
        if (!side.is_null()) config["size"] = JsonValue::Object{{"height", side}, {"width", side}};
    }
    // __init__ ends with self.image_size = self.size.height, which save_pretrained writes.
    static JsonValue::Object saved_attributes(const options_type& o) {
        if (o.size && o.size->height) return {{"image_size", JsonValue(*o.size->height)}};
        return {{"image_size", JsonValue(nullptr)}};
    }
};

}  // namespace pixelprep
