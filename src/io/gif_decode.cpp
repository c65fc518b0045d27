// GIF: the first frame as Pillow 13 opens it (GifImagePlugin, LOADING_STRATEGY
// RGB_AFTER_FIRST), then convert("RGB").
//
// Pillow's block walk decides what the frame is: the canvas (the screen, grown to hold the
// frame when it sticks out), the palette (the local one unless it is the identity gray
// ramp, else the global one unless it is; with neither the image is "L": gray = index), and
// the fill outside the
// frame (the graphic control extension's transparent index, else index 0). Transparency
// changes nothing else: convert("RGB") of a "P" image is a plain palette lookup, with black
// for indices past the table. The walk below follows Pillow's _open/_seek step by step,
// including its tolerance of stray bytes between blocks.
//
// giflib decodes the LZW image data. It is given a minimal GIF: a screen and an image
// descriptor for the frame alone, followed by the file's own data sub-blocks, closed by a
// terminator even when the file is cut: a frame whose complete blocks end before its last
// pixel then fails as in Pillow ("image file is truncated"), while a file that only lacks
// later data blocks, their terminator or the trailer decodes, as in Pillow. An LZW minimum
// code size above 8 (invalid GIF, which Pillow reads) is refused by giflib.
#include "gif_decode.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gif_lib.h>

#include "indexed_pixels.hpp"

namespace pixelprep::io::detail {

namespace {

using Bytes = std::span<const std::uint8_t>;

unsigned le16(Bytes b, std::size_t at) { return unsigned(b[at]) | unsigned(b[at + 1]) << 8; }

// A Python file object over the bytes: reads past the end return fewer bytes.
class Cursor {
public:
    explicit Cursor(Bytes bytes) : bytes_(bytes) {}
    Bytes read(std::size_t n) {
        n = std::min(n, bytes_.size() - pos_);
        const Bytes out = bytes_.subspan(pos_, n);
        pos_ += n;
        return out;
    }
    // GifImageFile.data(): the next sub-block, nothing at a terminator or at the end.
    std::optional<Bytes> data() {
        const Bytes len = read(1);
        if (len.empty() || len[0] == 0) return std::nullopt;
        return read(len[0]);
    }
    // Python's `while self.data(): pass`: an empty short read counts as the end too.
    void skip_sub_blocks() {
        for (auto block = data(); block && !block->empty(); block = data()) {
        }
    }
    std::size_t pos() const { return pos_; }

private:
    Bytes bytes_;
    std::size_t pos_ = 0;
};

// What Pillow's walk found for frame 0.
struct FrameInfo {
    std::uint64_t canvas_width = 0, canvas_height = 0;
    unsigned x0 = 0, y0 = 0, width = 0, height = 0;
    bool interlaced = false;
    std::optional<std::uint8_t> transparency;
    std::optional<Bytes> palette;  // the color table of a "P" image; none: an "L" image
    std::uint8_t code_size = 0;
    std::size_t data_offset = 0;   // first data sub-block
};

[[noreturn]] void corrupt(const Input& in, const std::string& why) {
    throw CorruptImage(message(in.name, "corrupt GIF (" + why + ")"));
}

[[noreturn]] void truncated(const Input& in) {
    throw CorruptImage(message(in.name, "truncated GIF data (image file is truncated)"));
}

// A color table of 2^bits entries, or a cut file.
Bytes read_color_table(const Input& in, Cursor& c, unsigned flags) {
    const std::size_t size = std::size_t(3) << ((flags & 7) + 1);
    const Bytes table = c.read(size);
    if (table.size() < size) truncated(in);
    return table;
}

// Pillow's _is_palette_needed: false for the identity gray ramp (i, i, i).
bool palette_needed(Bytes p) {
    for (std::size_t i = 0; i + 2 < p.size(); i += 3)
        if (p[i] != i / 3 || p[i + 1] != p[i] || p[i + 2] != p[i]) return true;
    return false;
}

FrameInfo walk_to_first_frame(const Input& in) {
    Cursor c(in.bytes);
    const Bytes screen = c.read(13);
    if (screen.size() < 13) truncated(in);
    FrameInfo f;
    f.canvas_width = le16(screen, 6);
    f.canvas_height = le16(screen, 8);
    std::optional<Bytes> global_palette;
    if (screen[10] & 0x80) {
        const Bytes table = read_color_table(in, c, screen[10]);
        if (palette_needed(table)) global_palette = table;
    }

    Bytes s = c.read(1);
    if (s.empty() || s[0] == ';') corrupt(in, "no image in the file");
    // The local color table, unless it is the gray ramp. Pillow then makes the image "L" but
    // still attaches the global palette, which turns the image back into "P" when it loads:
    // the global palette applies.
    std::optional<Bytes> local_palette;
    for (;;) {
        if (s.empty()) s = c.read(1);
        if (s.empty() || s[0] == ';') corrupt(in, "no image in the file");
        if (s[0] == '!') {
            const Bytes label = c.read(1);
            std::optional<Bytes> block = c.data();
            if (label.empty()) truncated(in);
            if (label[0] == 0xF9 && block) {  // graphic control extension
                if (block->empty()) truncated(in);
                if ((*block)[0] & 1) {
                    if (block->size() < 4) corrupt(in, "graphic control extension too short");
                    f.transparency = (*block)[3];
                }
                if (block->size() < 3) corrupt(in, "graphic control extension too short");
            } else if (label[0] == 0xFE) {  // comment: Pillow reads it up to the terminator
                while (block && !block->empty()) block = c.data();
                s = {};
                continue;
            } else if (label[0] == 0xFF && block) {  // application extension
                const char netscape[] = "NETSCAPE2.0";
                if (block->size() >= 11 && std::memcmp(block->data(), netscape, 11) == 0) block = c.data();
            }
            c.skip_sub_blocks();
        } else if (s[0] == ',') {
            const Bytes d = c.read(9);
            if (d.size() < 9) truncated(in);
            f.x0 = le16(d, 0);
            f.y0 = le16(d, 2);
            f.width = le16(d, 4);
            f.height = le16(d, 6);
            f.canvas_width = std::max<std::uint64_t>(f.canvas_width, f.x0 + f.width);
            f.canvas_height = std::max<std::uint64_t>(f.canvas_height, f.y0 + f.height);
            f.interlaced = (d[8] & 0x40) != 0;
            if (d[8] & 0x80) {
                const Bytes table = read_color_table(in, c, d[8]);
                if (palette_needed(table)) local_palette = table;
            }
            const Bytes code_size = c.read(1);
            if (code_size.empty()) truncated(in);
            f.code_size = code_size[0];
            f.data_offset = c.pos();
            break;
        }
        s = {};
    }
    f.palette = local_palette ? local_palette : global_palette;
    return f;
}

// giflib's input: a minimal GIF holding the frame's data sub-blocks.
struct GifSource {
    std::vector<std::uint8_t> bytes;
    std::size_t pos = 0;
};

int read_source(GifFileType* gif, GifByteType* out, int n) {
    auto* src = static_cast<GifSource*>(gif->UserData);
    const std::size_t count = std::min(std::size_t(n), src->bytes.size() - src->pos);
    std::memcpy(out, src->bytes.data() + src->pos, count);
    src->pos += count;
    return int(count);
}

void put16(std::uint8_t* p, unsigned v) {
    p[0] = std::uint8_t(v & 0xFF);
    p[1] = std::uint8_t(v >> 8);
}

struct GifClose {
    void operator()(GifFileType* gif) const { DGifCloseFile(gif, nullptr); }
};

// The data sub-blocks from `offset` up to their terminator. A file that ends inside them
// (cut = true) keeps its complete blocks: Pillow's decoder takes a block only when all of it
// is there, and fails only if the pixels are not complete by then.
std::vector<std::uint8_t> data_sub_blocks(Bytes bytes, std::size_t offset, bool& cut) {
    Cursor c(bytes.subspan(offset));
    std::vector<std::uint8_t> out;
    cut = true;
    for (;;) {
        const Bytes len = c.read(1);
        if (len.empty()) break;
        if (len[0] == 0) {
            cut = false;
            break;
        }
        const Bytes block = c.read(len[0]);
        if (block.size() < len[0]) break;  // Pillow's decoder never sees a partial block
        out.push_back(len[0]);
        out.insert(out.end(), block.begin(), block.end());
    }
    out.push_back(0);
    out.push_back(';');
    return out;
}

// The frame's palette indices, row-major, de-interlaced.
std::vector<std::uint8_t> decode_indices(const Input& in, const FrameInfo& f) {
    GifSource src;
    src.bytes.assign(24, 0);
    std::uint8_t* h = src.bytes.data();
    std::memcpy(h, "GIF89a", 6);
    put16(h + 6, f.width);
    put16(h + 8, f.height);  // bytes 10-12: no global table
    h[13] = ',';
    put16(h + 18, f.width);
    put16(h + 20, f.height);
    h[22] = f.interlaced ? 0x40 : 0;
    h[23] = f.code_size;
    bool cut = false;
    const std::vector<std::uint8_t> blocks = data_sub_blocks(in.bytes, f.data_offset, cut);
    src.bytes.insert(src.bytes.end(), blocks.begin(), blocks.end());

    int error = 0;
    std::unique_ptr<GifFileType, GifClose> gif(DGifOpen(&src, read_source, &error));
    auto fail = [&](int code) {
        if (cut) truncated(in);
        const char* text = GifErrorString(code);
        throw CorruptImage(message(in.name, std::string("corrupt GIF data: ") + (text ? text : "unknown giflib error")));
    };
    if (!gif) fail(error);
    GifRecordType type;
    if (DGifGetRecordType(gif.get(), &type) == GIF_ERROR || DGifGetImageDesc(gif.get()) == GIF_ERROR) fail(gif->Error);

    std::vector<std::uint8_t> indices(std::size_t(f.width) * f.height);
    // Interlaced rows arrive in four passes: every 8th row from 0, every 8th from 4, every
    // 4th from 2, every 2nd from 1.
    static const unsigned starts[4] = {0, 4, 2, 1}, steps[4] = {8, 8, 4, 2};
    const int passes = f.interlaced ? 4 : 1;
    for (int p = 0; p < passes; ++p)
        for (unsigned y = f.interlaced ? starts[p] : 0; y < f.height; y += f.interlaced ? steps[p] : 1)
            if (DGifGetLine(gif.get(), indices.data() + std::size_t(y) * f.width, int(f.width)) == GIF_ERROR)
                fail(gif->Error);
    return indices;
}

}  // namespace

DecodedImage decode_gif(const Input& in) {
    const FrameInfo f = walk_to_first_frame(in);
    check_image_size(in, "GIF", f.canvas_width, f.canvas_height);
    // Pillow's decoder refuses an empty tile ("tile cannot extend outside image").
    if (f.width == 0 || f.height == 0) corrupt(in, "the first frame is empty (" + std::to_string(f.width) + "x" + std::to_string(f.height) + ")");
    const std::vector<std::uint8_t> frame = decode_indices(in, f);

    // Every index's colour: the palette's entry, or gray = index for an "L" image.
    Palette colours = f.palette ? Palette{} : gray_ramp_palette();
    if (f.palette)
        for (std::size_t i = 0; i < 256 && 3 * i + 2 < f.palette->size(); ++i)
            colours[i] = {(*f.palette)[3 * i], (*f.palette)[3 * i + 1], (*f.palette)[3 * i + 2]};

    // The canvas is the fill colour outside the frame. A file of a few bytes may declare a
    // canvas of millions of pixels, so it is painted a run at a time, not tested per pixel.
    const std::size_t w = std::size_t(f.canvas_width), h = std::size_t(f.canvas_height);
    DecodedImage out{ImageU8(int(h), int(w), 3, Layout::hwc, uninitialized), {}};  // every pixel is written
    const auto& fill = colours[f.transparency.value_or(0)];
    std::uint8_t* rgb = out.rgb.data();
    for (std::size_t y = 0; y < h; ++y) {
        std::uint8_t* row = rgb + 3 * y * w;
        if (y < f.y0 || y >= std::size_t(f.y0) + f.height) {
            fill_rgb_run(row, w, fill);
            continue;
        }
        fill_rgb_run(row, f.x0, fill);
        map_indices_to_rgb(frame.data() + (y - f.y0) * f.width, f.width, colours, row + 3 * std::size_t(f.x0));
        const std::size_t right = std::size_t(f.x0) + f.width;
        fill_rgb_run(row + 3 * right, w - right, fill);
    }
    return out;
}

}  // namespace pixelprep::io::detail
