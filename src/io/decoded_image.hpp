// Internal: what every format decoder receives and returns, and the checks they share.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/io/decode.hpp"

namespace pixelprep::io::detail {

// The bytes to decode, the name error messages use, and the caller's options.
struct Input {
    std::span<const std::uint8_t> bytes;
    const std::string& name;
    const DecodeOptions& options;
};

// Where Pillow's Image.getexif() would find the orientation, as the format's plugin left it
// in Image.info. The decoders fill this in; exif_orientation.cpp turns it into a value.
struct OrientationSources {
    // info["exif"]: a TIFF structure, possibly preceded by "Exif\0\0".
    std::optional<std::vector<std::uint8_t>> exif;
    // PNG only: info["exif"] came from a zTXt/iTXt chunk, so Pillow holds a str there and
    // getexif() raises TypeError.
    bool exif_is_text = false;
    // JPEG only: Pillow already parsed the EXIF while opening (to find the DPI) and swallowed
    // header errors there, leaving an empty EXIF that exif_transpose then reuses.
    bool exif_errors_ignored = false;
    // PNG only: info["Raw profile type exif"] (ImageMagick's hex dump), used when there is no
    // info["exif"].
    std::optional<std::string> raw_profile_exif;
    // The XMP packet Pillow searches for tiff:Orientation when EXIF has no Orientation tag.
    std::optional<std::string> xmp;
    // AVIF only: the Orientation tag Pillow's plugin writes into the EXIF it rebuilds from the
    // irot/imir boxes; when set, it is the answer and nothing above is read.
    std::optional<int> rewritten_orientation;
};

// A decoder's result: the stored pixels converted exactly as Image.convert("RGB") would
// (not yet oriented), and the metadata the orientation comes from.
struct DecodedImage {
    ImageU8 rgb;
    OrientationSources orientation;
};

// Throws ImageTooLarge or CorruptImage unless a width x height image may be allocated:
// non-zero sides, at most DecodeOptions::max_pixels pixels (Pillow's bomb check), and sides
// within pixelprep's max_image_side. Called with header values, before pixel allocation.
void check_image_size(const Input& in, const char* format, std::uint64_t width, std::uint64_t height);

// "name: reason" with any line breaks in reason flattened, so messages stay one line.
std::string message(const std::string& name, const std::string& reason);

}  // namespace pixelprep::io::detail
