// ChameleonImageProcessor (models/chameleon/image_processing_pil_chameleon.py): shortest edge
// 512 with Lanczos, center crop 512, rescale by 0.0078 and normalize with mean = std = 1
// (values in about [-1, 0.99]), RGB conversion on; the generic pipeline.
#pragma once

#include <string_view>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct ChameleonModel : GenericRecipe {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "ChameleonImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::lanczos;
        o.image_mean = ChannelValues{{1.0, 1.0, 1.0}, false};
        o.image_std = ChannelValues{{1.0, 1.0, 1.0}, false};
        o.size = SizeSpec::shortest(512);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(512, 512);
        o.rescale_factor = 0.0078;
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        return o;
    }
};

}  // namespace pixelprep
