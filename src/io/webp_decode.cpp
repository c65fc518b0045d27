// Pillow decodes every WebP, still or animated, with WebPAnimDecoder in its default mode
// (non-premultiplied RGBA, no threads) and keeps the first frame's canvas; convert("RGB")
// then drops the fourth channel. We go through the same API so that animated files and
// frame offsets composite the same way.
#include "webp_decode.hpp"

#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <utility>

#include <webp/decode.h>
#include <webp/demux.h>

namespace pixelprep::io::detail {

namespace {

struct AnimDecoderFree {
    void operator()(WebPAnimDecoder* dec) const { WebPAnimDecoderDelete(dec); }
};

// Pillow's get_chunk: the first chunk of that FourCC; empty chunks count as absent.
std::optional<std::vector<std::uint8_t>> chunk(const WebPDemuxer* demux, const char* fourcc) {
    WebPChunkIterator it;
    if (!WebPDemuxGetChunk(demux, fourcc, 1, &it)) return std::nullopt;
    std::optional<std::vector<std::uint8_t>> out;
    if (it.chunk.size > 0) out.emplace(it.chunk.bytes, it.chunk.bytes + it.chunk.size);
    WebPDemuxReleaseChunkIterator(&it);
    return out;
}

const char* status_text(VP8StatusCode s) {
    switch (s) {
        case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
        case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
        case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
        case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
        case VP8_STATUS_SUSPENDED: return "suspended";
        case VP8_STATUS_USER_ABORT: return "aborted";
        case VP8_STATUS_NOT_ENOUGH_DATA: return "not enough data (truncated)";
        default: return "unknown error";
    }
}

// Pillow's _get_size: the canvas size straight from the first chunk's header, checked
// against the pixel limit before libwebp parses anything. Nothing if the header is short.
std::optional<std::pair<std::uint64_t, std::uint64_t>> header_size(std::span<const std::uint8_t> b) {
    auto le16 = [&](std::size_t i) { return std::uint64_t(b[i]) | std::uint64_t(b[i + 1]) << 8; };
    auto le24 = [&](std::size_t i) { return le16(i) | std::uint64_t(b[i + 2]) << 16; };
    if (b.size() < 30) return std::nullopt;
    const char* id = reinterpret_cast<const char*>(b.data() + 12);
    if (std::memcmp(id, "VP8 ", 4) == 0 && b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A)
        return std::pair{le16(26) & 0x3FFF, le16(28) & 0x3FFF};
    if (std::memcmp(id, "VP8X", 4) == 0) return std::pair{le24(24) + 1, le24(27) + 1};
    if (std::memcmp(id, "VP8L", 4) == 0 && b[20] == 0x2F) {
        const std::uint64_t bits = le24(21) | std::uint64_t(b[24]) << 24;
        return std::pair{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    return std::nullopt;
}

}  // namespace

bool is_webp(std::span<const std::uint8_t> b) {
    if (b.size() < 16 || std::memcmp(b.data(), "RIFF", 4) != 0 || std::memcmp(b.data() + 8, "WEBP", 4) != 0)
        return false;
    const char* chunk_id = reinterpret_cast<const char*>(b.data() + 12);
    return std::memcmp(chunk_id, "VP8 ", 4) == 0 || std::memcmp(chunk_id, "VP8L", 4) == 0 ||
           std::memcmp(chunk_id, "VP8X", 4) == 0;
}

namespace {

// The first frame's canvas as non-premultiplied RGBA, and whether the file has alpha (what
// Pillow's _webp.c sniffs with WebPGetFeatures to pick "RGBA" or "RGBX", i.e. mode "RGB").
struct WebpCanvas {
    ImageU8 rgba;
    bool has_alpha = false;
};

WebpCanvas decode_canvas(const Input& in, OrientationSources* orientation) {
    if (const auto size = header_size(in.bytes)) check_image_size(in, "WebP", size->first, size->second);
    // libwebp's view of the canvas size, checked too before the decoder allocates the canvas.
    WebPBitstreamFeatures features;
    if (const VP8StatusCode s = WebPGetFeatures(in.bytes.data(), in.bytes.size(), &features); s != VP8_STATUS_OK)
        throw CorruptImage(message(in.name, std::string("corrupt WebP header: ") + status_text(s)));
    check_image_size(in, "WebP", std::uint64_t(features.width), std::uint64_t(features.height));

    const WebPData data{in.bytes.data(), in.bytes.size()};
    std::unique_ptr<WebPAnimDecoder, AnimDecoderFree> dec(WebPAnimDecoderNew(&data, nullptr));
    if (!dec) throw CorruptImage(message(in.name, "corrupt or truncated WebP data (cannot create the decoder)"));
    WebPAnimInfo info;
    if (!WebPAnimDecoderGetInfo(dec.get(), &info))
        throw CorruptImage(message(in.name, "corrupt WebP data (no canvas information)"));
    check_image_size(in, "WebP", info.canvas_width, info.canvas_height);

    std::uint8_t* rgba = nullptr;
    int timestamp = 0;
    if (!WebPAnimDecoderGetNext(dec.get(), &rgba, &timestamp) || rgba == nullptr)
        throw CorruptImage(message(in.name, "corrupt or truncated WebP data (cannot decode the first frame)"));

    WebpCanvas out{ImageU8(int(info.canvas_height), int(info.canvas_width), 4, Layout::hwc, uninitialized),
                   features.has_alpha != 0};
    std::memcpy(out.rgba.data(), rgba, out.rgba.size());

    if (orientation) {
        const WebPDemuxer* demux = WebPAnimDecoderGetDemuxer(dec.get());
        orientation->exif = chunk(demux, "EXIF");
        if (auto xmp = chunk(demux, "XMP ")) orientation->xmp.emplace(xmp->begin(), xmp->end());
    }
    return out;
}

// The first three bands of an RGBA image.
ImageU8 drop_alpha(const ImageU8& rgba) {
    ImageU8 out(rgba.height(), rgba.width(), 3, Layout::hwc, uninitialized);  // every pixel is written
    const std::size_t pixels = std::size_t(rgba.width()) * std::size_t(rgba.height());
    const std::uint8_t* in = rgba.data();
    std::uint8_t* rgb = out.data();
    for (std::size_t i = 0; i < pixels; ++i)
        for (int c = 0; c < 3; ++c) rgb[3 * i + c] = in[4 * i + c];
    return out;
}

}  // namespace

DecodedImage decode_webp(const Input& in) {
    DecodedImage out;
    out.rgb = drop_alpha(decode_canvas(in, &out.orientation).rgba);
    return out;
}

ImageU8 decode_webp_stored(const Input& in) {
    WebpCanvas canvas = decode_canvas(in, nullptr);
    return canvas.has_alpha ? std::move(canvas.rgba) : drop_alpha(canvas.rgba);
}

}  // namespace pixelprep::io::detail
