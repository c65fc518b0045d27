// Public entry points: pick the decoder by signature (as Pillow's plugins' _accept do),
// decode, then apply the EXIF orientation as ImageOps.exif_transpose would.
#include "pixelprep/io/decode.hpp"

#include <cstring>

#include "decoded_image.hpp"
#include "exif_orientation.hpp"
#include "jpeg_decode.hpp"
#include "orientation_transform.hpp"
#include "png_decode.hpp"
#include "read_file.hpp"
#include "webp_decode.hpp"

namespace pixelprep::io {

namespace {

bool starts_with(std::span<const std::uint8_t> b, const char* sig, std::size_t n) {
    return b.size() >= n && std::memcmp(b.data(), sig, n) == 0;
}

// Names a few common formats we do not decode, so the error says what the file is.
std::string unsupported_reason(std::span<const std::uint8_t> b) {
    const char* what = nullptr;
    if (starts_with(b, "GIF87a", 6) || starts_with(b, "GIF89a", 6)) what = "GIF";
    else if (starts_with(b, "BM", 2)) what = "BMP";
    else if (starts_with(b, "II*\0", 4) || starts_with(b, "MM\0*", 4)) what = "TIFF";
    else if (b.size() >= 12 && std::memcmp(b.data() + 4, "ftyp", 4) == 0) what = "HEIF/AVIF/MP4";
    else if (starts_with(b, "RIFF", 4)) what = "RIFF (not a WebP image Pillow accepts)";
    if (what) return std::string("unsupported image format: ") + what + " (supported: JPEG, PNG, WebP)";
    return "unsupported or unrecognized format: not a JPEG, PNG or WebP image";
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
