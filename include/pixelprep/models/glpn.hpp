// GLPNImageProcessor (models/glpn/image_processing_pil_glpn.py), for depth estimation: its
// resize ignores `size` and rounds each side down to a multiple of size_divisor (32); then
// rescale only (no normalize statistics by default). Its _preprocess has neither a crop nor a
// pad step, and its validation drops do_resize, so a config without `size` is valid.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/size_divisor_options.hpp"

namespace pixelprep {

struct GLPNModel {
    using options_type = SizeDivisorOptions;
    static constexpr std::string_view class_name = "GLPNImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.do_resize = o.do_rescale = true;
        o.size_divisor = 32;
        return o;
    }

    // _validate_preprocess_kwargs without do_resize (size is never read).
    static void validate(options_type o) {
        o.do_resize = false;
        validate_preprocess_arguments(o);
    }

    static geometry::HeightWidth resize_size(int height, int width, const options_type& o) {
        const int divisor = positive_size_divisor(o, class_name);
        const geometry::HeightWidth s{height / divisor * divisor, width / divisor * divisor};
        if (s.height == 0 || s.width == 0)
            throw InvalidArgument("GLPNImageProcessor: a " + std::to_string(height) + "x" + std::to_string(width) +
                                  " image rounds down to " + std::to_string(s.height) + "x" + std::to_string(s.width) +
                                  " at size_divisor " + std::to_string(divisor) + ": nothing to resize to");
        return s;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, options_type o) {
        if (truthy(o.do_resize) && !o.resample)
            throw InvalidArgument("GLPNImageProcessor: `resample` must be specified if `do_resize` is `True`.");
        o.do_center_crop = false;  // not a step of its _preprocess
        const auto target = [&](int height, int width) { return resize_size(height, width, o); };
        return run_with_resize_rule<B>(std::move(images), o, target, {.batch_padding = false});
    }
};

}  // namespace pixelprep
