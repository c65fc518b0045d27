#include "png_write.hpp"

#include <cstdio>
#include <memory>

#include <spng.h>

#include "pixelprep/core/errors.hpp"

namespace pixelprep::cli {

void write_png(const std::string& path, const ImageU8& img) {
    static const int color_types[] = {0, SPNG_COLOR_TYPE_GRAYSCALE, SPNG_COLOR_TYPE_GRAYSCALE_ALPHA,
                                      SPNG_COLOR_TYPE_TRUECOLOR, SPNG_COLOR_TYPE_TRUECOLOR_ALPHA};
    if (img.channels() < 1 || img.channels() > 4 || img.layout() != Layout::hwc)
        throw ImageError(path + ": cannot write a " + std::to_string(img.channels()) + "-channel image as PNG");
    std::unique_ptr<spng_ctx, decltype(&spng_ctx_free)> ctx(spng_ctx_new(SPNG_CTX_ENCODER), spng_ctx_free);
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(path.c_str(), "wb"), std::fclose);
    if (!ctx || !file) throw Error(path + ": cannot open for writing");
    spng_ihdr ihdr{};
    ihdr.width = std::uint32_t(img.width());
    ihdr.height = std::uint32_t(img.height());
    ihdr.bit_depth = 8;
    ihdr.color_type = std::uint8_t(color_types[img.channels()]);
    int rc = spng_set_png_file(ctx.get(), file.get());
    if (!rc) rc = spng_set_ihdr(ctx.get(), &ihdr);
    if (!rc)
        rc = spng_encode_image(ctx.get(), img.data(), img.size(), SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
    if (rc) throw Error(path + ": PNG encoding failed (" + spng_strerror(rc) + ")");
}

}  // namespace pixelprep::cli
