// The value table of normalize: one float32 per channel from a config's mean or std, as
// transformers makes it (np.array(mean, dtype=float32)). Both backends use it.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"

namespace pixelprep::numerics {

// `what` names the value in the error ("mean", "std"); its length must equal the channels.
inline std::vector<float> per_channel(std::span<const double> values, int channels, const char* what) {
    if (values.size() != std::size_t(channels))
        throw InvalidArgument(std::string(what) + " must have " + std::to_string(channels) +
                              " elements if it is an iterable, got " + std::to_string(values.size()));
    std::vector<float> out;
    for (double v : values) out.push_back(static_cast<float>(v));
    return out;
}

}  // namespace pixelprep::numerics
