// Image decoding as transformers' load_image(path) does it: Pillow's decode, then
// PIL.ImageOps.exif_transpose, then .convert("RGB"), byte for byte (Pillow 13).
//
// Formats: JPEG (libjpeg-turbo), PNG (libspng), WebP (libwebp), GIF (giflib; the first
// frame), BMP, TIFF (libtiff; the first page) and AVIF (libavif), recognized by signature.
// What each reads and where it may differ from Pillow: docs/formats.md. Compiled code; link
// pixelprep_io (meson: pixelprep_io_dep).
//
// Every failure throws a pixelprep::DecodeError subclass (core/errors.hpp) whose message is
// one line starting with the file name: FileReadError, UnsupportedFormat, CorruptImage,
// ImageTooLarge.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"

namespace pixelprep::io {

struct DecodeOptions {
    // Rotate/flip by the EXIF Orientation tag (or XMP tiff:Orientation, as Pillow does), like
    // ImageOps.exif_transpose. Off: the stored pixels as Image.open(path).convert("RGB")
    // gives them; the EXIF is then never interpreted, so malformed EXIF cannot fail a decode.
    // Two exceptions follow Pillow, which does these while opening: a TIFF page is always
    // oriented by its Orientation tag, and an AVIF with a bad EXIF header always fails.
    bool apply_exif_orientation = true;
    // Pillow's decompression-bomb error threshold (2 * Image.MAX_IMAGE_PIXELS). Images whose
    // header declares more than this many pixels fail with ImageTooLarge before pixel memory
    // is allocated. UINT64_MAX disables the check (sides are still capped at max_image_side,
    // and pixels at the process-wide pixelprep::max_image_pixels(), whose default is the same
    // value: raise it with pixelprep::set_max_image_pixels to decode larger images).
    std::uint64_t max_pixels = 2ull * 89478485ull;
};

// Reads and decodes a file. Result: HWC, 3 channels, uint8, RGB.
ImageU8 decode_image_file(const std::string& path, const DecodeOptions& options = {});

// Decodes an in-memory file; name_for_errors is what error messages call it.
ImageU8 decode_image_bytes(std::span<const std::uint8_t> bytes, const std::string& name_for_errors,
                           const DecodeOptions& options = {});

}  // namespace pixelprep::io
