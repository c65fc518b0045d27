// Internal: AVIF decoding with libavif, as Pillow's AVIF plugin does it.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// ISO-BMFF files whose major brand Pillow's AVIF plugin accepts: avif, avis, mif1, msf1.
bool is_avif(std::span<const std::uint8_t> bytes);

// The first frame converted to 8-bit RGB by libavif, as Pillow's _avif module converts it
// (alpha dropped afterwards by convert("RGB")). Not bit-exact across libavif/dav1d builds:
// see docs/formats.md.
DecodedImage decode_avif(const Input& in);

}  // namespace pixelprep::io::detail
