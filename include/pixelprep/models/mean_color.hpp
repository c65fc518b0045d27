// The background colour of the classes that pad to a square with the mean colour (LLaVA,
// Janus, DeepSeek-VL): int(mean * 255) per channel (int() truncates), checked against the
// image's channel count in transformers' words.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/options/value_codec.hpp"

namespace pixelprep {

// int(m * 255) for each value of image_mean, or `without_mean` where there is none.
inline std::vector<long long> mean_color(const std::optional<ChannelValues>& mean, std::string_view class_name,
                                         std::vector<long long> without_mean) {
    if (!mean) return without_mean;
    if (mean->scalar)
        throw InvalidArgument(std::string(class_name) +
                              ": do_pad needs image_mean as a list (one value per channel)");
    std::vector<long long> color;
    for (double m : mean->values) {
        const double c = m * 255;
        if (!(c >= -0x1p63 && c < 0x1p63))  // a 64-bit fill value cannot hold int(c)
            throw InvalidArgument(std::string(class_name) + ": do_pad: image_mean value " + python_float_repr(m) +
                                  " gives a background color out of range");
        color.push_back(static_cast<long long>(c));
    }
    return color;
}

// The colour for an image of `channels` channels, as transformers' pad checks it.
inline const std::vector<long long>& color_for_channels(const std::vector<long long>& color, int channels) {
    if (int(color.size()) != channels)
        throw InvalidArgument("background_color must have no more than " + std::to_string(channels) +
                              " elements to match the number of channels");
    return color;
}

}  // namespace pixelprep
