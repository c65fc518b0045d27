// Glm4vImageProcessor (models/glm4v/image_processing_pil_glm4v.py), and GLM-4.6V's and
// GLM-GA's, whose code is the same: Qwen2-VL's patches and image_grid_thw with GLM's
// smart_resize -- the budget counts temporal_patch_size frames, and a side under
// patch_size * merge_size is first scaled up to it (geometry/smart_resize.hpp) -- and other
// defaults (12544 to 28*28*15000 pixels). min_pixels / max_pixels are not read by these
// classes (not folded into size; a config's are kept and saved, and change nothing).
// GLM-GA adds patch_expand_factor, an attribute its preprocessing does not read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/qwen2_vl.hpp"

namespace pixelprep {

template <class Name, class Options = Qwen2VLOptions>
struct Glm4vFamilyModel : Qwen2VLModel {
    using options_type = Options;
    static constexpr std::string_view class_name = Name::value;
    static options_type defaults() {
        options_type o;
        static_cast<Qwen2VLOptions&>(o) = Qwen2VLModel::defaults();
        o.size = SizeSpec::shortest_longest(112 * 112, 28 * 28 * 15000);
        if constexpr (requires { o.patch_expand_factor; }) o.patch_expand_factor = 1;
        return o;
    }
    static void standardize(options_type&) {}  // no min/max_pixels folding

    static geometry::HeightWidth target_size(int h, int w, const options_type& o) {
        if (!o.size || !o.size->shortest_edge || !o.size->longest_edge || *o.size->shortest_edge == 0 ||
            *o.size->longest_edge == 0)
            throw InvalidArgument("`size` dict must contain 'shortest_edge' and 'longest_edge' keys but got " +
                                  (o.size ? o.size->to_string() : std::string("None")) + ".");
        const int t = o.temporal_patch_size.value_or(2);
        return geometry::smart_resize(h, w, factor(o), *o.size->shortest_edge, *o.size->longest_edge, {t, t, true});
    }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        return run_sized<B>(std::move(images), o, [&](int h, int w) { return target_size(h, w, o); });
    }
    // Glm4vProcessor: grid_t * grid_h * grid_w / merge_size^2 image tokens, as Qwen2-VL's.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        return token_count_of(truthy(o.do_resize) ? target_size(height, width, o) : geometry::HeightWidth{height, width}, o);
    }
};

struct GlmgaOptions : Qwen2VLOptions {
    std::optional<int> patch_expand_factor;
    static constexpr auto fields() {
        return concat_fields(qwen2_vl_fields<GlmgaOptions>(),
                              make_fields(OptionField<GlmgaOptions, int>{"patch_expand_factor",
                                                                             &GlmgaOptions::patch_expand_factor}));
    }
    friend bool operator==(const GlmgaOptions&, const GlmgaOptions&) = default;
};

struct Glm4vName {
    static constexpr std::string_view value = "Glm4vImageProcessor";
};
struct Glm46VName {
    static constexpr std::string_view value = "Glm46VImageProcessor";
};
struct GlmgaName {
    static constexpr std::string_view value = "GlmgaImageProcessor";
};
using Glm4vModel = Glm4vFamilyModel<Glm4vName>;
using Glm46VModel = Glm4vFamilyModel<Glm46VName>;
using GlmgaModel = Glm4vFamilyModel<GlmgaName, GlmgaOptions>;

}  // namespace pixelprep
