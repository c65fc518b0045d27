// Internal: the EXIF/XMP orientation as Pillow's Image.getexif() and ImageOps.exif_transpose
// find it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// The Orientation tag (0x0112) of IFD0 in an EXIF block, read with Pillow's rules.
struct ExifOrientation {
    bool header_ok = true;   // false: Pillow's TIFF header parse raises (see header_error)
    std::string header_error;
    bool tag_present = false;  // Pillow's `Orientation in exif` (any stored value, even text)
    int value = 1;             // the orientation when the value is an integer 2..8, else 1
};

// Bounds-checked IFD0 reader. Mirrors Pillow: up to two "Exif\0\0" prefixes are skipped;
// entries are read until one does not fit (entries read so far stay); the first entry of a
// tag wins; out-of-line values whose running total exceeds the block are skipped; a value
// whose offset points past the end ends the directory. The first value of a numeric type
// (SHORT, LONG, signed, RATIONAL, FLOAT, DOUBLE, ...) counts if it equals 2..8 exactly.
ExifOrientation read_exif_orientation(std::span<const std::uint8_t> exif);

// The digit of the first `tiff:Orientation="d` or `tiff:Orientation>d` in an XMP packet
// (Pillow's regex), or -1 when there is none.
int xmp_orientation(std::string_view xmp);

// Pillow's exif_transpose decision from what the decoder collected: 1 (leave as is) or
// 2..8. Throws CorruptImage where getexif() raises, which fails Pillow's load_image too.
int resolve_orientation(const OrientationSources& sources, const std::string& name);

}  // namespace pixelprep::io::detail
