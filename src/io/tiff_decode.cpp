// TIFF through libtiff, converted the way Pillow 13's TiffImagePlugin picks a mode for the
// first page (its OPEN_INFO table) and Image.convert("RGB") then converts that mode:
//
//   photometric        samples (bits)          Pillow mode   -> RGB
//   0/1 gray           1, 2, 4, 8 bits         "1" / "L"     gray (scaled to 0..255; 0 = white inverts)
//   0/1 gray           16 bits                 "I;16"        clamped at 255, never inverted
//   1 gray + extra     8+8 (extra 0 or 2)      "L" / "LA"    gray
//   2 RGB              8 or 16 bits, 3-6 smp   RGB(A/X/a)    the high byte of 16-bit samples;
//                                                            associated alpha un-premultiplied
//   3 palette          1, 2, 4, 8 (+ extra)    "P"           colormap >> 8
//   5 CMYK             8 bits, 4-6 samples     "CMYK"        Pillow's cmyk2rgb
//   6 YCbCr            8 bits, 3 samples       "RGB"         JPEG: libjpeg's conversion (Pillow
//                                                            sets JPEGCOLORMODE_RGB); others:
//                                                            libtiff's RGBA interface, as Pillow
//
// Anything else (float, signed, 32-bit, LAB, uncompressed YCbCr, 16-bit CMYK) is
// refused with UnsupportedFormat naming the layout. Pixels are read with libtiff (strips or
// tiles, contiguous or separate planes, any codec it was built with: LZW, Deflate, JPEG,
// PackBits, ...); 16-bit samples come back in host order.
#include "tiff_decode.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tiffio.h>

#include "exif_orientation.hpp"
#include "indexed_pixels.hpp"
#include "orientation_transform.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::io::detail {

namespace {

using Bytes = std::span<const std::uint8_t>;

// libtiff's client I/O over the bytes in memory, plus the first error libtiff reported.
struct MemoryFile {
    Bytes bytes;
    std::uint64_t pos = 0;
    std::string error;
};

tmsize_t mem_read(thandle_t h, void* buf, tmsize_t n) {
    auto* f = static_cast<MemoryFile*>(h);
    if (n <= 0 || f->pos >= f->bytes.size()) return 0;
    const std::uint64_t count = std::min<std::uint64_t>(std::uint64_t(n), f->bytes.size() - f->pos);
    std::memcpy(buf, f->bytes.data() + f->pos, std::size_t(count));
    f->pos += count;
    return tmsize_t(count);
}
tmsize_t mem_write(thandle_t, void*, tmsize_t) { return 0; }
toff_t mem_seek(thandle_t h, toff_t off, int whence) {
    auto* f = static_cast<MemoryFile*>(h);
    std::uint64_t base = 0;
    if (whence == SEEK_CUR) base = f->pos;
    else if (whence == SEEK_END) base = f->bytes.size();
    f->pos = base + off;
    return f->pos;
}
int mem_close(thandle_t) { return 0; }
toff_t mem_size(thandle_t h) { return static_cast<MemoryFile*>(h)->bytes.size(); }
// Never mapped: libtiff may work in place in a mapped buffer (bit reversal), and ours is const.
int mem_map(thandle_t, void**, toff_t*) { return 0; }
void mem_unmap(thandle_t, void*, toff_t) {}

int on_error(TIFF*, void* user, const char* module, const char* fmt, va_list ap) {
    auto* f = static_cast<MemoryFile*>(user);
    if (f->error.empty()) {
        char text[512];
        std::vsnprintf(text, sizeof text, fmt, ap);
        f->error = (module && *module ? std::string(module) + ": " : std::string()) + text;
    }
    return 1;  // handled: nothing on stderr
}
int on_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }  // Pillow ignores them too

struct TiffClose {
    void operator()(TIFF* t) const { TIFFClose(t); }
};
struct OptionsFree {
    void operator()(TIFFOpenOptions* o) const { TIFFOpenOptionsFree(o); }
};

// The layouts of the table above.
enum class Kind { gray, gray16, rgb, rgb16, palette, cmyk, ycbcr_jpeg, ycbcr_rgba };

struct Page {
    std::uint32_t width = 0, height = 0;
    std::uint16_t spp = 1, bps = 1, photometric = 0, planar = 1, compression = 1;
    Kind kind = Kind::gray;
    bool invert = false;         // WhiteIsZero gray of 1-8 bits
    bool premultiplied = false;  // RGB with associated alpha as the 4th sample
};

class Reader {
public:
    explicit Reader(const Input& in) : in_(in), file_{in.bytes, 0, {}} {
        std::unique_ptr<TIFFOpenOptions, OptionsFree> options(TIFFOpenOptionsAlloc());
        if (!options) throw std::bad_alloc();
        TIFFOpenOptionsSetErrorHandlerExtR(options.get(), on_error, &file_);
        TIFFOpenOptionsSetWarningHandlerExtR(options.get(), on_warning, &file_);
        // No single libtiff buffer needs more than the file (compressed strips) or a strip of
        // decoded rows, which we allocate ourselves; this bounds what a hostile header gets.
        TIFFOpenOptionsSetMaxSingleMemAlloc(options.get(), tmsize_t(std::max<std::size_t>(in.bytes.size(), 1) + (std::size_t(256) << 20)));
        tif_.reset(TIFFClientOpenExt(in.name.c_str(), "r", &file_, mem_read, mem_write, mem_seek, mem_close,
                                     mem_size, mem_map, mem_unmap, options.get()));
        if (!tif_) fail("cannot open");
    }

    TIFF* get() const { return tif_.get(); }

    [[noreturn]] void fail(const std::string& what) const {
        throw CorruptImage(message(in_.name, "corrupt or truncated TIFF (" + what +
                                                 (file_.error.empty() ? "" : "; libtiff: " + file_.error) + ")"));
    }

private:
    const Input& in_;
    MemoryFile file_;
    std::unique_ptr<TIFF, TiffClose> tif_;
};

template <class T> T field(TIFF* tif, ttag_t tag, T fallback) {
    T v = fallback;
    return TIFFGetFieldDefaulted(tif, tag, &v) ? v : fallback;
}

[[noreturn]] void unsupported(const Input& in, const Page& p, std::uint16_t sample_format, std::size_t extras) {
    throw UnsupportedFormat(message(
        in.name, "unsupported TIFF variant: photometric " + std::to_string(p.photometric) + ", " +
                     std::to_string(p.spp) + " samples of " + std::to_string(p.bps) + " bits (" +
                     std::to_string(extras) + " extra), sample format " + std::to_string(sample_format) +
                     ", compression " + std::to_string(p.compression) +
                     " (pixelprep reads gray, RGB(A), palette, CMYK and YCbCr TIFFs of unsigned integers)"));
}

Page classify(const Input& in, TIFF* tif) {
    Page p;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &p.width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &p.height))
        throw CorruptImage(message(in.name, "corrupt TIFF (no image dimensions)"));
    check_image_size(in, "TIFF", p.width, p.height);
    p.spp = field<std::uint16_t>(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    p.bps = field<std::uint16_t>(tif, TIFFTAG_BITSPERSAMPLE, 1);
    p.planar = field<std::uint16_t>(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    p.compression = field<std::uint16_t>(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
    p.photometric = 0;  // Pillow's default when the tag is missing
    TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &p.photometric);
    const std::uint16_t sample_format = field<std::uint16_t>(tif, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT);
    std::uint16_t extra_count = 0;
    std::uint16_t* extra = nullptr;
    TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &extra_count, &extra);
    const std::size_t extras = extra ? extra_count : 0;
    auto extra_is = [&](std::size_t i, std::uint16_t v) { return extras > i && extra[i] == v; };
    if (p.compression == COMPRESSION_OJPEG) p.photometric = PHOTOMETRIC_YCBCR;  // as Pillow

    bool ok = sample_format == SAMPLEFORMAT_UINT;
    switch (p.photometric) {
        case PHOTOMETRIC_MINISWHITE:
        case PHOTOMETRIC_MINISBLACK:
            if (p.spp == 1 && extras == 0 && (p.bps == 1 || p.bps == 2 || p.bps == 4 || p.bps == 8)) {
                p.kind = Kind::gray;
                p.invert = p.photometric == PHOTOMETRIC_MINISWHITE;
            } else if (p.spp == 1 && extras == 0 && p.bps == 16) {
                p.kind = Kind::gray16;
            } else if (p.photometric == PHOTOMETRIC_MINISBLACK && p.spp == 2 && p.bps == 8 &&
                       (extra_is(0, EXTRASAMPLE_UNSPECIFIED) || extra_is(0, EXTRASAMPLE_UNASSALPHA))) {
                p.kind = Kind::gray;
            } else {
                ok = false;
            }
            break;
        case PHOTOMETRIC_RGB:
            // Pillow's keys: 3 samples, or 4 without ExtraSamples (RGBA); else 3 plus the
            // extras, the first unspecified (RGBX), unassociated alpha (RGBA) or associated
            // alpha ("RGBa", un-premultiplied), any others unspecified.
            ok = ok && (p.bps == 8 || p.bps == 16) && p.spp <= (p.bps == 8 ? 6 : 4) &&
                 (p.spp == 3 + extras || (p.spp == 4 && extras == 0)) &&
                 (extras == 0 || extra[0] == EXTRASAMPLE_UNSPECIFIED || extra[0] == EXTRASAMPLE_UNASSALPHA ||
                  extra[0] == EXTRASAMPLE_ASSOCALPHA);
            p.premultiplied = extras > 0 && extra[0] == EXTRASAMPLE_ASSOCALPHA;
            for (std::size_t i = 1; i < extras; ++i) ok = ok && extra[i] == EXTRASAMPLE_UNSPECIFIED;
            p.kind = p.bps == 8 ? Kind::rgb : Kind::rgb16;
            break;
        case PHOTOMETRIC_PALETTE:
            ok = ok && ((p.spp == 1 && extras == 0 && (p.bps == 1 || p.bps == 2 || p.bps == 4 || p.bps == 8)) ||
                        (p.spp == 2 && p.bps == 8 && (extra_is(0, EXTRASAMPLE_UNSPECIFIED) || extra_is(0, EXTRASAMPLE_UNASSALPHA))));
            p.kind = Kind::palette;
            break;
        case PHOTOMETRIC_SEPARATED:
            ok = ok && p.bps == 8 && p.spp >= 4 && p.spp <= 6 && p.spp == 4 + extras &&
                 field<std::uint16_t>(tif, TIFFTAG_INKSET, INKSET_CMYK) == INKSET_CMYK;
            for (std::size_t i = 0; i < extras; ++i) ok = ok && extra[i] == EXTRASAMPLE_UNSPECIFIED;
            p.kind = Kind::cmyk;
            break;
        case PHOTOMETRIC_YCBCR:
            // Pillow decodes uncompressed YCbCr with its own raw decoder (no chroma upsampling);
            // that path is not reproduced.
            ok = ok && p.bps == 8 && p.spp == 3 && extras == 0 && p.compression != COMPRESSION_NONE;
            // Pillow lets libjpeg convert JPEG-compressed YCbCr (JPEGCOLORMODE_RGB); the rest,
            // old-style JPEG included, goes through libtiff's RGBA interface.
            p.kind = p.compression == COMPRESSION_JPEG && p.planar == PLANARCONFIG_CONTIG ? Kind::ycbcr_jpeg
                                                                                          : Kind::ycbcr_rgba;
            break;
        default: ok = false;
    }
    if (!ok) unsupported(in, p, sample_format, extras);
    return p;
}

// The page's samples as contiguous rows (planes interleaved), `stride` bytes per row.
struct Samples {
    std::vector<std::uint8_t> rows;
    std::size_t stride = 0;
};

Samples read_samples(const Reader& r, const Page& p) {
    TIFF* tif = r.get();
    const bool separate = p.planar == PLANARCONFIG_SEPARATE && p.spp > 1;
    const std::size_t planes = separate ? p.spp : 1;
    const std::size_t plane_spp = separate ? 1 : p.spp;
    const std::size_t bytes_per_sample = p.bps / 8;  // separate planes only occur with 8/16 bits
    if (separate && bytes_per_sample == 0) r.fail("separate planes of sub-byte samples");
    Samples s;
    s.stride = (std::size_t(p.width) * p.spp * p.bps + 7) / 8;
    s.rows.assign(s.stride * p.height, 0);
    const std::size_t plane_stride = (std::size_t(p.width) * plane_spp * p.bps + 7) / 8;

    // Copies `rows` rows of `cols` pixels (one plane's row layout) at (x0, y0) from a block.
    auto place = [&](const std::uint8_t* block, std::size_t block_stride, std::size_t x0, std::size_t y0,
                     std::size_t cols, std::size_t rows, std::size_t plane) {
        for (std::size_t y = 0; y < rows && y0 + y < p.height; ++y) {
            const std::uint8_t* src = block + y * block_stride;
            std::uint8_t* dst = s.rows.data() + (y0 + y) * s.stride;
            const std::size_t n = std::min<std::size_t>(cols, p.width - x0);
            if (!separate) {
                // x0 is a multiple of the tile width, itself a multiple of 16: whole bytes.
                std::memcpy(dst + x0 * p.spp * p.bps / 8, src, (n * p.spp * p.bps + 7) / 8);
                continue;
            }
            for (std::size_t x = 0; x < n; ++x)
                std::memcpy(dst + ((x0 + x) * p.spp + plane) * bytes_per_sample, src + x * bytes_per_sample, bytes_per_sample);
        }
    };

    if (TIFFIsTiled(tif)) {
        std::uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        const std::uint64_t tile_size = TIFFTileSize64(tif);
        if (tw == 0 || th == 0 || tile_size == 0) r.fail("bad tile size");
        std::vector<std::uint8_t> tile(tile_size);
        const std::size_t tile_stride = (std::size_t(tw) * plane_spp * p.bps + 7) / 8;
        for (std::size_t plane = 0; plane < planes; ++plane)
            for (std::uint32_t y = 0; y < p.height; y += th)
                for (std::uint32_t x = 0; x < p.width; x += tw) {
                    if (TIFFReadEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, std::uint16_t(plane)), tile.data(),
                                            tmsize_t(tile_size)) < 0)
                        r.fail("cannot decode tile");
                    place(tile.data(), tile_stride, x, y, tw, th, plane);
                }
        return s;
    }
    std::uint32_t rows_per_strip = field<std::uint32_t>(tif, TIFFTAG_ROWSPERSTRIP, p.height);
    rows_per_strip = std::clamp<std::uint32_t>(rows_per_strip, 1, p.height);
    const std::uint64_t strip_size = TIFFStripSize64(tif);
    if (strip_size == 0) r.fail("bad strip size");
    std::vector<std::uint8_t> strip(strip_size);
    for (std::size_t plane = 0; plane < planes; ++plane)
        for (std::uint32_t y = 0; y < p.height; y += rows_per_strip) {
            if (TIFFReadEncodedStrip(tif, TIFFComputeStrip(tif, y, std::uint16_t(plane)), strip.data(),
                                     tmsize_t(strip_size)) < 0)
                r.fail("cannot decode strip");
            place(strip.data(), plane_stride, 0, y, p.width, rows_per_strip, plane);
        }
    return s;
}

// Pillow's palette from the TIFF colormap: the high byte of each 16-bit entry.
Palette colormap(const Reader& r, const Page& p) {
    std::uint16_t *red = nullptr, *green = nullptr, *blue = nullptr;
    if (!TIFFGetField(r.get(), TIFFTAG_COLORMAP, &red, &green, &blue)) r.fail("palette image without a colormap");
    Palette palette{};
    const std::size_t entries = std::min<std::size_t>(std::size_t(1) << p.bps, 256);
    for (std::size_t i = 0; i < entries; ++i)
        palette[i] = {std::uint8_t(red[i] >> 8), std::uint8_t(green[i] >> 8), std::uint8_t(blue[i] >> 8)};
    return palette;
}

// Pillow's "RGBa" unpacker: c * 255 / a, truncated and capped at 255; 0 where a is 0.
std::uint8_t unpremultiply(std::uint8_t c, std::uint8_t a) {
    return a == 0 ? 0 : std::uint8_t(std::min(255u, unsigned(c) * 255u / a));
}

ImageU8 to_rgb(const Reader& r, const Page& p, const Samples& s) {
    ImageU8 out(int(p.height), int(p.width), 3);
    const std::size_t w = p.width;
    const Palette palette = p.kind == Kind::palette ? colormap(r, p) : Palette{};
    for (std::size_t y = 0; y < p.height; ++y) {
        const std::uint8_t* row = s.rows.data() + y * s.stride;
        std::uint8_t* o = out.data() + y * w * 3;
        for (std::size_t x = 0; x < w; ++x, o += 3) {
            switch (p.kind) {
                case Kind::gray: {
                    const std::size_t i = x * p.spp;  // LA / LX: the first sample
                    const std::uint8_t v = p.bps == 8 ? row[i] : scale_gray_sample(packed_sample(row, i, p.bps), p.bps);
                    put_gray(o, p.invert ? std::uint8_t(255 - v) : v);
                    break;
                }
                case Kind::gray16: {
                    std::uint16_t v;
                    std::memcpy(&v, row + 2 * x, 2);
                    put_gray(o, numerics::gray16_to_u8(v));
                    break;
                }
                case Kind::rgb:
                case Kind::ycbcr_jpeg: {
                    const std::uint8_t* px = row + x * p.spp;
                    for (int c = 0; c < 3; ++c) o[c] = p.premultiplied ? unpremultiply(px[c], px[3]) : px[c];
                    break;
                }
                case Kind::rgb16: {
                    // Pillow keeps the high byte of each sample ("RGBa;16" un-premultiplies those).
                    auto high = [&](std::size_t c) {
                        std::uint16_t v;
                        std::memcpy(&v, row + 2 * (x * p.spp + c), 2);
                        return std::uint8_t(v >> 8);
                    };
                    for (std::size_t c = 0; c < 3; ++c) o[c] = p.premultiplied ? unpremultiply(high(c), high(3)) : high(c);
                    break;
                }
                case Kind::palette:
                    put_palette_entry(o, palette, p.spp == 1 ? packed_sample(row, x, p.bps) : row[2 * x]);
                    break;
                case Kind::cmyk: {
                    const std::uint8_t* c = row + x * p.spp;
                    for (int i = 0; i < 3; ++i) o[i] = numerics::cmyk_channel_to_rgb(c[i], c[3]);
                    break;
                }
                case Kind::ycbcr_rgba: break;  // read through libtiff's RGBA interface instead
            }
        }
    }
    return out;
}

// Pillow decodes YCbCr other than JPEG through TIFFRGBAImage with ORIENTATION_TOPLEFT.
ImageU8 read_rgba_interface(const Reader& r, const Page& p) {
    std::vector<std::uint32_t> raster(std::size_t(p.width) * p.height);
    if (!TIFFReadRGBAImageOriented(r.get(), p.width, p.height, raster.data(), ORIENTATION_TOPLEFT, 0))
        r.fail("cannot decode YCbCr image");
    ImageU8 out(int(p.height), int(p.width), 3);
    for (std::size_t i = 0; i < raster.size(); ++i) {
        out.data()[3 * i] = std::uint8_t(TIFFGetR(raster[i]));
        out.data()[3 * i + 1] = std::uint8_t(TIFFGetG(raster[i]));
        out.data()[3 * i + 2] = std::uint8_t(TIFFGetB(raster[i]));
    }
    return out;
}

// The orientation Pillow's load_end applies, by getexif()'s rules: the first IFD's
// Orientation tag as the EXIF reader reads it (the file is that TIFF structure), else XMP's
// tiff:Orientation (tag 700). BigTIFF, which the EXIF reader does not parse, takes libtiff's
// value of the tag.
int page_orientation(const Input& in, TIFF* tif) {
    std::uint16_t stored = 0;
    bool tag_present = false;
    if (TIFFIsBigTIFF(tif)) {
        tag_present = TIFFGetField(tif, TIFFTAG_ORIENTATION, &stored) != 0;
    } else {
        const ExifOrientation found = read_exif_orientation(in.bytes);
        if (!found.header_ok) throw CorruptImage(message(in.name, "invalid TIFF header (" + found.header_error + ")"));
        tag_present = found.tag_present;
        stored = std::uint16_t(found.value);
    }
    if (tag_present) return stored;
    std::uint32_t xmp_size = 0;
    void* xmp = nullptr;
    if (!TIFFGetField(tif, TIFFTAG_XMLPACKET, &xmp_size, &xmp) || !xmp) return 1;
    return xmp_orientation(std::string_view(static_cast<const char*>(xmp), xmp_size));
}

}  // namespace

bool is_tiff(std::span<const std::uint8_t> b) {
    static const char* const prefixes[] = {"MM\x00\x2A", "II\x2A\x00", "MM\x00\x2B", "II\x2B\x00"};
    for (const char* prefix : prefixes)
        if (b.size() >= 4 && std::memcmp(b.data(), prefix, 4) == 0) return true;
    return false;
}

DecodedImage decode_tiff(const Input& in) {
    Reader reader(in);
    TIFF* tif = reader.get();
    const Page page = classify(in, tif);
    ImageU8 rgb;
    if (page.kind == Kind::ycbcr_rgba) {
        rgb = read_rgba_interface(reader, page);
    } else {
        if (page.kind == Kind::ycbcr_jpeg) TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
        rgb = to_rgb(reader, page, read_samples(reader, page));
    }
    return {apply_orientation(std::move(rgb), page_orientation(in, tif)), {}};
}

}  // namespace pixelprep::io::detail
