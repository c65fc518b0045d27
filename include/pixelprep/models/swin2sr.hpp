// Swin2SRImageProcessor (models/swin2sr/image_processing_pil_swin2sr.py): rescale, then pad
// bottom/right to the next multiple of size_divisor -- always: a side that is already a
// multiple grows by a whole size_divisor ((side // d + 1) * d) -- in numpy's "symmetric"
// mode (the mirror that repeats the edge pixel; past twice the side it keeps mirroring, so
// output index i reads source index i mod 2n, folded back past n). No resize, no
// normalize, no RGB conversion: outputs differ in size per image. A legacy `pad_size`
// number is the size_divisor where none is given (its __init__).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/size_divisor_options.hpp"
#include "pixelprep/numerics/numpy_pad.hpp"

namespace pixelprep {

struct Swin2SRModel {
    using options_type = SizeDivisorOptions;
    static constexpr std::string_view class_name = "Swin2SRImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.do_rescale = o.do_pad = true;
        o.size_divisor = 8;
        return o;
    }
    static void fold_legacy_keys(JsonValue::Object& config) {
        const auto it = config.find("pad_size");
        if (it == config.end()) return;
        JsonValue pad = std::move(it->second);
        config.erase(it);
        if (!pad.is_null() && !config.count("size_divisor")) config["size_divisor"] = std::move(pad);
    }

    static WorkingImage pad_symmetric(const WorkingImage& image, int divisor) {
        return std::visit(
            [&](const auto& img) -> WorkingImage {
                const int h = img.height(), w = img.width();
                const long long H64 = (h / divisor + 1) * static_cast<long long>(divisor);
                const long long W64 = (w / divisor + 1) * static_cast<long long>(divisor);
                if (double(H64) * double(W64) > double(max_image_pixels()))
                    throw LimitError("Swin2SRImageProcessor: size_divisor " + std::to_string(divisor) + " pads a " +
                                     std::to_string(h) + "x" + std::to_string(w) + " image to " + std::to_string(H64) +
                                     "x" + std::to_string(W64) + ", above the limit of " +
                                     std::to_string(max_image_pixels()) + " pixels (pixelprep::set_max_image_pixels)");
                return numerics::numpy_pad_bottom_right(img, int(H64), int(W64), numerics::NumpyPadMode::symmetric, 0.0,
                                                        class_name);
            },
            image);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int divisor = truthy(o.do_pad) ? positive_size_divisor(o, class_name) : 0;
        for (auto& img : images) {
            if (truthy(o.do_rescale)) img = op::rescale<B>(img, *o.rescale_factor);
            if (divisor > 0) img = pad_symmetric(img, divisor);
        }
        return steps::pixel_values(std::move(images));
    }
};

}  // namespace pixelprep
