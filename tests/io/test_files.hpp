// Small test inputs for the pixelprep::io tests, made in memory with the same libraries the
// decoders use (libjpeg, zlib, libwebp, libavif) or byte by byte (GIF, BMP, TIFF), plus a
// scratch directory for files.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <avif/avif.h>
#include <jpeglib.h>
#include <webp/encode.h>
#include <zlib.h>

namespace pixelprep_test {

using Bytes = std::vector<std::uint8_t>;

// A fresh directory under the system temp dir, removed with its contents at destruction.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("pixelprep-io-test-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    std::string write(const std::string& name, const Bytes& bytes) const {
        const auto p = (path_ / name).string();
        std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        return p;
    }
    std::string path(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

// Deterministic pixel values: a gradient with some texture.
inline Bytes test_pixels(int w, int h, int c, unsigned seed = 1) {
    Bytes px(std::size_t(w) * std::size_t(h) * std::size_t(c));
    std::mt19937 rng(seed);
    for (std::size_t i = 0; i < px.size(); ++i) px[i] = std::uint8_t((i * 7 + rng() % 32) & 0xFF);
    return px;
}

// A baseline JPEG (1, 3 or 4 = CMYK components), optionally with an APP1 payload (e.g. "Exif\0\0"...).
inline Bytes make_jpeg(int w, int h, int components, const Bytes& app1 = {}, bool progressive = false) {
    jpeg_compress_struct cinfo;
    jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&cinfo, &out, &size);
    cinfo.image_width = JDIMENSION(w);
    cinfo.image_height = JDIMENSION(h);
    cinfo.input_components = components;
    cinfo.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 90, TRUE);
    if (progressive) jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    if (!app1.empty()) jpeg_write_marker(&cinfo, JPEG_APP0 + 1, app1.data(), unsigned(app1.size()));
    const Bytes px = test_pixels(w, h, components);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(px.data() + std::size_t(cinfo.next_scanline) * std::size_t(w * components));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    Bytes result(out, out + size);
    std::free(out);
    return result;
}

inline void put_be32(Bytes& b, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(std::uint8_t(v >> s));
}

inline void add_png_chunk(Bytes& png, const char* type, const Bytes& data) {
    put_be32(png, std::uint32_t(data.size()));
    const std::size_t type_at = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    put_be32(png, std::uint32_t(crc32(0L, png.data() + type_at, uInt(4 + data.size()))));
}

inline Bytes png_ihdr(std::uint32_t w, std::uint32_t h, int depth, int color_type) {
    Bytes ihdr;
    put_be32(ihdr, w);
    put_be32(ihdr, h);
    ihdr.insert(ihdr.end(), {std::uint8_t(depth), std::uint8_t(color_type), 0, 0, 0});
    return ihdr;
}

// A PNG from already packed rows (no filter applied; each row gets filter byte 0).
inline Bytes make_png(int w, int h, int depth, int color_type, const Bytes& packed_rows,
                      const std::vector<std::pair<const char*, Bytes>>& extra_chunks = {}) {
    const std::size_t stride = packed_rows.size() / std::size_t(h);
    Bytes raw;
    for (int y = 0; y < h; ++y) {
        raw.push_back(0);
        raw.insert(raw.end(), packed_rows.begin() + std::ptrdiff_t(y * stride), packed_rows.begin() + std::ptrdiff_t((y + 1) * stride));
    }
    uLongf zsize = compressBound(uLong(raw.size()));
    Bytes z(zsize);
    if (compress(z.data(), &zsize, raw.data(), uLong(raw.size())) != Z_OK) throw std::runtime_error("zlib failed");
    z.resize(zsize);
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    add_png_chunk(png, "IHDR", png_ihdr(std::uint32_t(w), std::uint32_t(h), depth, color_type));
    for (const auto& [type, data] : extra_chunks) add_png_chunk(png, type, data);
    add_png_chunk(png, "IDAT", z);
    add_png_chunk(png, "IEND", {});
    return png;
}

// A lossless WebP of RGB pixels.
inline Bytes make_webp_lossless(int w, int h, const Bytes& rgb) {
    std::uint8_t* out = nullptr;
    const std::size_t size = WebPEncodeLosslessRGB(rgb.data(), w, h, w * 3, &out);
    Bytes result(out, out + size);
    WebPFree(out);
    return result;
}

// EXIF APP1 payload: "Exif\0\0" + little-endian TIFF with IFD0 = {Orientation: value}.
inline Bytes exif_orientation(std::uint16_t value) {
    return {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 0x2A, 0, 8, 0, 0, 0,  // header, IFD0 at 8
            1, 0,                                                     // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, std::uint8_t(value), std::uint8_t(value >> 8), 0, 0,
            0, 0, 0, 0};  // no next IFD
}

inline void put_le16(Bytes& b, unsigned v) {
    b.push_back(std::uint8_t(v & 0xFF));
    b.push_back(std::uint8_t(v >> 8));
}
inline void put_le32(Bytes& b, std::uint32_t v) {
    put_le16(b, v & 0xFFFF);
    put_le16(b, v >> 16);
}

// A bottom-up 24-bit BMP (40-byte header) of RGB pixels.
inline Bytes make_bmp24(int w, int h, const Bytes& rgb) {
    const std::size_t stride = (std::size_t(w) * 3 + 3) & ~std::size_t(3);
    Bytes b = {'B', 'M'};
    put_le32(b, std::uint32_t(54 + stride * std::size_t(h)));
    put_le32(b, 0);
    put_le32(b, 54);
    for (std::uint32_t v : {40u, std::uint32_t(w), std::uint32_t(h)}) put_le32(b, v);
    put_le16(b, 1);
    put_le16(b, 24);
    for (int i = 0; i < 6; ++i) put_le32(b, 0);
    for (int y = h - 1; y >= 0; --y) {
        for (int x = 0; x < w; ++x)
            for (int c = 2; c >= 0; --c) b.push_back(rgb[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 3 + std::size_t(c)]);
        for (std::size_t pad = std::size_t(w) * 3; pad < stride; ++pad) b.push_back(0);
    }
    return b;
}

// A GIF89a of w x h palette indices (0..3) with a 4-entry global palette. The LZW stream has
// only literal codes (3-bit, clear before the code size would grow), which any decoder reads.
inline Bytes make_gif(int w, int h, const Bytes& indices, const Bytes& palette12) {
    Bytes b = {'G', 'I', 'F', '8', '9', 'a'};
    put_le16(b, unsigned(w));
    put_le16(b, unsigned(h));
    b.insert(b.end(), {0x81, 0, 0});  // global table of 4 entries
    b.insert(b.end(), palette12.begin(), palette12.end());
    b.push_back(',');
    for (unsigned v : {0u, 0u, unsigned(w), unsigned(h)}) put_le16(b, v);
    b.push_back(0);
    b.push_back(2);  // LZW minimum code size
    Bytes lzw;
    std::uint32_t acc = 0;
    int bits = 0;
    auto emit = [&](unsigned code) {
        acc |= code << bits;
        bits += 3;
        while (bits >= 8) {
            lzw.push_back(std::uint8_t(acc & 0xFF));
            acc >>= 8;
            bits -= 8;
        }
    };
    for (std::size_t i = 0; i < indices.size(); ++i) {
        if (i % 2 == 0) emit(4);  // clear: the table never reaches 8 entries
        emit(indices[i]);
    }
    emit(5);  // end of information
    if (bits > 0) lzw.push_back(std::uint8_t(acc & 0xFF));
    for (std::size_t i = 0; i < lzw.size(); i += 255) {
        const std::size_t n = std::min<std::size_t>(255, lzw.size() - i);
        b.push_back(std::uint8_t(n));
        b.insert(b.end(), lzw.begin() + std::ptrdiff_t(i), lzw.begin() + std::ptrdiff_t(i + n));
    }
    b.push_back(0);
    b.push_back(';');
    return b;
}

// An uncompressed little-endian TIFF, one strip, of `spp` 8-bit samples per pixel, with
// optional extra SHORT tags (tag, value) such as Orientation or SampleFormat.
inline Bytes make_tiff(int w, int h, int spp, int photometric, const Bytes& samples,
                       const std::vector<std::pair<std::uint16_t, std::uint16_t>>& extra_tags = {}) {
    Bytes b = {'I', 'I', 42, 0};
    const std::uint32_t ifd = std::uint32_t(8 + samples.size() + samples.size() % 2);
    put_le32(b, ifd);
    b.insert(b.end(), samples.begin(), samples.end());
    if (samples.size() % 2) b.push_back(0);
    std::vector<std::tuple<std::uint16_t, std::uint16_t, std::uint32_t>> tags = {
        {256, 4, std::uint32_t(w)}, {257, 4, std::uint32_t(h)}, {258, 3, 8}, {259, 3, 1},
        {262, 3, std::uint32_t(photometric)}, {273, 4, 8}, {277, 3, std::uint32_t(spp)},
        {278, 4, std::uint32_t(h)}, {279, 4, std::uint32_t(samples.size())}};
    for (const auto& [tag, value] : extra_tags) tags.emplace_back(tag, 3, value);
    std::sort(tags.begin(), tags.end());
    put_le16(b, unsigned(tags.size()));
    for (const auto& [tag, type, value] : tags) {
        put_le16(b, tag);
        put_le16(b, type);
        put_le32(b, 1);
        if (type == 3) {
            put_le16(b, value);
            put_le16(b, 0);
        } else {
            put_le32(b, value);
        }
    }
    put_le32(b, 0);
    return b;
}

// An 8-bit 4:4:4 AVIF of RGB pixels (lossy: libavif's default quality), or nothing when this
// libavif cannot encode (no AV1 encoder built in).
inline Bytes make_avif(int w, int h, const Bytes& rgb) {
    avifImage* image = avifImageCreate(w, h, 8, AVIF_PIXEL_FORMAT_YUV444);
    avifRGBImage pixels;
    avifRGBImageSetDefaults(&pixels, image);
    pixels.format = AVIF_RGB_FORMAT_RGB;
    pixels.pixels = const_cast<std::uint8_t*>(rgb.data());
    pixels.rowBytes = std::uint32_t(w) * 3;
    avifEncoder* encoder = avifEncoderCreate();
    encoder->speed = AVIF_SPEED_FASTEST;
    avifRWData out = AVIF_DATA_EMPTY;
    Bytes result;
    if (avifImageRGBToYUV(image, &pixels) == AVIF_RESULT_OK && avifEncoderWrite(encoder, image, &out) == AVIF_RESULT_OK)
        result.assign(out.data, out.data + out.size);
    avifRWDataFree(&out);
    avifEncoderDestroy(encoder);
    avifImageDestroy(image);
    return result;
}

}  // namespace pixelprep_test
