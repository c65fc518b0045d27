// The value map's parameters (rescale factor, normalize's mean and std) read from the
// options for an image of `channels` channels, or nullopt when they are incomplete or do not
// fit the channel count. Backends that fuse the value map into a plan ask this before they
// run (their preflight); the step-by-step path then reports the problem in transformers'
// words. One reading for every backend.
#pragma once

#include <optional>
#include <vector>

#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/validate.hpp"

namespace pixelprep {

struct ValueMapOptions {
    std::optional<double> factor;  // set when rescaling
    bool normalize = false;
    std::vector<double> mean, std_dev;  // `channels` values each when normalizing
};

inline std::optional<ValueMapOptions> value_map_options(int channels, const CommonOptions& o) {
    const bool rescale = truthy(o.do_rescale), normalize = truthy(o.do_normalize);
    if (channels < 1 || channels > 4 || (rescale && !o.rescale_factor)) return std::nullopt;
    ValueMapOptions v{rescale ? o.rescale_factor : std::nullopt, normalize, {}, {}};
    if (normalize) {
        if (!o.image_mean || !o.image_std || o.image_mean->values.empty() || o.image_std->values.empty())
            return std::nullopt;
        v.mean = o.image_mean->for_channels(channels);
        v.std_dev = o.image_std->for_channels(channels);
        if (v.mean.size() != std::size_t(channels) || v.std_dev.size() != std::size_t(channels)) return std::nullopt;
    }
    return v;
}

}  // namespace pixelprep
