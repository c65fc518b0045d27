#include "png_write.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <spng.h>

#include "pixelprep/core/errors.hpp"

namespace pixelprep::cli {

namespace {

// How PngImagePlugin._save writes a mode: bit depth and color type.
struct PngFormat {
    int bit_depth;
    int color_type;
};

// Palette images: as many PLTE entries as the palette has (at least 1, at most 256), and the
// smallest bit depth that holds that many, as _save picks them.
int palette_colors(const io::ModeImage& img) { return std::clamp(int(img.palette.size()), 1, 256); }
int palette_bits(int colors) { return colors <= 2 ? 1 : colors <= 4 ? 2 : colors <= 16 ? 4 : 8; }

PngFormat png_format(const std::string& path, const io::ModeImage& img) {
    if (img.mode == "1") return {1, SPNG_COLOR_TYPE_GRAYSCALE};
    if (img.mode == "L") return {8, SPNG_COLOR_TYPE_GRAYSCALE};
    if (img.mode == "LA") return {8, SPNG_COLOR_TYPE_GRAYSCALE_ALPHA};
    if (img.mode == "RGB") return {8, SPNG_COLOR_TYPE_TRUECOLOR};
    if (img.mode == "RGBA") return {8, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA};
    if (img.mode == "I;16") return {16, SPNG_COLOR_TYPE_GRAYSCALE};
    if (img.mode == "P") return {palette_bits(palette_colors(img)), SPNG_COLOR_TYPE_INDEXED};
    throw ImageError(path + ": cannot write mode " + img.mode + " as PNG (Pillow cannot either)");
}

// The rows as libspng's SPNG_FMT_PNG takes them: sub-byte samples packed most significant
// bit first, 16-bit samples in host order.
std::vector<std::uint8_t> png_rows(const std::string& path, const io::ModeImage& img, const PngFormat& f) {
    const std::size_t w = std::size_t(img.width), h = std::size_t(img.height);
    if (img.mode == "I;16") {
        std::vector<std::uint8_t> rows(img.gray16.size() * 2);
        std::memcpy(rows.data(), img.gray16.data(), rows.size());
        return rows;
    }
    if (f.bit_depth == 8) return {img.pixels.data(), img.pixels.data() + img.pixels.size()};
    const std::size_t per_byte = std::size_t(8 / f.bit_depth), stride = (w + per_byte - 1) / per_byte;
    const unsigned max_index = (1u << f.bit_depth) - 1u;
    std::vector<std::uint8_t> rows(stride * h, 0);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            unsigned v = img.pixels.data()[y * w + x];
            if (img.mode == "1") {
                v = v != 0;  // Pillow's "1" packer: any non-zero value is white
            } else if (v > max_index) {
                // Pillow would keep only the low bits of the index: refuse rather than write garbage.
                throw ImageError(path + ": palette index " + std::to_string(v) + " does not fit the " +
                                 std::to_string(f.bit_depth) + "-bit PNG Pillow writes for a " +
                                 std::to_string(img.palette.size()) + "-entry palette");
            }
            const unsigned shift = unsigned(8 - f.bit_depth) - unsigned((x % per_byte) * std::size_t(f.bit_depth));
            rows[y * stride + x / per_byte] |= std::uint8_t(v << shift);
        }
    return rows;
}

// The tRNS chunk Pillow writes: PngImagePlugin turns the file's tRNS into info["transparency"]
// on open (a palette with one fully transparent entry becomes that index, "1" keeps 255 or
// 0) and _save writes it back, cut to the palette's size.
bool set_transparency(const io::ModeImage& img, int colors, spng_trns& trns) {
    if (!img.transparency) return false;
    const std::vector<std::uint16_t>& t = *img.transparency;
    if (img.mode == "P") {
        const auto zeros = std::count(t.begin(), t.end(), 0);
        const bool one_transparent = zeros == 1 && std::count(t.begin(), t.end(), 255) + 1 == std::ptrdiff_t(t.size());
        std::vector<std::uint8_t> alpha;
        if (one_transparent) {  // info["transparency"] = index: written as ff * index + 00
            alpha.assign(std::size_t(std::find(t.begin(), t.end(), 0) - t.begin()), 255);
            alpha.push_back(0);
        } else {
            alpha.assign(t.begin(), t.end());
        }
        alpha.resize(std::min(alpha.size(), std::size_t(colors)));
        if (alpha.empty()) return false;  // libspng cannot write an empty tRNS
        trns.n_type3_entries = std::uint32_t(alpha.size());
        std::copy(alpha.begin(), alpha.end(), trns.type3_alpha);
        return true;
    }
    if (img.mode == "1") {
        trns.gray = t.at(0) != 0;  // Pillow reads back 255 for any non-zero value of a "1" image
        return true;
    }
    if (img.mode == "L" || img.mode == "I;16") {
        trns.gray = t.at(0);
        return true;
    }
    if (img.mode == "RGB") {
        trns.red = t.at(0);
        trns.green = t.at(1);
        trns.blue = t.at(2);
        return true;
    }
    return false;  // Pillow keeps no transparency for LA / RGBA
}

}  // namespace

void write_png(const std::string& path, const io::ModeImage& img) {
    const PngFormat f = png_format(path, img);
    const std::vector<std::uint8_t> rows = png_rows(path, img, f);
    std::unique_ptr<spng_ctx, decltype(&spng_ctx_free)> ctx(spng_ctx_new(SPNG_CTX_ENCODER), spng_ctx_free);
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "wb"), std::fclose);
    if (!ctx || !file) throw Error(path + ": cannot open for writing");
    spng_ihdr ihdr{};
    ihdr.width = std::uint32_t(img.width);
    ihdr.height = std::uint32_t(img.height);
    ihdr.bit_depth = std::uint8_t(f.bit_depth);
    ihdr.color_type = std::uint8_t(f.color_type);
    int rc = spng_set_png_file(ctx.get(), file.get());
    if (!rc) rc = spng_set_ihdr(ctx.get(), &ihdr);
    const int colors = palette_colors(img);
    if (!rc && img.mode == "P") {
        spng_plte plte{};
        plte.n_entries = std::uint32_t(colors);  // an empty palette is written as one black entry, as Pillow does
        for (std::size_t i = 0; i < img.palette.size() && i < 256; ++i)
            plte.entries[i] = {img.palette[i][0], img.palette[i][1], img.palette[i][2], 255};
        rc = spng_set_plte(ctx.get(), &plte);
    }
    spng_trns trns{};
    if (!rc && set_transparency(img, colors, trns)) rc = spng_set_trns(ctx.get(), &trns);
    if (!rc) rc = spng_encode_image(ctx.get(), rows.data(), rows.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
    if (rc) {
        file.reset();
        std::remove(path.c_str());  // no half-written file
        throw Error(path + ": PNG encoding failed (" + spng_strerror(rc) + ")");
    }
}

}  // namespace pixelprep::cli
