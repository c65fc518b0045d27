// Shared helpers of the libFuzzer targets (fuzz/README.md): process set-up, the
// AutoImageProcessor-style "JSON text -> one AnyProcessor per registered class" helper, and
// small images to run the processors on.
//
// Contract the targets check: anything pixelprep throws is a pixelprep::Error. Any other
// exception escapes LLVMFuzzerTestOneInput, std::terminate aborts, and libFuzzer records the
// input as a crash.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pixelprep/pixelprep.hpp>

namespace pixelprep_fuzz {

// Pixel budget of every image the processors may allocate during fuzzing (the process-wide
// pixelprep::set_max_image_pixels limit, lowered from its default so that a single input
// stays within -rss_limit_mb and -timeout; the code paths are the same).
inline constexpr std::uint64_t fuzz_max_image_pixels = std::uint64_t(1) << 22;

// Once per process: silence warnings (unknown config keys, ambiguous channels...), lower the
// image pixel limit.
inline void init_process() {
    pixelprep::set_logger([](pixelprep::LogLevel, std::string_view) {});
    pixelprep::set_max_image_pixels(fuzz_max_image_pixels);
}

// Aborts with a message: an invariant of pixelprep's API was broken (libFuzzer reports it).
[[noreturn]] inline void invariant_failed(const std::string& what) {
    std::fprintf(stderr, "pixelprep fuzz invariant failed: %s\n", what.c_str());
    std::abort();
}

// One registered processor class built from a config, or the pixelprep::Error it raised.
struct BuiltProcessor {
    std::string class_name;
    std::optional<pixelprep::AnyProcessor> processor;
    std::string error;  // what() of the pixelprep::Error, when processor is empty
};

// AutoImageProcessor's last step for every class at once: the JSON text is parsed as a
// preprocessor_config.json would be, then every registered class's "cpu" factory builds an
// AnyProcessor from it (as if image_processor_type had named that class). A parse error
// gives an empty list; a rejected config gives an entry with `error` set.
inline std::vector<BuiltProcessor> processors_from_json(std::string_view json_text, const std::string& source) {
    std::vector<BuiltProcessor> out;
    pixelprep::JsonValue config;
    try {
        config = pixelprep::parse_json(json_text, source);
    } catch (const pixelprep::Error&) {
        return out;
    }
    pixelprep::Registry& registry = pixelprep::Registry::global();
    for (const std::string& cls : registry.class_names()) {
        BuiltProcessor b;
        b.class_name = cls;
        if (registry.unavailable_reason(cls, "cpu")) continue;
        try {
            b.processor = registry.factory(cls, "cpu")(config, source);
        } catch (const pixelprep::Error& e) {
            b.error = e.what();
        }
        out.push_back(std::move(b));
    }
    return out;
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
