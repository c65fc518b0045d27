// libjpeg reports fatal errors through error_exit, which must not return. We longjmp back
// out of the library. setjmp lives only in the two small functions below, whose frames
// hold nothing with a destructor, so the jump never skips C++ cleanup; the libjpeg object
// is owned by JpegSession and destroyed on every path.
//
// Settings follow Pillow exactly: libjpeg's defaults (JDCT_ISLOW, fancy upsampling, block
// smoothing) are left alone; out_color_space is GRAYSCALE, RGB or CMYK by component count.
//
// Truncation: Pillow feeds libjpeg through a suspending source and raises "image file is
// truncated" whenever libjpeg asks for data past the end of the file before the last
// scanline is out. Our source sees the whole file, so the same moment is when libjpeg asks
// it to refill: we hand it a fake EOI, note the exhaustion and turn it into an error unless
// every scanline was already produced (then Pillow stops without reading further).
#include "jpeg_decode.hpp"

#include <csetjmp>
#include <cstdio>
#include <vector>

#include <jpeglib.h>

#include "jpeg_markers.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::io::detail {

namespace {

struct ErrorManager {
    jpeg_error_mgr pub;
    std::jmp_buf jump;
    char text[JMSG_LENGTH_MAX];
};

struct MemorySource {
    jpeg_source_mgr pub;
    bool exhausted;
};

const JOCTET fake_eoi[2] = {0xFF, JPEG_EOI};

void on_error_exit(j_common_ptr cinfo) {
    auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->text);
    std::longjmp(err->jump, 1);
}

// Pillow silences libjpeg's messages; recoverable corruption warnings do not fail a decode.
void on_output_message(j_common_ptr) {}

void on_init_source(j_decompress_ptr) {}
void on_term_source(j_decompress_ptr) {}

boolean on_fill_input_buffer(j_decompress_ptr cinfo) {
    auto* src = reinterpret_cast<MemorySource*>(cinfo->src);
    src->exhausted = true;
    src->pub.next_input_byte = fake_eoi;
    src->pub.bytes_in_buffer = sizeof fake_eoi;
    return TRUE;
}

void on_skip_input_data(j_decompress_ptr cinfo, long num_bytes) {
    if (num_bytes <= 0) return;
    auto* src = reinterpret_cast<MemorySource*>(cinfo->src);
    if (std::size_t(num_bytes) > src->pub.bytes_in_buffer) {
        on_fill_input_buffer(cinfo);  // skipping past the end: the file is truncated
        return;
    }
    src->pub.next_input_byte += num_bytes;
    src->pub.bytes_in_buffer -= std::size_t(num_bytes);
}

enum class Step { ok, truncated, failed };

// Where decoded scanlines go: straight into the image when it has the JPEG's components
// (RGB, or any space when the mode is kept), other spaces via a scratch row to RGB.
struct RowTarget {
    std::uint8_t* out;
    std::uint8_t* scratch;
    std::size_t width;
    int components;
    int out_channels;
};

void expand_row(const RowTarget& t, std::uint8_t* out) {
    if (t.components == 1) {
        for (std::size_t x = 0; x < t.width; ++x) out[3 * x] = out[3 * x + 1] = out[3 * x + 2] = t.scratch[x];
        return;
    }
    // Pillow opens every 4-component JPEG with raw mode "CMYK;I" (Adobe's inverted
    // convention, whether or not an Adobe marker is present), then applies cmyk2rgb.
    for (std::size_t x = 0; x < t.width; ++x) {
        const std::uint8_t* p = t.scratch + 4 * x;
        const std::uint8_t k = std::uint8_t(255 - p[3]);
        for (int c = 0; c < 3; ++c) out[3 * x + c] = numerics::cmyk_channel_to_rgb(std::uint8_t(255 - p[c]), k);
    }
}

class JpegSession {
public:
    explicit JpegSession(std::span<const std::uint8_t> bytes) {
        cinfo_.err = jpeg_std_error(&err_.pub);
        err_.pub.error_exit = on_error_exit;
        err_.pub.output_message = on_output_message;
        err_.text[0] = '\0';
        src_.pub.init_source = on_init_source;
        src_.pub.fill_input_buffer = on_fill_input_buffer;
        src_.pub.skip_input_data = on_skip_input_data;
        src_.pub.resync_to_restart = jpeg_resync_to_restart;
        src_.pub.term_source = on_term_source;
        src_.pub.next_input_byte = bytes.data();
        src_.pub.bytes_in_buffer = bytes.size();
        src_.exhausted = false;
    }
    // Safe even after a failed create(): libjpeg frees only what it allocated.
    ~JpegSession() { jpeg_destroy_decompress(&cinfo_); }
    JpegSession(const JpegSession&) = delete;
    JpegSession& operator=(const JpegSession&) = delete;

    jpeg_decompress_struct& cinfo() { return cinfo_; }
    const char* error_text() const { return err_.text; }

    Step create() {  // can fail only on out-of-memory or a libjpeg ABI mismatch
        if (setjmp(err_.jump)) return Step::failed;
        jpeg_create_decompress(&cinfo_);
        cinfo_.src = &src_.pub;
        return Step::ok;
    }

    Step read_header() {
        if (setjmp(err_.jump)) return failure();
        int status;
        do {  // skip tables-only datastreams, as Pillow does
            status = jpeg_read_header(&cinfo_, FALSE);
        } while (status == JPEG_HEADER_TABLES_ONLY && !src_.exhausted);
        return src_.exhausted || status != JPEG_HEADER_OK ? Step::truncated : Step::ok;
    }

    Step decompress(const RowTarget* target) {
        if (setjmp(err_.jump)) return failure();
        jpeg_start_decompress(&cinfo_);  // multi-scan files are read in full here
        const bool direct = target->components == target->out_channels;
        while (cinfo_.output_scanline < cinfo_.output_height) {
            std::uint8_t* out =
                target->out + std::size_t(cinfo_.output_scanline) * target->width * std::size_t(target->out_channels);
            JSAMPROW row = direct ? out : target->scratch;
            if (jpeg_read_scanlines(&cinfo_, &row, 1) != 1) return Step::failed;
            if (!direct) expand_row(*target, out);
        }
        if (src_.exhausted) return Step::truncated;
        // Reads up to EOI. Running out of data here is fine (Pillow stops once every row is
        // out); a corrupt marker is an error, as it is in Pillow.
        jpeg_finish_decompress(&cinfo_);
        return Step::ok;
    }

private:
    // libjpeg gave up: usually on the fake EOI when the data ran out, which is truncation.
    Step failure() const { return src_.exhausted ? Step::truncated : Step::failed; }

    jpeg_decompress_struct cinfo_{};
    ErrorManager err_{};
    MemorySource src_{};
};

[[noreturn]] void fail(const Input& in, Step step, const char* libjpeg_text) {
    if (step == Step::truncated)
        throw CorruptImage(message(in.name, "truncated JPEG data (image file is truncated)"));
    throw CorruptImage(message(in.name, std::string("corrupt JPEG data: ") + libjpeg_text));
}

// Decodes to RGB (keep_mode false) or to the components as stored (1, 3 or 4 channels).
ImageU8 decode_jpeg_pixels(const Input& in, bool keep_mode, OrientationSources* orientation) {
    JpegMarkers markers = scan_jpeg_markers(in);

    JpegSession session(in.bytes);
    if (const Step s = session.create(); s != Step::ok) fail(in, s, session.error_text());
    jpeg_decompress_struct& cinfo = session.cinfo();
    if (const Step s = session.read_header(); s != Step::ok) fail(in, s, session.error_text());

    const int components = cinfo.num_components;
    switch (components) {
        case 1: cinfo.out_color_space = JCS_GRAYSCALE; break;
        case 3: cinfo.out_color_space = JCS_RGB; break;
        case 4: cinfo.out_color_space = JCS_CMYK; break;
        default:
            throw CorruptImage(message(in.name, "unsupported JPEG: " + std::to_string(components) +
                                                    " components (Pillow handles 1, 3 or 4)"));
    }
    check_image_size(in, "JPEG", cinfo.image_width, cinfo.image_height);

    const int channels = keep_mode ? components : 3;
    ImageU8 pixels(int(cinfo.image_height), int(cinfo.image_width), channels);
    std::vector<std::uint8_t> scratch(channels == components ? 0 : std::size_t(cinfo.image_width) * std::size_t(components));
    const RowTarget target{pixels.data(), scratch.data(), std::size_t(cinfo.image_width), components, channels};
    if (const Step s = session.decompress(&target); s != Step::ok) fail(in, s, session.error_text());
    // Pillow's raw mode "CMYK;I": the stored values are inverted ink (see expand_row).
    if (keep_mode && components == 4)
        for (std::uint8_t* p = pixels.data(), *end = p + pixels.size(); p != end; ++p) *p = std::uint8_t(255 - *p);
    if (orientation) *orientation = std::move(markers.orientation);
    return pixels;
}

}  // namespace

DecodedImage decode_jpeg(const Input& in) {
    DecodedImage result;
    result.rgb = decode_jpeg_pixels(in, false, &result.orientation);
    return result;
}

ImageU8 decode_jpeg_stored(const Input& in) { return decode_jpeg_pixels(in, true, nullptr); }

}  // namespace pixelprep::io::detail
