// The mode-keeping decode: the same signatures and decoders as decode.cpp, each asked for
// the samples in Pillow's mode instead of RGB, and no EXIF orientation.
#include "pixelprep/io/decode_keep_mode.hpp"

#include <cstring>
#include <utility>

#include "decoded_image.hpp"
#include "jpeg_decode.hpp"
#include "png_decode.hpp"
#include "png_mode.hpp"
#include "read_file.hpp"
#include "webp_decode.hpp"

namespace pixelprep::io {

namespace {

bool starts_with(std::span<const std::uint8_t> b, const char* sig, std::size_t n) {
    return b.size() >= n && std::memcmp(b.data(), sig, n) == 0;
}

ModeImage from_bands(ImageU8&& pixels, const char* mode) {
    ModeImage out;
    out.mode = mode;
    out.height = pixels.height();
    out.width = pixels.width();
    out.pixels = std::move(pixels);
    return out;
}

}  // namespace

ModeImage decode_image_bytes_keep_mode(std::span<const std::uint8_t> bytes, const std::string& name_for_errors,
                                       const DecodeOptions& options) {
    const detail::Input in{bytes, name_for_errors, options};
    if (bytes.empty()) throw UnsupportedFormat(detail::message(in.name, "file is empty (0 bytes)"));

    if (starts_with(bytes, "\x89PNG\r\n\x1A\n", 8)) return detail::png_to_mode(detail::decode_png_stored(in));
    if (starts_with(bytes, "\xFF\xD8\xFF", 3)) {
        ImageU8 pixels = detail::decode_jpeg_stored(in);
        const int bands = pixels.channels();
        return from_bands(std::move(pixels), bands == 1 ? "L" : bands == 3 ? "RGB" : "CMYK");
    }
    if (detail::is_webp(bytes)) {
        ImageU8 pixels = detail::decode_webp_stored(in);
        const int bands = pixels.channels();
        return from_bands(std::move(pixels), bands == 4 ? "RGBA" : "RGB");
    }
    // Any other file: the RGB decode says why it is not an image we read (unknown format,
    // corrupt data); one it does read still cannot be given in its own mode here.
    (void)decode_image_bytes(bytes, name_for_errors, options);
    throw UnsupportedFormat(detail::message(
        in.name, "decoding in the file's own Pillow mode (as pixelprep resize does) is supported for JPEG, PNG and "
                 "WebP only; this file decodes only to RGB"));
}

ModeImage decode_image_file_keep_mode(const std::string& path, const DecodeOptions& options) {
    const std::vector<std::uint8_t> bytes = detail::read_file(path);
    return decode_image_bytes_keep_mode(bytes, path, options);
}

}  // namespace pixelprep::io
