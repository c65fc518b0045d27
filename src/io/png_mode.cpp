#include "png_mode.hpp"

#include <utility>

namespace pixelprep::io::detail {

namespace {

const char* mode_name(int color_type, int depth) {
    switch (color_type) {
        case 0: return depth == 1 ? "1" : depth == 16 ? "I;16" : "L";
        case 2: return "RGB";
        case 3: return "P";
        case 4: return depth == 16 ? "RGBA" : "LA";
        default: return "RGBA";  // 6; libspng rejects other color types
    }
}

// One row of 8-bit bands. 16-bit samples keep their high byte (Pillow's ";16B" unpackers).
void unpack_row(const std::uint8_t* row, std::uint8_t* out, const PngLayout& l) {
    const std::size_t w = std::size_t(l.width);
    const int depth = l.bit_depth;
    auto byte = [&](std::size_t i) { return depth == 16 ? std::uint8_t(sample16(row, i) >> 8) : row[i]; };
    switch (l.color_type) {
        case 0:
            for (std::size_t x = 0; x < w; ++x) out[x] = gray8_sample(row, x, depth);
            break;
        case 3:
            for (std::size_t x = 0; x < w; ++x) out[x] = std::uint8_t(depth == 8 ? row[x] : packed_sample(row, x, depth));
            break;
        case 2:
            for (std::size_t i = 0; i < 3 * w; ++i) out[i] = byte(i);
            break;
        case 4:
            if (depth == 16) {  // "LA;16B" -> RGBA
                for (std::size_t x = 0; x < w; ++x) {
                    out[4 * x] = out[4 * x + 1] = out[4 * x + 2] = byte(2 * x);
                    out[4 * x + 3] = byte(2 * x + 1);
                }
            } else {
                for (std::size_t i = 0; i < 2 * w; ++i) out[i] = row[i];
            }
            break;
        default:
            for (std::size_t i = 0; i < 4 * w; ++i) out[i] = byte(i);
            break;
    }
}

int band_count(int color_type, int depth) {
    switch (color_type) {
        case 0: case 3: return 1;
        case 2: return 3;
        case 4: return depth == 16 ? 4 : 2;
        default: return 4;
    }
}

}  // namespace

ModeImage png_to_mode(StoredPng&& png) {
    const PngLayout& l = png.layout;
    ModeImage out;
    out.mode = mode_name(l.color_type, l.bit_depth);
    out.height = l.height;
    out.width = l.width;
    const std::size_t stride = png.rows.size() / std::size_t(l.height);
    const std::size_t w = std::size_t(l.width);
    if (out.mode == "I;16") {
        out.gray16.resize(std::size_t(l.height) * w);
        for (std::size_t y = 0; y < std::size_t(l.height); ++y)
            for (std::size_t x = 0; x < w; ++x) out.gray16[y * w + x] = sample16(png.rows.data() + y * stride, x);
    } else {
        const int bands = band_count(l.color_type, l.bit_depth);
        out.pixels = ImageU8(l.height, l.width, bands, Layout::hwc, uninitialized);  // every row is written
        for (std::size_t y = 0; y < std::size_t(l.height); ++y)
            unpack_row(png.rows.data() + y * stride, out.pixels.data() + y * w * std::size_t(bands), l);
    }
    if (l.color_type == 3) out.palette.assign(png.palette.begin(), png.palette.begin() + png.palette_entries);
    if (l.color_type == 0 || l.color_type == 2 || l.color_type == 3) out.transparency = std::move(png.transparency);
    return out;
}

}  // namespace pixelprep::io::detail
