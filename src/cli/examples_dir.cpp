#include "examples_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

// Set by meson.build: the build folder that holds the command, the source tree's examples/,
// and the install's bindir and <datadir>/pixelprep/examples (prefix included, used only for
// the path from one to the other, never as a location).
#ifndef PIXELPREP_BUILD_DIR
#error "PIXELPREP_BUILD_DIR must be defined by the build"
#endif

namespace pixelprep::cli {

namespace {

// The folder of the running executable; empty where /proc/self/exe cannot be read.
fs::path own_executable_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string examples_dir() {
    if (const char* env = std::getenv("PIXELPREP_EXAMPLES")) return env;
    const fs::path exe_dir = own_executable_dir();
    std::error_code ec;  // a build folder that no longer exists is simply not this one
    if (exe_dir.empty() || fs::equivalent(exe_dir, PIXELPREP_BUILD_DIR, ec)) return PIXELPREP_SOURCE_EXAMPLES_DIR;
    const fs::path from_bindir =
        fs::path(PIXELPREP_INSTALL_EXAMPLES_DIR).lexically_relative(PIXELPREP_INSTALL_BINDIR);
    return (exe_dir / from_bindir).lexically_normal().string();
}

}  // namespace pixelprep::cli
