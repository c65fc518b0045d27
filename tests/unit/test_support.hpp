// Shared helpers for the unit tests: a scratch model directory, a logger that captures
// warnings instead of printing them, and deterministic random pixels.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include <pixelprep/core/logger.hpp>

namespace pixelprep_test {

// A fresh directory under the system temp dir (unique per process and instance), removed with its
// contents at destruction.
struct ModelDir {
    std::filesystem::path path;
    ModelDir() {
        static std::atomic<int> counter{0};
        path = std::filesystem::temp_directory_path() /
               ("pixelprep-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path);
    }
    ~ModelDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    ModelDir(const ModelDir&) = delete;
    ModelDir& operator=(const ModelDir&) = delete;
    ModelDir& write(const std::string& name, const std::string& text) {
        std::ofstream(path / name) << text;
        return *this;
    }
    std::string str() const { return path.string(); }
};

// Collects the library's warnings for the lifetime of the object, then restores the logger.
struct CapturedLog {
    std::vector<std::string> lines;
    pixelprep::Logger previous;
    CapturedLog() {
        previous = pixelprep::set_logger([this](pixelprep::LogLevel, std::string_view m) { lines.emplace_back(m); });
    }
    ~CapturedLog() { pixelprep::set_logger(previous); }
    CapturedLog(const CapturedLog&) = delete;
    CapturedLog& operator=(const CapturedLog&) = delete;
    bool contains(const std::string& s) const {
        for (const auto& l : lines)
            if (l.find(s) != std::string::npos) return true;
        return false;
    }
};

inline std::vector<std::uint8_t> random_pixels(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<std::uint8_t> v(n);
    for (auto& x : v) x = std::uint8_t(rng() & 0xff);
    return v;
}

}  // namespace pixelprep_test
