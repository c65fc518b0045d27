// The image a pipeline carries between steps. transformers' PIL backend keeps uint8 data
// as uint8 through resize and crop, and switches to float32 at rescale/normalize (or at
// resize, for float inputs that had to be scaled into 0..255 for Pillow).
#pragma once

#include <variant>

#include "pixelprep/core/image.hpp"

namespace pixelprep {

using WorkingImage = std::variant<ImageU8, ImageF32>;

inline int height_of(const WorkingImage& w) { return std::visit([](const auto& i) { return i.height(); }, w); }
inline int width_of(const WorkingImage& w) { return std::visit([](const auto& i) { return i.width(); }, w); }
inline int channels_of(const WorkingImage& w) { return std::visit([](const auto& i) { return i.channels(); }, w); }
inline Layout layout_of(const WorkingImage& w) { return std::visit([](const auto& i) { return i.layout(); }, w); }
inline ImageView view_of(const WorkingImage& w) { return std::visit([](const auto& i) { return i.view(); }, w); }

}  // namespace pixelprep
