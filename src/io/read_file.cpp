#include "read_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

namespace {

struct FileClose {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

[[noreturn]] void fail(const std::string& path, const std::string& reason) {
    throw FileReadError(message(path, "cannot read file: " + reason));
}

}  // namespace

std::vector<std::uint8_t> read_file(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec) fail(path, ec.message());
    if (status.type() == std::filesystem::file_type::directory) fail(path, "is a directory");
    // Devices and pipes could stream forever; images are regular files.
    if (status.type() != std::filesystem::file_type::regular) fail(path, "not a regular file");

    errno = 0;
    std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "rb"));
    if (!file) fail(path, errno != 0 ? std::strerror(errno) : "cannot open");

    std::vector<std::uint8_t> bytes;
    const std::uintmax_t expected = std::filesystem::file_size(path, ec);
    if (!ec) bytes.reserve(std::size_t(expected));
    std::uint8_t block[1 << 16];
    for (;;) {
        const std::size_t n = std::fread(block, 1, sizeof block, file.get());
        bytes.insert(bytes.end(), block, block + n);
        if (n < sizeof block) break;
    }
    if (std::ferror(file.get())) fail(path, "I/O error while reading");
    return bytes;
}

}  // namespace pixelprep::io::detail
