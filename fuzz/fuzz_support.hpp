// Shared helpers of the libFuzzer targets (fuzz/README.md): process set-up, small images to
// run the processors on, and a check of every output.
//
// Contract the targets check: anything pixelprep throws is a pixelprep::Error. Any other
// exception escapes LLVMFuzzerTestOneInput, std::terminate aborts, and libFuzzer records the
// input as a crash.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <pixelprep/pixelprep.hpp>

namespace pixelprep_fuzz {

// Pixel budget of every image pixelprep may allocate while fuzzing (the process-wide
// pixelprep::set_max_image_pixels limit), per target. Lowered from the default so that one
// input stays within -rss_limit_mb and -timeout, and, for the processor targets, so that the
// time of an input goes to code whose control flow differs from input to input, not to
// per-pixel loops over large images (fuzz/README.md, "Speed"). Above the limit a config or
// option gets a LimitError before anything is allocated; below it the code paths are the
// ones large images take.
inline constexpr std::uint64_t decode_max_image_pixels = std::uint64_t(1) << 22;
// 2^18: the smallest power of two that still lets ConvNeXt take its shortest_edge >= 384
// branch (a 384 x 384 warp, 147456 pixels).
inline constexpr std::uint64_t processor_max_image_pixels = std::uint64_t(1) << 18;
// 2^12 (64 x 64) for fuzz_config: a real config's 224 x 224 or larger output stops with a
// LimitError at its first resize, after option resolution and validation (what that target
// is about); configs with small sizes (the small-* seeds, or a digit the fuzzer deleted) run
// the whole recipe. fuzz_processor runs the recipes at length.
inline constexpr std::uint64_t config_max_image_pixels = std::uint64_t(1) << 12;

// Once per process: silence warnings (unknown config keys, ambiguous channels...), lower the
// image pixel limit.
inline void init_process(std::uint64_t max_image_pixels) {
    pixelprep::set_logger([](pixelprep::LogLevel, std::string_view) {});
    pixelprep::set_max_image_pixels(max_image_pixels);
}

// Aborts with a message: an invariant of pixelprep's API was broken (libFuzzer reports it).
[[noreturn]] inline void invariant_failed(const std::string& what) {
    std::fprintf(stderr, "pixelprep fuzz invariant failed: %s\n", what.c_str());
    std::abort();
}

// A deterministic RGB image as load_image returns it (HWC uint8, PIL mode RGB).
inline pixelprep::InputImage rgb_image(int h, int w, std::uint32_t seed) {
    pixelprep::ImageU8 img(h, w, 3);
    std::uint32_t x = seed * 2654435761u + 1u;
    for (std::size_t i = 0; i < img.size(); ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        img.data()[i] = std::uint8_t(x >> 24);
    }
    return pixelprep::InputImage::decoded(std::move(img));
}

// Every output of a processor call is either a list or one tensor; stacking either works or
// throws a pixelprep::Error (ragged lists). Touches every value.
inline void consume(const pixelprep::BatchFeature& features) {
    for (const auto& key : features.keys()) {
        try {
            const pixelprep::Tensor t = features.stacked(key);
            const auto shape = pixelprep::tensor_shape(t);
            std::size_t n = 1;
            for (auto d : shape) n *= d;
            std::visit([&](const auto& a) {
                if (a.size() != n) invariant_failed("tensor '" + key + "' size does not match its shape");
            }, t);
        } catch (const pixelprep::Error&) {
        }
    }
}

}  // namespace pixelprep_fuzz
