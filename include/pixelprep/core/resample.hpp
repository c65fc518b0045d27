// The resampling filters, with Pillow's integer codes (PIL.Image.Resampling).
// transformers stores `resample` in configs as exactly these integers.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace pixelprep {

enum class Resample : int {
    nearest = 0,
    lanczos = 1,
    bilinear = 2,
    bicubic = 3,
    box = 4,
    hamming = 5,
};

inline constexpr std::array<Resample, 6> all_resample_filters = {
    Resample::nearest, Resample::lanczos, Resample::bilinear,
    Resample::bicubic, Resample::box,     Resample::hamming,
};

// Upper-case Pillow name, e.g. "BICUBIC".
constexpr std::string_view resample_name(Resample r) noexcept {
    switch (r) {
        case Resample::nearest: return "NEAREST";
        case Resample::lanczos: return "LANCZOS";
        case Resample::bilinear: return "BILINEAR";
        case Resample::bicubic: return "BICUBIC";
        case Resample::box: return "BOX";
        case Resample::hamming: return "HAMMING";
    }
    return "UNKNOWN";
}

// Maps Pillow's integer code; std::nullopt for anything else.
constexpr std::optional<Resample> resample_from_code(long long code) noexcept {
    if (code < 0 || code > 5) return std::nullopt;
    return static_cast<Resample>(code);
}

// Accepts Pillow names in any case ("bicubic", "BICUBIC") plus the legacy aliases
// Pillow still documents (ANTIALIAS = LANCZOS, LINEAR = BILINEAR, CUBIC = BICUBIC, NONE = NEAREST).
std::optional<Resample> resample_from_name(std::string_view name);

}  // namespace pixelprep

#include "pixelprep/core/detail/resample_names.ipp"
