// Internal: whole-file reads with one-line FileReadError messages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pixelprep::io::detail {

// The contents of a regular file. Throws FileReadError naming the path and the reason
// (missing, a directory, not a regular file, permission denied, I/O error).
std::vector<std::uint8_t> read_file(const std::string& path);

}  // namespace pixelprep::io::detail
