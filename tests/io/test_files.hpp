// Small test inputs for the pixelprep::io tests, made in memory with the same libraries the
// decoders use (libjpeg, zlib, libwebp), plus a scratch directory for files.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

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

}  // namespace pixelprep_test
