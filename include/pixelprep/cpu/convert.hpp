// Conversion to RGB with Pillow's integer formulas (Image.convert("RGB")), which is what
// transformers' load_image and convert_to_rgb apply to PIL images.
#pragma once

#include <cstdint>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cpu {

// Pillow modes that reach convert("RGB") in practice.
enum class PixelFormat { L, LA, RGB, RGBA, CMYK };

constexpr int channel_count(PixelFormat f) noexcept {
    switch (f) {
        case PixelFormat::L: return 1;
        case PixelFormat::LA: return 2;
        case PixelFormat::RGB: return 3;
        case PixelFormat::RGBA: return 4;
        case PixelFormat::CMYK: return 4;
    }
    return 0;
}
constexpr const char* format_name(PixelFormat f) noexcept {
    switch (f) {
        case PixelFormat::L: return "L";
        case PixelFormat::LA: return "LA";
        case PixelFormat::RGB: return "RGB";
        case PixelFormat::RGBA: return "RGBA";
        case PixelFormat::CMYK: return "CMYK";
    }
    return "?";
}

// L, LA: gray replicated, alpha dropped (no compositing). RGBA: alpha dropped.
// CMYK: R = 255 - K - MULDIV255(C, 255 - K), clamped, per channel.
inline ImageU8 convert_to_rgb(const ImageView& src, PixelFormat format) {
    if (src.dtype != DType::uint8) throw ImageError("convert_to_rgb: expected a uint8 image, got float32");
    if (src.channels != channel_count(format))
        throw ImageError(std::string("convert_to_rgb: mode ") + format_name(format) + " has " +
                         std::to_string(channel_count(format)) + " channels, the image has " +
                         std::to_string(src.channels));
    ImageU8 out(src.height, src.width, 3, Layout::hwc);
    for (int y = 0; y < src.height; ++y)
        for (int x = 0; x < src.width; ++x) {
            std::uint8_t* o = out.data() + out.index(y, x, 0);
            switch (format) {
                case PixelFormat::L:
                case PixelFormat::LA: o[0] = o[1] = o[2] = src.at<std::uint8_t>(y, x, 0); break;
                case PixelFormat::RGB:
                case PixelFormat::RGBA:
                    for (int c = 0; c < 3; ++c) o[c] = src.at<std::uint8_t>(y, x, c);
                    break;
                case PixelFormat::CMYK: {
                    const std::uint8_t k = src.at<std::uint8_t>(y, x, 3);
                    for (int c = 0; c < 3; ++c) o[c] = numerics::cmyk_channel_to_rgb(src.at<std::uint8_t>(y, x, c), k);
                    break;
                }
            }
        }
    return out;
}

// 16-bit grayscale (Pillow's I;16) to RGB: values above 255 clamp to 255, no scaling.
inline ImageU8 gray16_to_rgb(const std::uint16_t* data, int height, int width) {
    if (data == nullptr) throw InvalidArgument("gray16_to_rgb: data pointer is null");
    ImageU8 out(height, width, 3, Layout::hwc);
    for (std::size_t i = 0; i < std::size_t(height) * std::size_t(width); ++i) {
        const std::uint8_t v = numerics::gray16_to_u8(data[i]);
        out.data()[3 * i] = out.data()[3 * i + 1] = out.data()[3 * i + 2] = v;
    }
    return out;
}

}  // namespace pixelprep::cpu
