#include "orientation_transform.hpp"

#include <algorithm>
#include <cstddef>

namespace pixelprep::io::detail {

ImageU8 apply_orientation(ImageU8 img, int orientation) {
    if (orientation < 2 || orientation > 8) return img;
    const std::ptrdiff_t h = img.height(), w = img.width();
    // Output pixel (y, x) comes from input pixel index base + y * step_y + x * step_x.
    struct Walk {
        std::ptrdiff_t base, step_y, step_x;
    };
    const Walk walks[] = {
        {w - 1, w, -1},                  // 2 FLIP_LEFT_RIGHT
        {(h - 1) * w + w - 1, -w, -1},   // 3 ROTATE_180
        {(h - 1) * w, -w, 1},            // 4 FLIP_TOP_BOTTOM
        {0, 1, w},                       // 5 TRANSPOSE
        {(h - 1) * w, 1, -w},            // 6 ROTATE_270
        {(h - 1) * w + w - 1, -1, -w},   // 7 TRANSVERSE
        {w - 1, -1, w},                  // 8 ROTATE_90
    };
    const Walk& walk = walks[orientation - 2];
    const bool swaps = orientation >= 5;  // the transposing ones exchange width and height
    const std::ptrdiff_t out_h = swaps ? w : h, out_w = swaps ? h : w;
    ImageU8 out(int(out_h), int(out_w), 3);
    const std::uint8_t* src = img.data();
    std::uint8_t* dst = out.data();
    // Tiles keep the transposing walks (which read down columns) inside the cache.
    constexpr std::ptrdiff_t tile = 64;
    for (std::ptrdiff_t ty = 0; ty < out_h; ty += tile)
        for (std::ptrdiff_t tx = 0; tx < out_w; tx += tile) {
            const std::ptrdiff_t y_end = std::min(ty + tile, out_h), x_end = std::min(tx + tile, out_w);
            for (std::ptrdiff_t y = ty; y < y_end; ++y) {
                // Byte indices, not pointers: a walk backwards may step past the start.
                std::ptrdiff_t from = 3 * (walk.base + y * walk.step_y + tx * walk.step_x);
                std::uint8_t* to = dst + 3 * (y * out_w + tx);
                for (std::ptrdiff_t x = tx; x < x_end; ++x, from += 3 * walk.step_x, to += 3) {
                    to[0] = src[from];
                    to[1] = src[from + 1];
                    to[2] = src[from + 2];
                }
            }
        }
    return out;
}

}  // namespace pixelprep::io::detail
