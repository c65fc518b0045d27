#include "indexed_pixels.hpp"

#include <algorithm>
#include <cstring>

namespace pixelprep::io::detail {

void fill_rgb_run(std::uint8_t* out, std::size_t count, const std::array<std::uint8_t, 3>& rgb) {
    if (count == 0) return;
    std::memcpy(out, rgb.data(), 3);
    // Doubling copies: the filled prefix is copied onto what follows it.
    for (std::size_t done = 1; done < count;) {
        const std::size_t n = std::min(done, count - done);
        std::memcpy(out + 3 * done, out, 3 * n);
        done += n;
    }
}

void map_indices_to_rgb(const std::uint8_t* indices, std::size_t count, const Palette& palette, std::uint8_t* out) {
    static_assert(sizeof(Palette) == 3 * 256, "a palette is 256 packed RGB triples");
    const std::uint8_t* table = palette.front().data();
    for (std::size_t i = 0; i < count; ++i) std::memcpy(out + 3 * i, table + 3 * std::size_t(indices[i]), 3);
}

void copy_rgb_samples(const std::uint8_t* pixels, std::size_t channels, std::size_t count, std::uint8_t* out) {
    if (channels == 3) {
        std::memcpy(out, pixels, 3 * count);
        return;
    }
    for (std::size_t i = 0; i < count; ++i) std::memcpy(out + 3 * i, pixels + channels * i, 3);
}

}  // namespace pixelprep::io::detail
