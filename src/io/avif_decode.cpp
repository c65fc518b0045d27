// AVIF with libavif, set up as Pillow 13's _avif module sets it up: automatic codec choice,
// 'clap' validation and the 'pixi' requirement relaxed, the first image converted by
// avifImageYUVToRGB with avifRGBImageSetDefaults, 8-bit, RGBA when the file has alpha (so
// premultiplied files are un-premultiplied the same way) and RGB otherwise.
//
// The pixels are libavif's and the AV1 decoder's: Pillow's wheel bundles its own libavif
// (1.x) and dav1d, and the YUV -> RGB step (libavif's own code or libyuv, depending on the
// build) can round differently from the system's libavif. decode-parity measures the
// difference and holds it to the bound stated there (docs/formats.md).
//
// Orientation follows AvifImagePlugin._open: it turns the irot/imir boxes into an EXIF
// orientation and writes it into the EXIF whenever the file has EXIF or a transform, so the
// boxes win over the EXIF's own tag; only a file with neither falls back to XMP.
#include "avif_decode.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include <avif/avif.h>

#include "exif_orientation.hpp"
#include "indexed_pixels.hpp"

namespace pixelprep::io::detail {

namespace {

struct DecoderFree {
    void operator()(avifDecoder* d) const { avifDecoderDestroy(d); }
};
struct RgbPixelsFree {
    void operator()(avifRGBImage* rgb) const { avifRGBImageFreePixels(rgb); }
};

[[noreturn]] void fail(const Input& in, const char* step, avifResult result) {
    const std::string reason = std::string(step) + ": " + avifResultToString(result);
    if (result == AVIF_RESULT_TRUNCATED_DATA) throw CorruptImage(message(in.name, "truncated AVIF data (" + reason + ")"));
    throw CorruptImage(message(in.name, "corrupt or unsupported AVIF (" + reason + ")"));
}

// Pillow's irot_imir_to_exif_orientation, on the stored imir bit (libavif 0.11 calls it
// `mode`, 1.x `axis`; 1 mirrors left and right, 0 top and bottom).
int transform_orientation(const avifImage* image) {
    const bool imir = (image->transformFlags & AVIF_TRANSFORM_IMIR) != 0;
    const bool irot = (image->transformFlags & AVIF_TRANSFORM_IROT) != 0;
    const bool left_right = image->imir.mode != 0;
    if (irot) {
        switch (image->irot.angle) {
            case 1: return imir ? (left_right ? 7 : 5) : 8;
            case 2: return imir ? (left_right ? 4 : 2) : 3;
            case 3: return imir ? (left_right ? 5 : 7) : 6;
            default: break;
        }
    }
    if (imir) return left_right ? 2 : 4;
    return 1;
}

OrientationSources orientation_sources(const Input& in, const avifImage* image) {
    OrientationSources sources;
    if (image->xmp.size > 0)
        sources.xmp.emplace(reinterpret_cast<const char*>(image->xmp.data), image->xmp.size);
    const int from_boxes = transform_orientation(image);
    bool exif_tag = false;
    if (image->exif.size > 0) {
        // Pillow loads the EXIF while opening: a bad header fails the open, whatever the
        // orientation setting.
        const ExifOrientation found = read_exif_orientation({image->exif.data, image->exif.size});
        if (!found.header_ok) throw CorruptImage(message(in.name, "invalid EXIF data (" + found.header_error + ")"));
        exif_tag = found.tag_present;
    }
    if (from_boxes != 1 || exif_tag) sources.rewritten_orientation = from_boxes;
    return sources;
}

using Decoder = std::unique_ptr<avifDecoder, DecoderFree>;

// A decoder with Pillow's settings that has parsed the container. size_limit bounds the
// pixels libavif accepts from the container and lets the AV1 decoder allocate.
Decoder parse(const Input& in, std::uint32_t size_limit) {
    Decoder decoder(avifDecoderCreate());
    if (!decoder) throw std::bad_alloc();
    decoder->maxThreads = 1;  // the result does not depend on it
    decoder->strictFlags &= ~avifStrictFlags(AVIF_STRICT_CLAP_VALID | AVIF_STRICT_PIXI_REQUIRED);
    decoder->imageSizeLimit = size_limit;
    if (avifResult r = avifDecoderSetIOMemory(decoder.get(), in.bytes.data(), in.bytes.size()); r != AVIF_RESULT_OK)
        fail(in, "setting up", r);
    if (avifResult r = avifDecoderParse(decoder.get()); r != AVIF_RESULT_OK) fail(in, "parsing", r);
    return decoder;
}

}  // namespace

bool is_avif(std::span<const std::uint8_t> b) {
    if (b.size() < 12 || std::memcmp(b.data() + 4, "ftyp", 4) != 0) return false;
    for (const char* brand : {"avif", "avis", "mif1", "msf1"})
        if (std::memcmp(b.data() + 8, brand, 4) == 0) return true;
    return false;
}

DecodedImage decode_avif(const Input& in) {
    Decoder decoder = parse(in, AVIF_DEFAULT_IMAGE_SIZE_LIMIT);
    check_image_size(in, "AVIF", decoder->image->width, decoder->image->height);
    // Parsing again is cheap; it hands the AV1 decoder the caller's (smaller) pixel limit, so
    // a stream that claims more than its container cannot make it allocate more.
    if (in.options.max_pixels < AVIF_DEFAULT_IMAGE_SIZE_LIMIT) decoder = parse(in, std::uint32_t(in.options.max_pixels));
    if (avifResult r = avifDecoderNextImage(decoder.get()); r != AVIF_RESULT_OK) fail(in, "decoding the first frame", r);
    const avifImage* image = decoder->image;
    check_image_size(in, "AVIF", image->width, image->height);

    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, image);
    rgb.depth = 8;
    rgb.format = decoder->alphaPresent ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
    avifRGBImageAllocatePixels(&rgb);
    std::unique_ptr<avifRGBImage, RgbPixelsFree> pixels(&rgb);
    if (rgb.pixels == nullptr) throw std::bad_alloc();
    if (avifResult r = avifImageYUVToRGB(image, &rgb); r != AVIF_RESULT_OK) fail(in, "converting to RGB", r);

    DecodedImage out{ImageU8(int(image->height), int(image->width), 3, pixelprep::Layout::hwc, uninitialized),
                     orientation_sources(in, image)};  // every pixel is written
    const std::size_t channels = decoder->alphaPresent ? 4 : 3;
    for (std::size_t y = 0; y < image->height; ++y)
        copy_rgb_samples(rgb.pixels + y * rgb.rowBytes, channels, image->width, out.rgb.data() + y * image->width * 3);
    return out;
}

}  // namespace pixelprep::io::detail
