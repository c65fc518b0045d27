#include "jpeg_markers.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

namespace pixelprep::io::detail {

namespace {

constexpr std::string_view exif_header{"Exif\0\0", 6};
constexpr std::string_view xmp_header{"http://ns.adobe.com/xap/1.0/\0", 29};

bool starts_with(std::span<const std::uint8_t> s, std::string_view prefix) {
    return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// Markers Pillow knows (its MARKER table is 0xFFC0..0xFFFE); these carry no length field.
bool is_standalone(unsigned marker) {
    return marker == 0xFFC8 || (marker >= 0xFFD0 && marker <= 0xFFD9) || (marker >= 0xFFF0 && marker <= 0xFFFD);
}

bool is_sof(unsigned marker) {
    return (marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 && marker != 0xFFCC) ||
           marker == 0xFFDE;
}

class MarkerWalker {
public:
    explicit MarkerWalker(const Input& in) : in_(in), bytes_(in.bytes) {}

    JpegMarkers walk() {
        // Pillow checked FF D8 FF and continues at offset 3 as if it had just read 0xFF.
        pos_ = 3;
        int first = 0xFF;
        while (first >= 0) {
            if (first != 0xFF) {  // junk between markers is skipped byte by byte
                first = next_byte();
                continue;
            }
            const int second = next_byte();
            if (second < 0) break;
            const unsigned marker = 0xFF00u | unsigned(second);
            if (marker >= 0xFFC0 && marker <= 0xFFFE) {
                if (!is_standalone(marker)) handle(marker, read_segment(marker));
                if (marker == 0xFFDA) break;  // start of scan: the header ends here
                first = next_byte();
            } else if (marker == 0xFFFF) {
                first = 0xFF;  // fill byte: the second 0xFF may start the marker
            } else if (marker == 0xFF00) {
                first = next_byte();
            } else {
                fail("no JPEG marker found at offset " + std::to_string(pos_ - 2));
            }
        }
        if (out_.orientation.exif) out_.orientation.exif_errors_ignored = !jfif_dpi_;
        if (xmp_) out_.orientation.xmp = std::move(xmp_);
        return std::move(out_);
    }

private:
    [[noreturn]] void fail(const std::string& reason) const { throw CorruptImage(message(in_.name, reason)); }

    int next_byte() { return pos_ < bytes_.size() ? bytes_[pos_++] : -1; }

    // A length-prefixed segment. A length below 2 gives an empty payload, as in Pillow.
    std::span<const std::uint8_t> read_segment(unsigned marker) {
        if (bytes_.size() - pos_ < 2) fail("truncated JPEG header (marker " + hex(marker) + " has no length)");
        const std::size_t length = (std::size_t(bytes_[pos_]) << 8) | bytes_[pos_ + 1];
        pos_ += 2;
        const std::size_t n = length >= 2 ? length - 2 : 0;
        if (bytes_.size() - pos_ < n) fail("truncated JPEG header (marker " + hex(marker) + " segment cut off)");
        const auto segment = bytes_.subspan(pos_, n);
        pos_ += n;
        return segment;
    }

    void handle(unsigned marker, std::span<const std::uint8_t> s) {
        if (marker >= 0xFFE0 && marker <= 0xFFEF) handle_app(marker, s);
        else if (is_sof(marker)) handle_sof(s);
        else if (marker == 0xFFDB) handle_dqt(s);
    }

    void handle_app(unsigned marker, std::span<const std::uint8_t> s) {
        if (marker == 0xFFE0 && starts_with(s, "JFIF")) {
            if (s.size() < 7) fail("truncated JFIF segment");
            // Pillow records a DPI only for units 1 (inch) and 2 (cm) with a full density field.
            if (s.size() >= 12 && (s[7] == 1 || s[7] == 2)) jfif_dpi_ = true;
        } else if (marker == 0xFFE1 && starts_with(s, exif_header)) {
            auto& exif = out_.orientation.exif;
            if (exif) exif->insert(exif->end(), s.begin() + 6, s.end());  // later segments continue the first
            else exif.emplace(s.begin(), s.end());
        } else if (marker == 0xFFE1 && starts_with(s, xmp_header)) {
            xmp_.emplace(reinterpret_cast<const char*>(s.data()) + xmp_header.size(), s.size() - xmp_header.size());
        } else if (marker == 0xFFEE && starts_with(s, "Adobe")) {
            if (s.size() < 7) fail("truncated Adobe segment");
        }
    }

    void handle_sof(std::span<const std::uint8_t> s) {
        if (s.size() < 6 || (s.size() - 6) % 3 != 0) fail("malformed JPEG frame header (SOF)");
        if (s[0] != 8)
            throw CorruptImage(message(in_.name, "unsupported JPEG: " + std::to_string(s[0]) +
                                                     "-bit samples (only 8-bit JPEG is supported, as in Pillow)"));
        if (s[5] != 1 && s[5] != 3 && s[5] != 4)
            throw CorruptImage(message(in_.name, "unsupported JPEG: " + std::to_string(s[5]) +
                                                     " components (Pillow handles 1, 3 or 4)"));
        out_.components = s[5];
    }

    void handle_dqt(std::span<const std::uint8_t> s) {
        while (!s.empty()) {
            const std::size_t table = 1 + (s[0] >> 4 == 0 ? 64 : 128);
            if (s.size() < table) fail("bad JPEG quantization table");
            s = s.subspan(table);
        }
    }

    static std::string hex(unsigned v) {
        static const char digits[] = "0123456789ABCDEF";
        std::string out = "0x";
        for (int shift = 12; shift >= 0; shift -= 4) out += digits[(v >> shift) & 0xF];
        return out;
    }

    const Input& in_;
    std::span<const std::uint8_t> bytes_;
    std::size_t pos_ = 0;
    bool jfif_dpi_ = false;
    std::optional<std::string> xmp_;
    JpegMarkers out_;
};

}  // namespace

JpegMarkers scan_jpeg_markers(const Input& in) { return MarkerWalker(in).walk(); }

}  // namespace pixelprep::io::detail
