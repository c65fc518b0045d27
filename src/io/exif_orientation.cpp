#include "exif_orientation.hpp"

#include <algorithm>
#include <bitset>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace pixelprep::io::detail {

namespace {

constexpr std::uint16_t orientation_tag = 0x0112;

using Bytes = std::span<const std::uint8_t>;

bool starts_with(Bytes s, const char* prefix, std::size_t n) {
    return s.size() >= n && std::memcmp(s.data(), prefix, n) == 0;
}

// Bytes per value of the TIFF types Pillow can load; 0 for types it skips.
std::size_t unit_size(std::uint16_t type) {
    switch (type) {
        case 1: case 2: case 6: case 7: return 1;          // BYTE ASCII SBYTE UNDEFINED
        case 3: case 8: return 2;                          // SHORT SSHORT
        case 4: case 9: case 11: case 13: return 4;        // LONG SLONG FLOAT IFD
        case 5: case 10: case 12: case 16: return 8;       // RATIONAL SRATIONAL DOUBLE LONG8
        default: return 0;
    }
}

class TiffReader {
public:
    TiffReader(Bytes data, bool big_endian) : d_(data), be_(big_endian) {}

    std::uint64_t u(std::size_t at, int bytes) const {
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) {
            const std::uint64_t b = d_[at + std::size_t(i)];
            v |= be_ ? b << (8 * (bytes - 1 - i)) : b << (8 * i);
        }
        return v;
    }

    // 2..8 when the first value equals that integer exactly (Pillow compares the loaded
    // Python value with the ints 2..8: ints, Fractions and floats all can), else 1.
    int orientation(std::uint16_t type, std::size_t at) const {
        std::int64_t n = 0, den = 1;
        switch (type) {
            case 3: n = std::int64_t(u(at, 2)); break;
            case 4: case 13: n = std::int64_t(u(at, 4)); break;
            case 16: { const std::uint64_t v = u(at, 8); return v >= 2 && v <= 8 ? int(v) : 1; }
            case 6: n = std::int8_t(u(at, 1)); break;
            case 8: n = std::int16_t(u(at, 2)); break;
            case 9: n = std::int32_t(u(at, 4)); break;
            case 5: n = std::int64_t(u(at, 4)); den = std::int64_t(u(at + 4, 4)); break;
            case 10: n = std::int32_t(u(at, 4)); den = std::int32_t(u(at + 4, 4)); break;
            case 11: { float f; const std::uint32_t b = std::uint32_t(u(at, 4)); std::memcpy(&f, &b, 4); return from_double(f); }
            case 12: { double f; const std::uint64_t b = u(at, 8); std::memcpy(&f, &b, 8); return from_double(f); }
            default: return 1;  // BYTE, ASCII and UNDEFINED load as bytes or str, never equal to an int
        }
        if (den == 0 || n % den != 0) return 1;
        const std::int64_t v = n / den;
        return v >= 2 && v <= 8 ? int(v) : 1;
    }

private:
    static int from_double(double f) {
        for (int k = 2; k <= 8; ++k)
            if (f == double(k)) return k;
        return 1;
    }

    Bytes d_;
    bool be_;
};

// bytes.fromhex("".join(text.split("\n")[3:])); nothing on a ValueError.
std::optional<std::vector<std::uint8_t>> raw_profile_bytes(const std::string& text) {
    std::size_t start = 0;
    for (int lines = 0; lines < 3; ++lines) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string::npos) return std::vector<std::uint8_t>{};
        start = nl + 1;
    }
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; };
    std::string digits;
    for (std::size_t i = start; i < text.size(); ++i)
        if (text[i] != '\n') digits += text[i];
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < digits.size();) {
        if (space(digits[i])) {
            ++i;
            continue;
        }
        if (i + 1 >= digits.size()) return std::nullopt;
        const int hi = hex(digits[i]), lo = hex(digits[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(std::uint8_t(hi * 16 + lo));
        i += 2;
    }
    return out;
}

}  // namespace

ExifOrientation read_exif_orientation(Bytes exif) {
    for (int i = 0; i < 2 && starts_with(exif, "Exif\0\0", 6); ++i) exif = exif.subspan(6);
    ExifOrientation out;
    if (exif.empty()) return out;

    const Bytes head = exif.first(std::min<std::size_t>(8, exif.size()));
    static const char* const prefixes[] = {"MM\x00\x2a", "II\x2a\x00", "MM\x2a\x00", "II\x00\x2a", "MM\x00\x2b", "II\x2b\x00"};
    bool known = false;
    for (const char* p : prefixes) known = known || starts_with(head, p, 4);
    if (!known) return {false, "not a TIFF header", false, 1};
    // Pillow reads the IFD offset as a 64-bit value when byte 2 is 0x2B (BigTIFF), which an
    // 8-byte header cannot hold, and as 32 bits otherwise.
    if (head[2] == 0x2B || head.size() < 8) return {false, "truncated TIFF header", false, 1};

    const TiffReader r(exif, head[0] == 'M');
    const std::uint64_t ifd = r.u(4, 4);
    const std::uint64_t size = exif.size();
    if (ifd + 2 > size) return out;
    const std::uint64_t entries = r.u(std::size_t(ifd), 2);
    std::uint64_t pos = ifd + 2;
    std::uint64_t out_of_line_total = 0;
    const auto seen = std::make_unique<std::bitset<65536>>();
    for (std::uint64_t i = 0; i < entries && pos + 12 <= size; ++i, pos += 12) {
        const auto tag = std::uint16_t(r.u(std::size_t(pos), 2));
        const auto type = std::uint16_t(r.u(std::size_t(pos + 2), 2));
        const std::uint64_t count = r.u(std::size_t(pos + 4), 4);
        if (seen->test(tag)) continue;
        const std::size_t unit = unit_size(type);
        if (unit == 0) continue;
        const std::uint64_t bytes = count * unit;
        std::uint64_t value_at = pos + 8;
        if (bytes > 4) {
            out_of_line_total += bytes;
            if (out_of_line_total > size) continue;  // "Tag data larger than file": skipped
            value_at = r.u(std::size_t(pos + 8), 4);
            if (value_at + bytes > size) break;  // a short read ends the directory
        }
        if (bytes == 0) continue;
        seen->set(tag);
        if (tag == orientation_tag) {
            out.tag_present = true;
            out.value = r.orientation(type, std::size_t(value_at));
            return out;
        }
    }
    return out;
}

int xmp_orientation(std::string_view xmp) {
    constexpr std::string_view key = "tiff:Orientation";
    auto digit = [&](std::size_t at) { return at < xmp.size() && xmp[at] >= '0' && xmp[at] <= '9'; };
    for (std::size_t at = xmp.find(key); at != std::string_view::npos; at = xmp.find(key, at + 1)) {
        const std::size_t after = at + key.size();
        if (after + 1 < xmp.size() && xmp[after] == '=' && xmp[after + 1] == '"' && digit(after + 2))
            return xmp[after + 2] - '0';
        if (after < xmp.size() && xmp[after] == '>' && digit(after + 1)) return xmp[after + 1] - '0';
    }
    return -1;
}

int resolve_orientation(const OrientationSources& sources, const std::string& name) {
    if (sources.rewritten_orientation) return *sources.rewritten_orientation;
    if (sources.exif && sources.exif_is_text)
        throw CorruptImage(message(name, "EXIF stored in a zTXt/iTXt text chunk (Pillow's getexif raises TypeError)"));
    std::optional<std::vector<std::uint8_t>> from_profile;  // only without info["exif"]
    if (!sources.exif && sources.raw_profile_exif) {
        from_profile = raw_profile_bytes(*sources.raw_profile_exif);
        if (!from_profile) throw CorruptImage(message(name, "malformed hex in the \"Raw profile type exif\" text chunk"));
    }
    const auto& exif = sources.exif ? sources.exif : from_profile;

    ExifOrientation found;
    if (exif) {
        found = read_exif_orientation(*exif);
        if (!found.header_ok) {
            // Pillow's JPEG plugin swallowed this while opening; its EXIF stays empty.
            if (sources.exif_errors_ignored) return 1;
            throw CorruptImage(message(name, "invalid EXIF data (" + found.header_error + ")"));
        }
    }
    if (!found.tag_present && sources.xmp) {
        const int v = xmp_orientation(*sources.xmp);
        return v >= 2 && v <= 8 ? v : 1;
    }
    return found.value;
}

}  // namespace pixelprep::io::detail
