// VideoLlavaImageProcessor (models/video_llava/image_processing_video_llava.py), the image
// side of Video-LLaVA. It is still a legacy BaseImageProcessor: CLIP's steps (shortest-edge
// resize, center crop, rescale, normalize; no pad), with the legacy input handling
// (process_image.hpp: only PIL images are made RGB, the channel axis of every array is
// inferred from (1, 3)) and the legacy resize rule: a size with `shortest_edge` resizes that
// edge (a `longest_edge` beside it is not read), else `height` and `width`.
// The output is `pixel_values_images` unless the call passes
// return_legacy_image_output=False; that argument is read from the call only (a config's
// value is saved again, never read), as its preprocess() has it.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/core/process_image.hpp"
#include "pixelprep/models/clip.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct VideoLlavaOptions : CommonOptions {
    std::optional<bool> return_legacy_image_output;  // a call argument (see above)
    static constexpr auto fields() {
        using O = VideoLlavaOptions;
        return concat_fields(common_fields<O>(), make_fields(OptionField<O, bool>{
                                                      "return_legacy_image_output", &O::return_legacy_image_output}));
    }
    friend bool operator==(const VideoLlavaOptions&, const VideoLlavaOptions&) = default;
};

struct VideoLlavaModel {
    using options_type = VideoLlavaOptions;
    static constexpr std::string_view class_name = "VideoLlavaImageProcessor";
    static constexpr LegacyInputs legacy_inputs = LegacyInputs::rgb_for_pil_only;
    static constexpr std::array<std::string_view, 1> call_only_options{"return_legacy_image_output"};
    static options_type defaults() { return clip_defaults<options_type>(); }

    // VideoLlavaImageProcessor.resize: shortest_edge first, then height and width.
    static geometry::HeightWidth target_size(int height, int width, const SizeSpec& size) {
        if (size.shortest_edge) return geometry::resize_output_size(height, width, SizeSpec::shortest(*size.shortest_edge));
        if (size.height && size.width) return geometry::resize_output_size(height, width, SizeSpec::exact(*size.height, *size.width));
        throw InvalidArgument("Size must contain either 'shortest_edge' or 'height' and 'width'. Got " + size.to_string());
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const auto target = [&](int height, int width) { return target_size(height, width, *o.size); };
        BatchFeature pixels = run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = false});
        if (o.return_legacy_image_output.value_or(true)) {
            BatchFeature out;
            out.set("pixel_values_images", pixels.take("pixel_values"));
            return out;
        }
        return pixels;
    }
};

}  // namespace pixelprep
