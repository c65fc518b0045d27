// Internal: WebP decoding with libwebp through the animation decoder, as Pillow does.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// True for the RIFF/WEBP files Pillow's WebP plugin accepts (VP8, VP8L or VP8X first chunk).
bool is_webp(std::span<const std::uint8_t> bytes);

// Decodes the first frame to RGB as Image.open(...).convert("RGB"): alpha is dropped.
DecodedImage decode_webp(const Input& in);

// Decodes the first frame keeping Pillow's mode: RGBA (4 channels) when the file has alpha,
// otherwise RGB.
ImageU8 decode_webp_stored(const Input& in);

}  // namespace pixelprep::io::detail
