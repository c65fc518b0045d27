// Public entry points: pick the decoder by signature (as Pillow's plugins' _accept do),
// decode, then apply the EXIF orientation as ImageOps.exif_transpose would. Each format
// lives in its own file (FORMAT_decode.cpp); this file only dispatches.
#include "pixelprep/io/decode.hpp"

#include <cstring>

#include "avif_decode.hpp"
#include "bmp_decode.hpp"
#include "decoded_image.hpp"
#include "exif_orientation.hpp"
#include "gif_decode.hpp"
#include "jpeg_decode.hpp"
#include "orientation_transform.hpp"
#include "png_decode.hpp"
#include "read_file.hpp"
#include "tiff_decode.hpp"
#include "webp_decode.hpp"

namespace pixelprep::io {

namespace {

bool starts_with(std::span<const std::uint8_t> b, const char* sig, std::size_t n) {
    return b.size() >= n && std::memcmp(b.data(), sig, n) == 0;
}

// Names a few common formats we do not decode, so the error says what the file is.
std::string unsupported_reason(std::span<const std::uint8_t> b) {
    const char* what = nullptr;
    if (b.size() >= 12 && std::memcmp(b.data() + 4, "ftyp", 4) == 0) what = "HEIF/MP4 (not an AVIF brand)";
    else if (starts_with(b, "\0\0\0\x0CjP  \r\n\x87\n", 12) || starts_with(b, "\xFF\x4F\xFF\x51", 4)) what = "JPEG 2000";
    else if (starts_with(b, "RIFF", 4)) what = "RIFF (not a WebP image Pillow accepts)";
    if (what) return std::string("unsupported image format: ") + what + " (supported: JPEG, PNG, WebP, GIF, BMP, TIFF, AVIF)";
    return "unsupported or unrecognized format: not a JPEG, PNG, WebP, GIF, BMP, TIFF or AVIF image";
}

}  // namespace

ImageU8 decode_image_bytes(std::span<const std::uint8_t> bytes, const std::string& name_for_errors,
                           const DecodeOptions& options) {
    const detail::Input in{bytes, name_for_errors, options};
    if (bytes.empty()) throw UnsupportedFormat(detail::message(in.name, "file is empty (0 bytes)"));

    detail::DecodedImage decoded;
    if (starts_with(bytes, "\xFF\xD8\xFF", 3)) decoded = detail::decode_jpeg(in);
    else if (starts_with(bytes, "\x89PNG\r\n\x1A\n", 8)) decoded = detail::decode_png(in);
    else if (detail::is_webp(bytes)) decoded = detail::decode_webp(in);
    else if (starts_with(bytes, "GIF87a", 6) || starts_with(bytes, "GIF89a", 6)) decoded = detail::decode_gif(in);
    else if (starts_with(bytes, "BM", 2)) decoded = detail::decode_bmp(in);
    else if (detail::is_tiff(bytes)) decoded = detail::decode_tiff(in);
    else if (detail::is_avif(bytes)) decoded = detail::decode_avif(in);
    else throw UnsupportedFormat(detail::message(in.name, unsupported_reason(bytes)));

    if (!options.apply_exif_orientation) return std::move(decoded.rgb);
    const int orientation = detail::resolve_orientation(decoded.orientation, in.name);
    return detail::apply_orientation(std::move(decoded.rgb), orientation);
}

ImageU8 decode_image_file(const std::string& path, const DecodeOptions& options) {
    const std::vector<std::uint8_t> bytes = detail::read_file(path);
    return decode_image_bytes(bytes, path, options);
}

}  // namespace pixelprep::io
