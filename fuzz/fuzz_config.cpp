// fuzz_config: config loading from arbitrary JSON text, AutoImageProcessor-style.
//
// Input: the text of a preprocessor_config.json.
//  1. AutoImageProcessor::from_pretrained on the text saved as a file (class resolution:
//     image_processor_type, feature_extractor_type, auto_map; backend "cpu").
//  2. When that resolves no class (none named, an unknown name, remote code, a rejected
//     value), the same parsed config is built by one registered class, picked by a hash of
//     the text, as if image_processor_type had named it. Over many inputs every class meets
//     every kind of config; one class per input keeps an input fast (fuzz/README.md, "Speed").
//  3. The processor that was built: effective options, to_json_string, a save/load round trip
//     (the saved config loads again and saves byte-identically), then a run on tiny images.
// Checks: nothing but pixelprep::Error is thrown; the round trip is stable.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"

namespace {

std::string config_path;
std::vector<std::string> class_names;                    // registered, cpu backend available
std::optional<pixelprep::ImageBatch> one_image, two_images;  // built once

// A new file each time: truncating the previous one (fopen "wb") made ext4 write the old
// data back and block for about a millisecond per input (auto_da_alloc); a file removed
// before its delayed allocation never reaches the disk.
void write_file(const std::string& path, std::string_view text) {
    std::remove(path.c_str());
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) pixelprep_fuzz::invariant_failed("cannot write " + path);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

void run_on_tiny_images(const pixelprep::AnyProcessor& p) {
    try {
        pixelprep_fuzz::consume(p(*one_image));
    } catch (const pixelprep::Error&) {
    }
    try {
        pixelprep_fuzz::consume(p(*two_images));
    } catch (const pixelprep::Error&) {
    }
}

void round_trip(const pixelprep::AnyProcessor& p) {
    const std::string cls(p.class_name());
    const std::string saved = p.to_json_string();
    pixelprep::AnyProcessor reloaded = [&] {
        try {
            return pixelprep::Registry::global().factory(cls, "cpu")(pixelprep::parse_json(saved, "saved"), "saved");
        } catch (const pixelprep::Error& e) {
            pixelprep_fuzz::invariant_failed(cls + ": a saved config does not load again: " + e.what() + "\n--- saved:\n" +
                                             saved);
        }
    }();
    const std::string again = reloaded.to_json_string();
    if (again == saved) return;
    // IDEFICS saves image_size = size.height next to size, and __init__ makes image_size the
    // size again, so a non-square size becomes square on the first reload -- in transformers
    // too (pixelprep matches it). From the second save on it must be stable.
    if (cls == "IdeficsImageProcessor") {
        const std::string third =
            pixelprep::Registry::global().factory(cls, "cpu")(pixelprep::parse_json(again, "saved"), "saved").to_json_string();
        if (third == again) return;
    }
    pixelprep_fuzz::invariant_failed(cls + ": save/load/save is not stable\n--- first:\n" + saved + "--- second:\n" +
                                     again);
}

void check(const pixelprep::AnyProcessor& p) {
    try {
        (void)p.effective_options();
    } catch (const pixelprep::Error&) {
    }
    round_trip(p);
    run_on_tiny_images(p);
}

// Step 2: the class picked by the hash builds the parsed config (empty if it does not parse).
std::optional<pixelprep::AnyProcessor> build_picked_class(std::string_view text) {
    pixelprep::JsonValue config;
    try {
        config = pixelprep::parse_json(text, "fuzz-config.json");
    } catch (const pixelprep::Error&) {
        return std::nullopt;
    }
    const std::string& cls = class_names[std::hash<std::string_view>{}(text) % class_names.size()];
    try {
        return pixelprep::Registry::global().factory(cls, "cpu")(config, "fuzz-config.json");
    } catch (const pixelprep::Error&) {
        return std::nullopt;
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    pixelprep_fuzz::init_process(pixelprep_fuzz::config_max_image_pixels);
    const char* tmp = std::getenv("TMPDIR");
    config_path = std::string(tmp && *tmp ? tmp : "/tmp") + "/pixelprep-fuzz-config-" + std::to_string(::getpid()) + ".json";
    pixelprep::Registry& registry = pixelprep::Registry::global();
    for (const std::string& cls : registry.class_names())
        if (!registry.unavailable_reason(cls, "cpu")) class_names.push_back(cls);
    using pixelprep_fuzz::rgb_image;
    one_image.emplace(rgb_image(7, 5, 1));
    two_images.emplace(std::vector<pixelprep::InputImage>{rgb_image(1, 3, 2), rgb_image(6, 6, 3)});
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // 1. The whole AutoImageProcessor route, from a file.
    write_file(config_path, text);
    std::optional<pixelprep::AnyProcessor> p;
    try {
        pixelprep::LoadOptions lo;
        lo.backend = "cpu";
        lo.allow_fallback = false;
        p = pixelprep::AutoImageProcessor::from_pretrained(config_path, lo);
    } catch (const pixelprep::Error&) {
    }
    // 2. Else one class picked by the text's hash.
    if (!p) p = build_picked_class(text);
    // 3.
    if (p) check(*p);
    return 0;
}
