#include "png_decode.hpp"

#include <memory>
#include <new>
#include <vector>

#include <spng.h>

#include "png_chunks.hpp"
#include "png_pixels.hpp"
#include "png_repair.hpp"

namespace pixelprep::io::detail {

namespace {

struct SpngFree {
    void operator()(spng_ctx* ctx) const { spng_ctx_free(ctx); }
};
using SpngContext = std::unique_ptr<spng_ctx, SpngFree>;

// What one libspng pass produces: the rows as stored (SPNG_FMT_PNG) and the palette.
struct RawPng {
    PngLayout layout;
    PngPalette palette{};  // indices past the PLTE entries stay black
    std::vector<std::uint8_t> rows;
};

// A libspng failure: its error code and the step it happened in.
struct SpngFailure {
    int code = 0;
    const char* step = "";
};

// One decode with libspng's default checking (CRCs of critical chunks, Adler-32 of the image
// data). Throws ImageTooLarge/CorruptImage from the header check; returns libspng errors.
SpngFailure run_spng(const Input& in, std::span<const std::uint8_t> png, RawPng& out) {
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
    }
    std::size_t size = 0;
    if (int rc = spng_decoded_image_size(ctx.get(), SPNG_FMT_PNG, &size)) return {rc, "header"};
    out.rows.assign(size, 0);
    if (int rc = spng_decode_image(ctx.get(), out.rows.data(), size, SPNG_FMT_PNG, 0)) return {rc, "image data"};
    return {};
}

}  // namespace

DecodedImage decode_png(const Input& in) {
    PngScan scan = scan_png_chunks(in);

    std::vector<std::uint8_t> repaired;
    std::span<const std::uint8_t> png = in.bytes;
    if (scan.image_data_cut) {
        repaired = close_cut_image_data(png, *scan.image_data_cut);
        png = repaired;
    }
    RawPng raw;
    SpngFailure failure = run_spng(in, png, raw);
    if (failure.code == SPNG_ECHUNK_CRC) {  // in IDAT or after it (the walk checked the rest)
        repaired = fix_image_data_crcs(png, scan.image_data_start);
        png = repaired;
        failure = run_spng(in, png, raw);
    }
    if (failure.code != 0)
        throw CorruptImage(message(in.name, std::string("corrupt or truncated PNG (") + failure.step + ": " +
                                                spng_strerror(failure.code) + ")"));

    const std::size_t stride = raw.rows.size() / std::size_t(raw.layout.height);
    return {png_to_rgb(raw.rows.data(), stride, raw.layout, raw.palette), std::move(scan.orientation)};
}

}  // namespace pixelprep::io::detail
