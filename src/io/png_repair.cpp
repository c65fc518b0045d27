#include "png_repair.hpp"

#include <algorithm>

#include <zlib.h>

namespace pixelprep::io::detail {

namespace {

std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

void put_be32(std::uint8_t* p, std::uint32_t v) {
    p[0] = std::uint8_t(v >> 24);
    p[1] = std::uint8_t(v >> 16);
    p[2] = std::uint8_t(v >> 8);
    p[3] = std::uint8_t(v);
}

// CRC of a chunk's type and data (`type` points at the type field).
std::uint32_t chunk_crc(const std::uint8_t* type, std::size_t data_length) {
    return std::uint32_t(crc32(0L, type, uInt(4 + data_length)));
}

void append_chunk(std::vector<std::uint8_t>& out, const std::uint8_t* type, const std::uint8_t* data,
                  std::uint32_t length) {
    std::uint8_t word[4];
    put_be32(word, length);
    out.insert(out.end(), word, word + 4);
    const std::size_t type_at = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data, data + length);
    put_be32(word, chunk_crc(out.data() + type_at, length));
    out.insert(out.end(), word, word + 4);
}

}  // namespace

std::vector<std::uint8_t> close_cut_image_data(std::span<const std::uint8_t> png, std::size_t cut) {
    std::vector<std::uint8_t> out(png.begin(), png.begin() + std::ptrdiff_t(cut));
    const std::size_t left = png.size() - cut;
    if (left >= 8) {  // the chunk header is complete: keep the data that is there
        const auto length = std::uint32_t(std::min<std::size_t>(left - 8, be32(png.data() + cut)));
        append_chunk(out, png.data() + cut + 4, png.data() + cut + 8, length);
    }
    static constexpr std::uint8_t iend_type[4] = {'I', 'E', 'N', 'D'};
    append_chunk(out, iend_type, iend_type, 0);
    return out;
}

std::vector<std::uint8_t> fix_image_data_crcs(std::span<const std::uint8_t> png, std::size_t image_data_start) {
    std::vector<std::uint8_t> out(png.begin(), png.end());
    for (std::size_t pos = image_data_start; out.size() - pos >= 12;) {
        const std::uint64_t length = be32(out.data() + pos);
        if (out.size() - pos - 12 < length) break;
        put_be32(out.data() + pos + 8 + length, chunk_crc(out.data() + pos + 4, std::size_t(length)));
        pos += 12 + std::size_t(length);
    }
    return out;
}

}  // namespace pixelprep::io::detail
