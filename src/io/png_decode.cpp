#include "png_decode.hpp"

#include <algorithm>
#include <memory>
#include <new>
#include <vector>

#include <spng.h>

#include "png_chunks.hpp"
#include "png_repair.hpp"

namespace pixelprep::io::detail {

namespace {

struct SpngFree {
    void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};
using SpngContext = std::unique_ptr<spng_ctx, SpngFree>;

// A libspng failure: its error code and the step it happened in.
struct SpngFailure {
    int code = 0;
    const char* step = "";
};

// One decode with libspng's default checking (CRCs of critical chunks, Adler-32 of the image
// data). Throws ImageTooLarge/CorruptImage from the header check; returns libspng errors.
SpngFailure run_spng(const Input& in, std::span<const std::uint8_t> png, bool with_transparency, StoredPng& out) {
    SpngContext ctx(spng_ctx_new(0));
    if (!ctx) throw std::bad_alloc();
    // The chunk walk already held text and ICC chunks to Pillow's caps (1 MiB inflated per
    // chunk, 64 MiB of text). These limits only bound libspng's own copies accordingly: no
    // stored chunk is longer than the file plus one inflated 1 MiB text.
    const std::size_t mib = std::size_t(1) << 20;
    if (int rc = spng_set_chunk_limits(ctx.get(), png.size() + 2 * mib, 2 * png.size() + 128 * mib)) return {rc, "setup"};
    if (int rc = spng_set_png_buffer(ctx.get(), png.data(), png.size())) return {rc, "setup"};

    spng_ihdr ihdr{};
    if (int rc = spng_get_ihdr(ctx.get(), &ihdr)) return {rc, "header"};
    check_image_size(in, "PNG", ihdr.width, ihdr.height);
    out.layout = {int(ihdr.width), int(ihdr.height), ihdr.bit_depth, ihdr.color_type};
    if (ihdr.color_type == SPNG_COLOR_TYPE_INDEXED) {
        spng_plte plte{};
        if (int rc = spng_get_plte(ctx.get(), &plte)) return {rc, "palette"};
        for (std::uint32_t i = 0; i < plte.n_entries && i < 256; ++i)
            out.palette[i] = {plte.entries[i].red, plte.entries[i].green, plte.entries[i].blue};
        out.palette_entries = int(plte.n_entries < 256 ? plte.n_entries : 256);
    }
    std::size_t size = 0;
    if (int rc = spng_decoded_image_size(ctx.get(), SPNG_FMT_PNG, &size)) return {rc, "header"};
    out.rows.assign(size, 0);
    if (int rc = spng_decode_image(ctx.get(), out.rows.data(), size, SPNG_FMT_PNG, 0)) return {rc, "image data"};
    if (!with_transparency) return {};
    // Read after the image data, so that the RGB decode (which never asks) takes exactly the
    // path it always took.
    spng_trns trns{};
    if (int rc = spng_get_trns(ctx.get(), &trns); rc == 0) {
        if (ihdr.color_type == SPNG_COLOR_TYPE_INDEXED)
            out.transparency.emplace(trns.type3_alpha, trns.type3_alpha + std::min<std::uint32_t>(trns.n_type3_entries, 256));
        else if (ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE)
            out.transparency.emplace(std::vector<std::uint16_t>{trns.gray});
        else if (ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR)
            out.transparency.emplace(std::vector<std::uint16_t>{trns.red, trns.green, trns.blue});
    } else if (rc != SPNG_ECHUNKAVAIL) {
        return {rc, "transparency"};
    }
    return {};
}

// The walk, then libspng (a second time on repaired bytes if the image data's CRC is wrong).
// The RGB decode keeps the orientation metadata, the mode-keeping one the tRNS chunk.
StoredPng read_png(const Input& in, OrientationSources* orientation, bool with_transparency) {
    PngScan scan = scan_png_chunks(in);

    std::vector<std::uint8_t> repaired;
    std::span<const std::uint8_t> png = in.bytes;
    if (scan.image_data_cut) {
        repaired = close_cut_image_data(png, *scan.image_data_cut);
        png = repaired;
    }
    StoredPng raw;
    SpngFailure failure = run_spng(in, png, with_transparency, raw);
    if (failure.code == SPNG_ECHUNK_CRC) {  // in IDAT or after it (the walk checked the rest)
        repaired = fix_image_data_crcs(png, scan.image_data_start);
        png = repaired;
        failure = run_spng(in, png, with_transparency, raw);
    }
    if (failure.code != 0)
        throw CorruptImage(message(in.name, std::string("corrupt or truncated PNG (") + failure.step + ": " +
                                                spng_strerror(failure.code) + ")"));

    if (orientation) *orientation = std::move(scan.orientation);
    return raw;
}

}  // namespace

DecodedImage decode_png(const Input& in) {
    DecodedImage out;
    const StoredPng raw = read_png(in, &out.orientation, false);
    const std::size_t stride = raw.rows.size() / std::size_t(raw.layout.height);
    out.rgb = png_to_rgb(raw.rows.data(), stride, raw.layout, raw.palette);
    return out;
}

StoredPng decode_png_stored(const Input& in) { return read_png(in, nullptr, true); }

}  // namespace pixelprep::io::detail
