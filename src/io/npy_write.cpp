#include "pixelprep/io/npy_write.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>

#include <xtensor/xarray.hpp>
#include <xtensor/xnpy.hpp>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/utf8.hpp"

namespace pixelprep::io {

void write_npy(const std::string& path, const Tensor& t) {
    std::visit([&](const auto& a) { xt::dump_npy(path, a); }, t);
}

void write_empty_list_npy(const std::string& path) { xt::dump_npy(path, xt::xarray<double>::from_shape({0})); }

void write_str_list_npy(const std::string& path, const std::vector<std::string>& items) {
    if (items.empty()) return write_empty_list_npy(path);  // np.asarray([]) has no str dtype
    std::vector<std::u32string> points;
    std::size_t width = 1;  // numpy's narrowest str dtype is '<U1', even for ""
    for (const std::string& s : items) {
        points.push_back(utf8_code_points(s));
        width = std::max(width, points.back().size());
    }
    // NPY format 1.0: magic, version, a little-endian uint16 header length, then the header
    // dict padded with spaces to a multiple of 64 bytes in all, ending in a newline.
    std::string header = "{'descr': '<U" + std::to_string(width) + "', 'fortran_order': False, 'shape': (" +
                         std::to_string(items.size()) + ",), }";
    const std::size_t preamble = 10;
    header.append(63 - (preamble + header.size()) % 64, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    if (!out) throw Error("cannot open '" + path + "' for writing");
    out.write("\x93NUMPY\x01\x00", 8);
    const auto len = static_cast<std::uint16_t>(header.size());
    const char len_bytes[2] = {char(len & 0xFF), char(len >> 8)};
    out.write(len_bytes, 2);
    out << header;
    for (const std::u32string& s : points)
        for (std::size_t k = 0; k < width; ++k) {  // UTF-32LE, zero-padded to the width
            const std::uint32_t cp = k < s.size() ? std::uint32_t(s[k]) : 0;
            const char bytes[4] = {char(cp & 0xFF), char((cp >> 8) & 0xFF), char((cp >> 16) & 0xFF), char(cp >> 24)};
            out.write(bytes, 4);
        }
    if (!out) throw Error("could not write '" + path + "'");
}

}  // namespace pixelprep::io
