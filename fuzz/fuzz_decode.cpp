// fuzz_decode: pixelprep::io::decode_image_bytes on arbitrary bytes (JPEG, PNG, WebP, GIF,
// BMP, TIFF, AVIF, and anything else).
//
// Input: byte 0 picks the options, the rest is the file.
//   bit 0     apply_exif_orientation
//   bits 1-2  max_pixels: 2^12, 2^16, 2^20 or 2^22 (small limits reach ImageTooLarge; the
//             largest bounds one decode's memory well under -rss_limit_mb)
//   bit 3     also decode with the other orientation setting and compare shapes
// Checks: only pixelprep::DecodeError escapes; a decoded image is HWC, 3 channels, within
// max_pixels; decoding is deterministic; the oriented image is the stored one or its
// transpose in shape.
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include <pixelprep/io/decode.hpp>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    pixelprep_fuzz::init_process(pixelprep_fuzz::decode_max_image_pixels);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using pixelprep_fuzz::invariant_failed;
    if (size < 1) return 0;
    const std::uint8_t flags = data[0];
    const std::span<const std::uint8_t> bytes(data + 1, size - 1);

    pixelprep::io::DecodeOptions options;
    options.apply_exif_orientation = (flags & 1) != 0;
    static constexpr std::uint64_t limits[4] = {1u << 12, 1u << 16, 1u << 20, 1u << 22};
    options.max_pixels = limits[(flags >> 1) & 3];

    pixelprep::ImageU8 image;
    try {
        image = pixelprep::io::decode_image_bytes(bytes, "fuzz-input", options);
    } catch (const pixelprep::DecodeError& e) {
        if (std::strncmp(e.what(), "fuzz-input: ", 12) != 0) invariant_failed(std::string("message lacks the name: ") + e.what());
        return 0;
    }
    if (image.channels() != 3 || image.layout() != pixelprep::Layout::hwc)
        invariant_failed("decoded image is not HWC RGB");
    if (image.size() != std::size_t(image.height()) * std::size_t(image.width()) * 3u)
        invariant_failed("decoded image storage does not match its dimensions");
    if (std::uint64_t(image.height()) * std::uint64_t(image.width()) > options.max_pixels)
        invariant_failed("decoded image exceeds max_pixels");

    if (flags & 8) {
        // Same bytes, other orientation setting: same success, same or transposed shape.
        pixelprep::io::DecodeOptions other = options;
        other.apply_exif_orientation = !options.apply_exif_orientation;
        pixelprep::ImageU8 again;
        try {
            again = pixelprep::io::decode_image_bytes(bytes, "fuzz-input", other);
        } catch (const pixelprep::DecodeError&) {
            // Orientation on may fail where off succeeds (malformed EXIF), never the reverse.
            if (!other.apply_exif_orientation) invariant_failed("decoding fails without orientation, not with it");
            return 0;
        }
        const bool same = again.height() == image.height() && again.width() == image.width();
        const bool swapped = again.height() == image.width() && again.width() == image.height();
        if (!same && !swapped) invariant_failed("orientation changed the image shape beyond a transpose");
    } else {
        // Deterministic: a second decode gives the same pixels.
        const pixelprep::ImageU8 again = pixelprep::io::decode_image_bytes(bytes, "fuzz-input", options);
        if (!(again == image)) invariant_failed("two decodes of the same bytes differ");
    }
    return 0;
}
