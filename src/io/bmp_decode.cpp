// BMP as Pillow 13's BmpImagePlugin reads it, then convert("RGB").
//
// Why a reader of our own rather than a library: BMP is a header followed by raw or
// run-length-coded rows, and what has to match is Pillow's reading of it, which no packaged
// decoder reproduces. stb_image (Debian's libstb-dev), the one well-kept candidate, scales
// 5- and 6-bit channels by bit replication where Pillow computes v * 255 / 31 (they differ
// for half the values), has no RLE4/RLE8, accepts bitfield layouts Pillow refuses and would
// need its own bounds on hostile headers. This file follows BmpImagePlugin step by step and
// is small; every variant it handles is checked against Pillow in decode-parity.
//
// Pillow's quirks kept on purpose (load_image returns exactly this): a palette that is the
// gray ramp makes the image "1" (2 colors) or "L", whose raw modes then read the rows as
// 1-bit or 8-bit samples whatever the file's bit depth; palettes of more than 256 colors
// fail (o8(256) raises while Pillow checks for the gray ramp); the last row may lack its
// padding; an RLE image that stops before its last pixel is refused.
#include "bmp_decode.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "indexed_pixels.hpp"

namespace pixelprep::io::detail {

namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint32_t le16(Bytes b, std::size_t at) { return std::uint32_t(b[at]) | std::uint32_t(b[at + 1]) << 8; }
std::uint32_t le32(Bytes b, std::size_t at) { return le16(b, at) | le16(b, at + 2) << 16; }

[[noreturn]] void unsupported(const Input& in, const std::string& what) {
    throw CorruptImage(message(in.name, "unsupported BMP: " + what + " (Pillow refuses it too)"));
}

[[noreturn]] void truncated(const Input& in) {
    throw CorruptImage(message(in.name, "truncated BMP data (image file is truncated)"));
}

// How Pillow's raw mode turns the bytes of one pixel into RGB.
enum class Samples {
    indices,   // "P;1", "P;4", "P": palette indices of `depth` bits
    bilevel,   // "1": 1-bit samples, 0 or 255
    gray,      // "L": 8-bit samples
    rgb555,    // "BGR;15"
    rgb565,    // "BGR;16"
    bytes,     // 3 or 4 bytes per pixel, R, G and B at the offsets below
};

struct Layout {
    Samples samples = Samples::bytes;
    int depth = 8;                 // bits per pixel the samples occupy
    int r = 2, g = 1, b = 0;       // byte offsets for Samples::bytes
};

struct Bitmap {
    std::uint64_t width = 0, height = 0;
    bool bottom_up = true;
    unsigned bits = 0;
    std::uint32_t compression = 0;
    std::uint64_t offset = 0;  // pixel data
    Layout layout;
    Palette palette{};
    bool rle4 = false;
};

// Pillow's MASK_MODES for 32-bit BITFIELDS: where R, G and B sit in the pixel's 4 bytes.
std::optional<Layout> mask_layout_32(std::uint32_t r, std::uint32_t g, std::uint32_t b, std::uint32_t a) {
    struct Entry {
        std::uint32_t r, g, b, a;
        int ro, go, bo;
    };
    static const Entry known[] = {
        {0xFF0000, 0xFF00, 0xFF, 0x0, 2, 1, 0},                  // BGRX
        {0xFF000000, 0xFF0000, 0xFF00, 0x0, 3, 2, 1},            // XBGR
        {0xFF000000, 0xFF00, 0xFF, 0x0, 3, 1, 0},                // BGXR
        {0xFF000000, 0xFF0000, 0xFF00, 0xFF, 3, 2, 1},           // ABGR
        {0xFF, 0xFF00, 0xFF0000, 0xFF000000, 0, 1, 2},           // RGBA
        {0xFF0000, 0xFF00, 0xFF, 0xFF000000, 2, 1, 0},           // BGRA
        {0xFF000000, 0xFF00, 0xFF, 0xFF0000, 3, 1, 0},           // BGAR
        {0x0, 0x0, 0x0, 0x0, 2, 1, 0},                           // BGRA
    };
    for (const Entry& e : known)
        if (e.r == r && e.g == g && e.b == b && e.a == a) return Layout{Samples::bytes, 32, e.ro, e.go, e.bo};
    return std::nullopt;
}

Bitmap read_header(const Input& in) {
    const Bytes f = in.bytes;
    if (f.size() < 18) truncated(in);
    Bitmap bmp;
    std::uint64_t offset = le32(f, 10);
    const std::uint32_t header_size = le32(f, 14);
    std::size_t pos = 18;
    if (header_size != 12 && header_size != 40 && header_size != 52 && header_size != 56 && header_size != 64 &&
        header_size != 108 && header_size != 124) {
        // Pillow reads the header before looking at its size: a cut file fails first.
        if (header_size >= 4 && f.size() - pos < header_size - 4) truncated(in);
        unsupported(in, "header size " + std::to_string(header_size));
    }
    if (f.size() - pos < header_size - 4) truncated(in);
    const Bytes h = f.subspan(pos, header_size - 4);
    pos += h.size();

    unsigned palette_padding = 3;
    std::uint64_t colors = 0;
    std::optional<std::array<std::uint32_t, 4>> masks;  // r, g, b, a
    if (header_size == 12) {
        bmp.width = le16(h, 0);
        bmp.height = le16(h, 2);
        bmp.bits = le16(h, 6);
    } else {
        const bool y_flip = h[7] == 0xFF;
        bmp.bottom_up = !y_flip;
        bmp.width = le32(h, 0);
        bmp.height = y_flip ? (std::uint64_t(1) << 32) - le32(h, 4) : le32(h, 4);
        bmp.bits = le16(h, 10);
        bmp.compression = le32(h, 12);
        colors = le32(h, 28);
        palette_padding = 4;
        if (bmp.compression == 3) {  // BITFIELDS
            std::array<std::uint32_t, 4> m{};
            if (h.size() >= 48) {
                for (int i = 0; i < 3; ++i) m[std::size_t(i)] = le32(h, 36 + 4 * std::size_t(i));
                if (h.size() >= 52) m[3] = le32(h, 48);
            } else {  // a 40-byte header: the three masks follow it
                if (f.size() - pos < 12) truncated(in);
                for (int i = 0; i < 3; ++i) m[std::size_t(i)] = le32(f, pos + 4 * std::size_t(i));
                pos += 12;
            }
            masks = m;
        }
    }
    if (colors == 0) colors = std::uint64_t(1) << std::min(bmp.bits, 63u);
    if (offset == 14 + std::uint64_t(header_size) && bmp.bits <= 8) offset += palette_padding * colors;

    Layout& layout = bmp.layout;
    switch (bmp.bits) {
        case 1: case 4: case 8: layout = {Samples::indices, int(bmp.bits)}; break;
        case 16: layout = {Samples::rgb555, 16}; break;
        case 24: layout = {Samples::bytes, 24, 2, 1, 0}; break;
        case 32: layout = {Samples::bytes, 32, 2, 1, 0}; break;
        default: unsupported(in, std::to_string(bmp.bits) + " bits per pixel");
    }
    switch (bmp.compression) {
        case 0: break;
        case 1: case 2:
            if (bmp.bits > 8) unsupported(in, "run-length coding of " + std::to_string(bmp.bits) + "-bit pixels");
            bmp.rle4 = bmp.compression == 2;
            break;
        case 3: {
            const auto& m = *masks;
            std::optional<Layout> l;
            if (bmp.bits == 32) l = mask_layout_32(m[0], m[1], m[2], m[3]);
            else if (bmp.bits == 24 && m[0] == 0xFF0000 && m[1] == 0xFF00 && m[2] == 0xFF) l = layout;
            else if (bmp.bits == 16 && m[0] == 0xF800 && m[1] == 0x7E0 && m[2] == 0x1F) l = Layout{Samples::rgb565, 16};
            else if (bmp.bits == 16 && m[0] == 0x7C00 && m[1] == 0x3E0 && m[2] == 0x1F) l = Layout{Samples::rgb555, 16};
            if (!l) unsupported(in, "bitfields layout");
            layout = *l;
            break;
        }
        default: unsupported(in, "compression " + std::to_string(bmp.compression));
    }

    if (bmp.bits <= 8) {
        if (colors == 0 || colors > 65536) unsupported(in, "palette size " + std::to_string(colors));
        if (colors > 256) unsupported(in, "palette of " + std::to_string(colors) + " colors");
        const Bytes table = f.subspan(pos, std::min<std::size_t>(f.size() - pos, palette_padding * colors));
        pos += table.size();
        bool gray_ramp = true;
        for (std::size_t i = 0; i < colors; ++i) {
            const std::size_t at = i * palette_padding;
            const unsigned want = colors == 2 ? unsigned(255 * i) : unsigned(i);
            if (at + 3 > table.size() || table[at] != want || table[at + 1] != want || table[at + 2] != want)
                gray_ramp = false;
        }
        if (gray_ramp) {
            // Mode "1" or "L", whose raw mode is the mode itself.
            layout = colors <= 2 ? Layout{Samples::bilevel, 1} : Layout{Samples::gray, 8};
        } else {
            for (std::size_t i = 0; i < colors && (i + 1) * palette_padding <= table.size(); ++i) {
                const std::size_t at = i * palette_padding;  // stored B, G, R
                bmp.palette[i] = {table[at + 2], table[at + 1], table[at]};
            }
        }
    }
    bmp.offset = offset != 0 ? offset : pos;
    return bmp;
}

void put_pixel(std::uint8_t* out, const Bitmap& bmp, const std::uint8_t* row, std::size_t x) {
    const Layout& l = bmp.layout;
    switch (l.samples) {
        case Samples::indices: put_palette_entry(out, bmp.palette, packed_sample(row, x, l.depth)); return;
        case Samples::bilevel: put_gray(out, packed_sample(row, x, 1) ? 255 : 0); return;
        case Samples::gray: put_gray(out, row[x]); return;
        case Samples::rgb555:
        case Samples::rgb565: {
            const unsigned v = unsigned(row[2 * x]) | unsigned(row[2 * x + 1]) << 8;
            const bool six = l.samples == Samples::rgb565;
            out[0] = std::uint8_t((six ? (v >> 11) & 31 : (v >> 10) & 31) * 255 / 31);
            out[1] = std::uint8_t(six ? ((v >> 5) & 63) * 255 / 63 : ((v >> 5) & 31) * 255 / 31);
            out[2] = std::uint8_t((v & 31) * 255 / 31);
            return;
        }
        case Samples::bytes: {
            const std::uint8_t* p = row + std::size_t(l.depth / 8) * x;
            out[0] = p[l.r];
            out[1] = p[l.g];
            out[2] = p[l.b];
            return;
        }
    }
}

// Pillow's BmpRleDecoder: one byte per pixel, rows in file order. Positions are absolute
// file offsets (Pillow aligns absolute runs to even file offsets).
std::vector<std::uint8_t> expand_rle(const Input& in, const Bitmap& bmp) {
    const Bytes f = in.bytes;
    std::size_t pos = std::size_t(std::min<std::uint64_t>(bmp.offset, f.size()));
    auto read = [&](std::size_t n) {
        n = pos < f.size() ? std::min(n, f.size() - pos) : 0;
        const Bytes out = n ? f.subspan(pos, n) : Bytes{};
        pos += n;
        return out;
    };
    const std::size_t w = std::size_t(bmp.width);
    const std::size_t dest = w * std::size_t(bmp.height);
    std::vector<std::uint8_t> data;
    data.reserve(dest);
    std::int64_t x = 0;
    while (data.size() < dest) {
        const Bytes pixels = read(1), code = read(1);
        if (pixels.empty() || code.empty()) break;
        if (std::int64_t n = pixels[0]; n != 0) {  // a run of one byte (two nibbles)
            if (x + n > std::int64_t(w)) n = std::max<std::int64_t>(0, std::int64_t(w) - x);
            const std::size_t start = data.size();
            data.resize(start + std::size_t(n), code[0]);
            if (bmp.rle4)
                for (std::size_t i = 0; i < std::size_t(n); ++i)
                    data[start + i] = std::uint8_t(i % 2 == 0 ? code[0] >> 4 : code[0] & 0x0F);
            x += n;
        } else if (code[0] == 0) {  // end of line
            data.resize((data.size() + w - 1) / w * w, 0);
            x = 0;
        } else if (code[0] == 1) {  // end of bitmap
            break;
        } else if (code[0] == 2) {  // delta: skip right, up
            const Bytes d = read(2);
            if (d.size() < 2) break;
            data.resize(data.size() + std::min(dest - data.size(), std::size_t(d[0]) + std::size_t(d[1]) * w), 0);
            x = std::int64_t(data.size() % w);
        } else {  // an absolute run of code[0] pixels
            const std::size_t count = std::min<std::size_t>(dest - data.size(), code[0]);
            const std::size_t byte_count = bmp.rle4 ? (count + 1) / 2 : count;
            const Bytes run = read(byte_count);
            for (std::size_t i = 0; i < run.size(); ++i) {
                if (!bmp.rle4) {
                    data.push_back(run[i]);
                    continue;
                }
                data.push_back(std::uint8_t(run[i] >> 4));
                if (2 * i + 1 < count) data.push_back(std::uint8_t(run[i] & 0x0F));
            }
            if (run.size() < byte_count || data.size() == dest) break;
            x += code[0];
            if (pos % 2 != 0) ++pos;
        }
    }
    // Pillow hands the bytes to its raw decoder, which refuses too few ("not enough image data").
    if (data.size() < dest) truncated(in);
    data.resize(dest);
    return data;
}

}  // namespace

DecodedImage decode_bmp(const Input& in) {
    const Bitmap bmp = read_header(in);
    check_image_size(in, "BMP", bmp.width, bmp.height);
    const std::size_t w = std::size_t(bmp.width), h = std::size_t(bmp.height);
    DecodedImage out{ImageU8(int(h), int(w), 3, pixelprep::Layout::hwc, uninitialized), {}};  // every pixel is written
    std::uint8_t* rgb = out.rgb.data();

    if (bmp.compression == 1 || bmp.compression == 2) {
        const std::vector<std::uint8_t> data = expand_rle(in, bmp);
        // Pillow's raw mode for the expanded bytes: "L" for the "1" and "L" modes, else "P".
        // As a table: a few bytes of RLE may fill millions of pixels.
        Palette colours = bmp.layout.samples == Samples::gray ? gray_ramp_palette() : bmp.palette;
        if (bmp.layout.samples == Samples::bilevel) {  // "1": any nonzero byte is white
            colours.fill({255, 255, 255});
            colours[0] = {0, 0, 0};
        }
        for (std::size_t y = 0; y < h; ++y)
            map_indices_to_rgb(data.data() + (bmp.bottom_up ? h - 1 - y : y) * w, w, colours, rgb + 3 * y * w);
        return out;
    }

    // Raw rows, each padded to 4 bytes for the file's bit depth; the raw mode's own row
    // length is what Pillow reads from each (the last row needs no padding).
    const std::uint64_t stride = ((bmp.width * bmp.bits + 31) >> 3) & ~std::uint64_t(3);
    const std::uint64_t row_bytes = (bmp.width * std::uint64_t(bmp.layout.depth) + 7) / 8;
    if (bmp.offset > in.bytes.size() || in.bytes.size() - bmp.offset < (bmp.height - 1) * stride + row_bytes)
        truncated(in);
    for (std::size_t y = 0; y < h; ++y) {
        const std::uint8_t* row = in.bytes.data() + bmp.offset + (bmp.bottom_up ? h - 1 - y : y) * stride;
        for (std::size_t x = 0; x < w; ++x) put_pixel(rgb + 3 * (y * w + x), bmp, row, x);
    }
    return out;
}

}  // namespace pixelprep::io::detail
