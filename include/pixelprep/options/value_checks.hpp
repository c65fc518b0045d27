// Option values that can only give non-finite outputs (a std of 0, a NaN mean) or that can
// match no image's channels, refused where options are resolved: loading a config (and
// LoadOptions::overrides), per-call options and the command's --set all pass here, so a bad
// value is named by its key before any pixel is touched. The per-image checks (a mean whose
// length differs from the image's channel count) stay where the image is known.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/validate.hpp"

namespace pixelprep {

inline void check_option_values(const CommonOptions& o, const std::string& source) {
    const DecodeContext ctx{source, true};  // (default_to_square: no size is read here)
    const auto as_json = [](const ChannelValues& c) { return ValueCodec<ChannelValues>::encode(c); };
    // JSON cannot hold NaN or infinity (the decoders refuse 1e999); the C++ API can.
    if (o.rescale_factor && !std::isfinite(*o.rescale_factor))
        detail::bad_value(ctx, "rescale_factor", "a finite float", JsonValue(*o.rescale_factor));
    // Mean and std are read only by normalize: with do_normalize off, transformers never
    // reads them, so a config it runs is not refused for them. A call that turns normalize on
    // is checked here again with its merged options.
    if (!truthy(o.do_normalize)) return;
    for (const auto& [key, values] : {std::pair{"image_mean", &o.image_mean}, std::pair{"image_std", &o.image_std}}) {
        if (!*values) continue;
        for (double v : (*values)->values)
            if (!std::isfinite(v)) detail::bad_value(ctx, key, "finite floats", as_json(**values));
        // do_convert_rgb makes every 1- and 4-channel input RGB, so one value per channel
        // can then never be 1 or 4 values (transformers fails on every image).
        const std::size_t n = (*values)->values.size();
        if (o.do_convert_rgb.value_or(false) && !(*values)->scalar && (n == 1 || n == 4))
            detail::bad_value(ctx, key, "3 values (one per RGB channel) or one float", as_json(**values),
                              "do_convert_rgb makes every 1- and 4-channel image RGB");
    }
    if (o.image_std) {
        // normalize divides by the std: transformers accepts a 0 and writes inf or nan.
        for (double v : o.image_std->values)
            if (v == 0.0)
                detail::bad_value(ctx, "image_std", "nonzero values", as_json(*o.image_std),
                                  "normalize divides by the std: a 0 makes every value of its channel inf or nan");
    }
    if (o.image_mean && o.image_std && !o.image_mean->scalar && !o.image_std->scalar &&
        o.image_mean->values.size() != o.image_std->values.size())
        detail::bad_value(ctx, "image_std", "as many values as image_mean", as_json(*o.image_std),
                          "image_mean has " + std::to_string(o.image_mean->values.size()) +
                              "; both hold one value per channel of the same image");
}

}  // namespace pixelprep
