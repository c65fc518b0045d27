// TextNetImageProcessor (models/textnet/image_processing_pil_textnet.py): its resize takes the
// shortest_edge size (the long side in proportion, as get_resize_output_image_size does) and
// rounds each side up to a multiple of size_divisor (32); then the generic crop (off by
// default) and value steps. Its _preprocess has no pad step, so do_pad is ignored.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/size_divisor_options.hpp"

namespace pixelprep {

struct TextNetModel {
    using options_type = SizeDivisorOptions;
    static constexpr std::string_view class_name = "TextNetImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::shortest(640);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.do_center_crop = false;
        o.size_divisor = 32;
        return o;
    }

    static geometry::HeightWidth resize_size(int height, int width, const options_type& o) {
        if (!o.size->shortest_edge || *o.size->shortest_edge == 0)
            throw InvalidArgument("TextNetImageProcessor: size " + o.size->to_string() + ": size must contain 'shortest_edge' key");
        const int divisor = positive_size_divisor(o, class_name);
        const geometry::HeightWidth s = geometry::size_for_shortest_edge(height, width, *o.size->shortest_edge);
        const auto round_up = [&](int v) { return v % divisor == 0 ? v : v + (divisor - v % divisor); };
        return {round_up(s.height), round_up(s.width)};
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const auto target = [&](int height, int width) { return resize_size(height, width, o); };
        return run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = false});
    }
};

}  // namespace pixelprep
