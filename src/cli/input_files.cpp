#include "input_files.hpp"

#include <glob.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "pixelprep/core/errors.hpp"

namespace fs = std::filesystem;

namespace pixelprep::cli {

namespace {

constexpr std::array<std::string_view, 11> image_extensions = {"jpg", "jpeg", "png", "webp", "gif", "bmp",
                                                               "tif", "tiff", "avif", "jp2", "j2k"};

bool is_hidden(const fs::path& p) { return p.filename().string().starts_with('.'); }

bool is_glob_pattern(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// glob(3)'s matches, sorted in byte order (glob sorts by the locale's collation).
std::vector<std::string> glob_matches(const std::string& pattern) {
    glob_t g{};
    const int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
    std::vector<std::string> out;
    if (rc == 0)
        for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
    globfree(&g);
    if (rc == GLOB_NOSPACE) throw Error(pattern + ": out of memory expanding the pattern");
    if (rc == GLOB_ABORTED) throw Error(pattern + ": a folder of the pattern cannot be read");
    if (out.empty()) throw Error(pattern + ": no file matches this pattern");
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

bool has_image_extension(const std::string& name) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) return false;
    std::string ext = name.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::find(image_extensions.begin(), image_extensions.end(), ext) != image_extensions.end();
}

std::vector<std::string> folder_images(const std::string& dir, bool recursive) {
    // (relative path, path) pairs: sorting the relative paths gives name order in one
    // folder and path order across subfolders.
    std::vector<std::pair<std::string, std::string>> found;
    std::error_code ec;
    const auto consider = [&](const fs::directory_entry& e) {
        std::error_code fe;
        if (!is_hidden(e.path()) && has_image_extension(e.path().filename().string()) && e.is_regular_file(fe))
            found.emplace_back(e.path().lexically_relative(dir).generic_string(), e.path().string());
    };
    if (recursive) {
        fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            if (is_hidden(it->path())) {
                std::error_code de;
                if (it->is_directory(de)) it.disable_recursion_pending();
                continue;
            }
            consider(*it);
        }
    } else {
        fs::directory_iterator it(dir, ec), end;
        for (; !ec && it != end; it.increment(ec)) consider(*it);
    }
    if (ec) throw Error(dir + ": cannot read folder: " + ec.message());
    if (found.empty())
        throw Error(dir + ": no image files in this folder (jpg, jpeg, png, webp, gif, bmp, tif, tiff, avif, jp2, j2k; " +
                    (recursive ? "hidden files skipped)" : "hidden files skipped; --recursive reads subfolders)"));
    std::sort(found.begin(), found.end());
    std::vector<std::string> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& args, bool recursive) {
    std::vector<std::string> files;
    const auto add = [&](const std::string& arg) {
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            const auto found = folder_images(arg, recursive);
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(arg);
        }
    };
    for (const auto& arg : args) {
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(arg, ec)) && is_glob_pattern(arg))
            for (const auto& match : glob_matches(arg)) add(match);
        else
            add(arg);
    }
    return files;
}

}  // namespace pixelprep::cli
