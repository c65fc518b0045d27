// Out-of-line body of resample_from_name (kept apart so resample.hpp reads as a table).
#pragma once

#include <cctype>

namespace pixelprep {

inline std::optional<Resample> resample_from_name(std::string_view name) {
    std::string upper(name);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (Resample r : all_resample_filters)
        if (upper == resample_name(r)) return r;
    if (upper == "ANTIALIAS") return Resample::lanczos;
    if (upper == "LINEAR") return Resample::bilinear;
    if (upper == "CUBIC") return Resample::bicubic;
    if (upper == "NONE") return Resample::nearest;
    return std::nullopt;
}

}  // namespace pixelprep
