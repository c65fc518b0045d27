// Internal: PNG text chunks (tEXt, zTXt, iTXt) as Pillow's PngStream reads them, reduced to
// the entries of Image.info that decide the orientation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// The parts of Pillow's Image.info for a PNG that getexif() reads. Later chunks overwrite
// earlier ones, as dict assignments do in Pillow.
struct PngInfo {
    std::optional<std::vector<std::uint8_t>> exif;  // info["exif"]
    bool exif_is_text = false;                      // ... holds a str (from zTXt or iTXt)
    std::optional<std::string> raw_profile_exif;    // info["Raw profile type exif"]
    std::optional<std::string> xmp_text;            // info["XML:com.adobe.xmp"]
    std::optional<std::string> xmp_bytes;           // info["xmp"] (iTXt only)
    std::size_t text_memory = 0;                    // Pillow's running total, capped at 64 MiB
};

enum class Inflated { ok, too_large, bad_stream };

// Pillow's _safe_zlib_decompress: zlib.decompressobj().decompress(data, MAX_TEXT_CHUNK).
// A stream cut short is not an error there, bytes after the end of the stream are
// ignored, and output that would pass the 1 MiB cap with input left over is "too large".
Inflated inflate_capped(std::span<const std::uint8_t> data, std::vector<std::uint8_t>& out);

// Applies one tEXt, zTXt or iTXt chunk (type is the 4-letter chunk type). Throws
// CorruptImage where Pillow raises: unknown compression method in zTXt, a text chunk that
// inflates past Pillow's 1 MiB MAX_TEXT_CHUNK, more than 64 MiB of text in total.
void read_text_chunk(std::string_view type, std::span<const std::uint8_t> data, PngInfo& info, const Input& in);

}  // namespace pixelprep::io::detail
