// The pad to a square that LLaVA, LLaVA-OneVision, Janus / DeepSeek-VL and DeepSeek-OCR-2
// share (their pad_to_square / expand2square): the longer side is kept, and the image sits
// in the middle of the shorter one, the odd pixel after it ((side - short) // 2 before).
#pragma once

#include <algorithm>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/geometry/windows.hpp"

namespace pixelprep::geometry {

// The square canvas as a window of the image (negative top or left: the pad before it).
inline CropWindow centred_square_window(HeightWidth size) {
    const int side = std::max(size.height, size.width);
    const int dy = size.width > size.height ? (side - size.height) / 2 : 0;
    const int dx = size.width > size.height ? 0 : (side - size.width) / 2;
    return {-dy, -dx, side, side};
}

}  // namespace pixelprep::geometry
