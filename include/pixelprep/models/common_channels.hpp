// The channel count shared by every image of a nested batch that is packed into one array.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/working_image.hpp"

namespace pixelprep {

// Recipes that pack a nested batch into one float array (Mllama's tiles, Idefics3's padded
// frames) size its channel axis from the first image. An image with other channels would be
// written past the array or lose channels, and transformers' numpy stacking refuses such a
// batch, so it is refused here, naming the image. `what` names the items ("image", "frame").
// Returns 0 for a batch without images.
inline std::size_t common_channel_count(const std::vector<std::vector<WorkingImage>>& samples,
                                        std::string_view class_name, std::string_view what) {
    std::size_t ch = 0;
    for (std::size_t i = 0; i < samples.size(); ++i)
        for (std::size_t j = 0; j < samples[i].size(); ++j) {
            const std::size_t c = std::size_t(channels_of(samples[i][j]));
            if (ch == 0) ch = c;
            if (c != ch)
                throw ImageError(std::string(class_name) + ": " + std::string(what) + " " + std::to_string(j) +
                                 " of sample " + std::to_string(i) + " has " + std::to_string(c) + " channels, the first " +
                                 std::string(what) + " " + std::to_string(ch) +
                                 "; the images of one batch are packed into one array and need the same number");
        }
    return ch;
}

}  // namespace pixelprep
