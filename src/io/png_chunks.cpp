#include "png_chunks.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include <zlib.h>

#include "png_text.hpp"

namespace pixelprep::io::detail {

namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Pillow's is_cid: four bytes matching the regex \w\w\w\w.
bool is_chunk_type(Bytes t) {
    for (std::uint8_t c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

bool is_image_data(std::string_view type) { return type == "IDAT" || type == "DDAT" || type == "fdAT"; }

class ChunkWalker {
public:
    explicit ChunkWalker(const Input& in) : in_(in), bytes_(in.bytes) {}

    PngScan walk() {
        pos_ = 8;  // after the signature
        PngScan scan;
        const bool has_image_data = header_chunks();
        scan.image_data_start = has_image_data ? pos_ : bytes_.size();
        if (has_image_data) {
            scan.image_data_cut = skip_image_data();
            if (!scan.image_data_cut) trailer_chunks();
        }
        OrientationSources& out = scan.orientation;
        out.exif = std::move(info_.exif);
        out.exif_is_text = info_.exif_is_text;
        out.raw_profile_exif = std::move(info_.raw_profile_exif);
        // getexif() searches info["XML:com.adobe.xmp"] if it is non-empty, else info["xmp"].
        if (info_.xmp_text && !info_.xmp_text->empty()) out.xmp = std::move(info_.xmp_text);
        else if (info_.xmp_bytes && !info_.xmp_bytes->empty()) out.xmp = std::move(info_.xmp_bytes);
        return scan;
    }

private:
    [[noreturn]] void fail(const std::string& reason) const { throw CorruptImage(message(in_.name, reason)); }

    std::size_t left() const { return bytes_.size() - pos_; }

    // Image.open: every chunk before the image data must be complete with a matching CRC.
    // Returns false when the walk ends without reaching IDAT (libspng reports that).
    bool header_chunks() {
        for (;;) {
            if (left() < 8) fail("truncated PNG file (chunk header cut off before the image data)");
            const std::uint32_t length = be32(&bytes_[pos_]);
            const Bytes type = bytes_.subspan(pos_ + 4, 4);
            const std::string_view name(reinterpret_cast<const char*>(type.data()), 4);
            if (!is_chunk_type(type)) fail("broken PNG file (invalid chunk type)");
            if (name == "IDAT") return true;  // position stays at the IDAT chunk header
            if (name == "IEND") return false;
            pos_ += 8;
            if (left() < length) fail("truncated PNG file (" + std::string(name) + " chunk cut off)");
            const Bytes data = bytes_.subspan(pos_, length);
            pos_ += length;
            chunk(name, data);
            if (left() < 4) fail("broken PNG file (incomplete checksum in " + std::string(name) + ")");
            uLong crc = crc32(0L, type.data(), 4);
            crc = crc32(crc, data.data(), uInt(data.size()));
            if (std::uint32_t(crc) != be32(&bytes_[pos_]))
                fail("broken PNG file (bad checksum in " + std::string(name) + " chunk)");
            pos_ += 4;
        }
    }

    // Pillow feeds consecutive image-data chunks to the decoder; the trailer starts after.
    // Returns where the file ends if it ends inside them (or inside the next chunk header).
    std::optional<std::size_t> skip_image_data() {
        while (left() > 0) {
            if (left() < 8) return pos_;
            const std::string_view name(reinterpret_cast<const char*>(&bytes_[pos_ + 4]), 4);
            if (!is_image_data(name)) return std::nullopt;
            const std::uint64_t length = be32(&bytes_[pos_]);
            if (left() - 8 < length + 4) return pos_;
            pos_ += 8 + length + 4;
        }
        return std::nullopt;
    }

    // load_end: CRCs are not checked and a damaged chunk header just ends the walk, but a
    // chunk whose data is cut off still raises.
    void trailer_chunks() {
        while (left() >= 8) {
            const std::uint32_t length = be32(&bytes_[pos_]);
            const Bytes type = bytes_.subspan(pos_ + 4, 4);
            const std::string_view name(reinterpret_cast<const char*>(type.data()), 4);
            if (!is_chunk_type(type) || name == "IEND") return;
            if (name == "fcTL" && animated_) return;  // the next APNG frame starts: Pillow stops
            pos_ += 8;
            if (left() < length) fail("truncated PNG file (" + std::string(name) + " chunk after the image data cut off)");
            const Bytes data = bytes_.subspan(pos_, length);
            pos_ += length;
            if (!is_image_data(name)) chunk(name, data);
            pos_ += std::min<std::size_t>(4, left());  // CRC, unchecked
        }
    }

    // The handlers of Pillow's PngStream that can raise or that feed getexif().
    void chunk(std::string_view name, Bytes data) {
        if (name == "IHDR") {
            if (data.size() < 13) fail("truncated IHDR chunk");
            if (data[11] != 0) fail("unknown PNG filter method " + std::to_string(data[11]));
            color_type_ = data[9];
        } else if (name == "tRNS") {
            // Gray and truecolor images need the whole key color (Pillow's "Truncated tRNS").
            if ((color_type_ == 0 && data.size() < 2) || (color_type_ == 2 && data.size() < 6))
                fail("truncated tRNS chunk");
        } else if (name == "eXIf") {
            std::vector<std::uint8_t> exif(6 + data.size());  // Pillow stores "Exif\0\0" + data
            std::memcpy(exif.data(), "Exif\0\0", 6);
            std::copy(data.begin(), data.end(), exif.begin() + 6);
            info_.exif = std::move(exif);
            info_.exif_is_text = false;
        } else if (name == "acTL" && data.size() >= 8) {
            const std::uint32_t frames = be32(data.data());
            animated_ = frames > 1 && frames <= 0x80000000u;
        } else if (name == "tEXt" || name == "zTXt" || name == "iTXt") {
            read_text_chunk(name, data, info_, in_);
        } else if (name == "iCCP") {
            icc_profile(data);
        } else {
            check_min_length(name, data.size());
        }
    }

    // Pillow inflates the ICC profile while opening, with the text chunks' 1 MiB cap. The
    // profile name ends at the first NUL; without one the method byte is the first byte.
    void icc_profile(Bytes data) {
        const auto nul = std::find(data.begin(), data.end(), std::uint8_t(0));
        const std::size_t method_at = nul == data.end() ? 0 : std::size_t(nul - data.begin()) + 1;
        if (method_at >= data.size()) fail("truncated iCCP chunk");
        if (data[method_at] != 0)
            fail("unknown compression method " + std::to_string(data[method_at]) + " in iCCP chunk");
        std::vector<std::uint8_t> profile;
        if (inflate_capped(data.subspan(method_at + 1), profile) == Inflated::too_large)
            fail("iCCP chunk inflates past Pillow's 1 MiB limit (PngImagePlugin.MAX_TEXT_CHUNK)");
    }

    // Fixed-size chunks Pillow rejects when they are too short.
    void check_min_length(std::string_view name, std::size_t size) const {
        struct MinLength {
            std::string_view name;
            std::size_t bytes;
        };
        static constexpr MinLength table[] = {{"gAMA", 4}, {"cHRM", 32}, {"sRGB", 1},
                                              {"pHYs", 9}, {"acTL", 8},  {"fcTL", 26}};
        for (const auto& m : table)
            if (name == m.name && size < m.bytes) fail("truncated " + std::string(name) + " chunk");
    }

    const Input& in_;
    Bytes bytes_;
    std::size_t pos_ = 0;
    int color_type_ = -1;
    bool animated_ = false;
    PngInfo info_;
};

}  // namespace

PngScan scan_png_chunks(const Input& in) { return ChunkWalker(in).walk(); }

}  // namespace pixelprep::io::detail
