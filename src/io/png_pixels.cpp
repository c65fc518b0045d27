#include "png_pixels.hpp"

#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::io::detail {

namespace {

void convert_row(const std::uint8_t* row, std::uint8_t* out, const PngLayout& l, const PngPalette& palette) {
    const std::size_t w = std::size_t(l.width);
    const int depth = l.bit_depth;
    switch (l.color_type) {
        case 0:
            for (std::size_t x = 0; x < w; ++x)
                put_gray(out + 3 * x, depth == 16 ? numerics::gray16_to_u8(sample16(row, x)) : gray8_sample(row, x, depth));
            break;
        case 3:
            for (std::size_t x = 0; x < w; ++x) {
                const auto& rgb = palette[depth == 8 ? row[x] : packed_sample(row, x, depth)];
                for (int c = 0; c < 3; ++c) out[3 * x + c] = rgb[c];
            }
            break;
        case 2:
        case 6: {
            const std::size_t channels = l.color_type == 2 ? 3 : 4;
            for (std::size_t x = 0; x < w; ++x)
                for (std::size_t c = 0; c < 3; ++c)
                    out[3 * x + c] = depth == 16 ? std::uint8_t(sample16(row, channels * x + c) >> 8)
                                                 : row[channels * x + c];
            break;
        }
        case 4:
            for (std::size_t x = 0; x < w; ++x)
                put_gray(out + 3 * x, depth == 16 ? std::uint8_t(sample16(row, 2 * x) >> 8) : row[2 * x]);
            break;
        default: break;  // libspng rejects other color types before we get here
    }
}

}  // namespace

ImageU8 png_to_rgb(const std::uint8_t* rows, std::size_t stride, const PngLayout& layout, const PngPalette& palette) {
    ImageU8 out(layout.height, layout.width, 3);
    const std::size_t out_stride = std::size_t(layout.width) * 3;
    for (std::size_t y = 0; y < std::size_t(layout.height); ++y)
        convert_row(rows + y * stride, out.data() + y * out_stride, layout, palette);
    return out;
}

}  // namespace pixelprep::io::detail
