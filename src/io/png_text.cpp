#include "png_text.hpp"

#include <algorithm>
#include <new>

#include <zlib.h>

namespace pixelprep::io::detail {

namespace {

// PngImagePlugin.MAX_TEXT_CHUNK (ImageFile.SAFEBLOCK) and MAX_TEXT_MEMORY.
constexpr std::size_t max_text_chunk = 1024 * 1024;
constexpr std::size_t max_text_memory = 64 * max_text_chunk;

using Bytes = std::span<const std::uint8_t>;

// Python's strict UTF-8 decoder: the number of code points, or nothing if invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid).
std::optional<std::size_t> utf8_length(Bytes s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++count) {
        const unsigned b = s[i];
        std::size_t extra;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte
        if (b < 0x80) extra = 0;
        else if (b >= 0xC2 && b <= 0xDF) extra = 1;
        else if (b >= 0xE0 && b <= 0xEF) {
            extra = 2;
            if (b == 0xE0) lo = 0xA0;
            if (b == 0xED) hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            extra = 3;
            if (b == 0xF0) lo = 0x90;
            if (b == 0xF4) hi = 0x8F;
        } else return std::nullopt;
        if (s.size() - i - 1 < extra) return std::nullopt;
        for (std::size_t k = 1; k <= extra; ++k) {
            const unsigned c = s[i + k];
            if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return std::nullopt;
        }
        i += 1 + extra;
    }
    return count;
}

// Splits at the first NUL: (before, after). Without a NUL: (all, empty, false).
struct Split {
    Bytes head, tail;
    bool found;
};
Split split_nul(Bytes s) {
    const auto it = std::find(s.begin(), s.end(), std::uint8_t(0));
    if (it == s.end()) return {s, {}, false};
    const std::size_t n = std::size_t(it - s.begin());
    return {s.first(n), s.subspan(n + 1), true};
}

std::string_view as_text(Bytes s) { return {reinterpret_cast<const char*>(s.data()), s.size()}; }

class TextReader {
public:
    TextReader(PngInfo& info, const Input& in) : info_(info), in_(in) {}

    void text(Bytes data) {
        const Split kv = split_nul(data);
        if (kv.head.empty()) return;
        count(kv.tail.size());
        if (as_text(kv.head) == "exif") {  // tEXt "exif" is the one text entry Pillow keeps as bytes
            info_.exif.emplace(kv.tail.begin(), kv.tail.end());
            info_.exif_is_text = false;
        } else {
            assign(kv.head, kv.tail);
        }
    }

    void compressed_text(Bytes data) {
        const Split kv = split_nul(data);
        const unsigned method = kv.tail.empty() ? 0 : kv.tail[0];
        if (method != 0) fail("unknown compression method " + std::to_string(method) + " in zTXt chunk");
        std::vector<std::uint8_t> value;
        const Inflated r = inflate_capped(kv.tail.empty() ? Bytes{} : kv.tail.subspan(1), value);
        if (r == Inflated::too_large) fail_too_large("zTXt");
        if (r == Inflated::bad_stream) value.clear();  // Pillow keeps an empty value
        if (kv.head.empty()) return;
        count(value.size());
        assign(kv.head, value);
    }

    void international_text(Bytes data) {
        const Split key = split_nul(data);
        if (!key.found || key.tail.size() < 2) return;
        const unsigned compressed = key.tail[0], method = key.tail[1];
        const Split lang = split_nul(key.tail.subspan(2));
        if (!lang.found) return;
        const Split tkey = split_nul(lang.tail);
        if (!tkey.found) return;
        Bytes value = tkey.tail;
        std::vector<std::uint8_t> inflated;
        if (compressed != 0) {
            if (method != 0) return;
            const Inflated r = inflate_capped(value, inflated);
            if (r == Inflated::too_large) fail_too_large("iTXt");
            if (r == Inflated::bad_stream) return;
            value = inflated;
        }
        if (as_text(key.head) == "XML:com.adobe.xmp") info_.xmp_bytes.emplace(as_text(value));
        const auto chars = utf8_length(value);
        if (!utf8_length(lang.head) || !utf8_length(tkey.head) || !chars) return;
        count(*chars);
        assign(key.head, value);
    }

private:
    [[noreturn]] void fail(const std::string& reason) const { throw CorruptImage(message(in_.name, reason)); }
    [[noreturn]] void fail_too_large(const char* type) const {
        fail(std::string(type) + " chunk inflates past Pillow's 1 MiB limit (PngImagePlugin.MAX_TEXT_CHUNK)");
    }

    void count(std::size_t chars) {
        info_.text_memory += chars;
        if (info_.text_memory > max_text_memory)
            fail("more than 64 MiB of PNG text chunks (Pillow's PngImagePlugin.MAX_TEXT_MEMORY)");
    }

    // A text entry Pillow stores as str (tEXt other than "exif", zTXt, iTXt).
    void assign(Bytes key, Bytes value) {
        const std::string_view k = as_text(key);
        if (k == "exif") {
            info_.exif.emplace(value.begin(), value.end());
            info_.exif_is_text = true;
        } else if (k == "Raw profile type exif") {
            info_.raw_profile_exif.emplace(as_text(value));
        } else if (k == "XML:com.adobe.xmp") {
            info_.xmp_text.emplace(as_text(value));
        }
    }

    PngInfo& info_;
    const Input& in_;
};

}  // namespace

Inflated inflate_capped(std::span<const std::uint8_t> data, std::vector<std::uint8_t>& out) {
    out.assign(max_text_chunk, 0);
    z_stream z{};
    if (inflateInit(&z) != Z_OK) throw std::bad_alloc();
    z.next_in = const_cast<Bytef*>(data.data());
    z.avail_in = uInt(std::min<std::size_t>(data.size(), 0xFFFFFFFFu));  // chunks are < 2^31 bytes
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    int rc = Z_OK;
    while (rc == Z_OK && z.avail_in > 0 && z.avail_out > 0) rc = inflate(&z, Z_NO_FLUSH);
    const bool full_with_input_left = z.avail_out == 0 && z.avail_in > 0;
    out.resize(out.size() - z.avail_out);
    inflateEnd(&z);
    if (rc == Z_STREAM_END) return Inflated::ok;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return Inflated::bad_stream;
    return full_with_input_left ? Inflated::too_large : Inflated::ok;
}

void read_text_chunk(std::string_view type, std::span<const std::uint8_t> data, PngInfo& info, const Input& in) {
    TextReader reader(info, in);
    if (type == "tEXt") reader.text(data);
    else if (type == "zTXt") reader.compressed_text(data);
    else if (type == "iTXt") reader.international_text(data);
}

}  // namespace pixelprep::io::detail
