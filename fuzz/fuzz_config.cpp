// fuzz_config: config loading from arbitrary JSON text, AutoImageProcessor-style.
//
// Input: the text of a preprocessor_config.json.
//  1. AutoImageProcessor::from_pretrained on the text saved as a file (class resolution:
//     image_processor_type, feature_extractor_type, auto_map; backend "cpu").
//  2. processors_from_json: every registered class built from the same config.
//  3. Each processor that was built: effective options, to_json_string, and a save/load
//     round trip (the saved config loads again and saves byte-identically), then a run on
//     tiny images.
// Checks: nothing but pixelprep::Error is thrown; the round trip is stable.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"

namespace {

std::string config_path;

void write_file(const std::string& path, std::string_view text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) pixelprep_fuzz::invariant_failed("cannot write " + path);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

void run_on_tiny_images(const pixelprep::AnyProcessor& p) {
    using pixelprep_fuzz::rgb_image;
    try {
        pixelprep_fuzz::consume(p(pixelprep::ImageBatch(rgb_image(7, 5, 1))));
    } catch (const pixelprep::Error&) {
    }
    try {
        pixelprep_fuzz::consume(p(pixelprep::ImageBatch(std::vector<pixelprep::InputImage>{rgb_image(1, 3, 2), rgb_image(6, 6, 3)})));
    } catch (const pixelprep::Error&) {
    }
}

void round_trip(const pixelprep_fuzz::BuiltProcessor& b) {
    const std::string saved = b.processor->to_json_string();
    pixelprep::AnyProcessor reloaded = [&] {
        try {
            return pixelprep::Registry::global().factory(b.class_name, "cpu")(pixelprep::parse_json(saved, "saved"), "saved");
        } catch (const pixelprep::Error& e) {
            pixelprep_fuzz::invariant_failed(b.class_name + ": a saved config does not load again: " + e.what() +
                                             "\n--- saved:\n" + saved);
        }
    }();
    const std::string again = reloaded.to_json_string();
    if (again != saved)
        pixelprep_fuzz::invariant_failed(b.class_name + ": save/load/save is not stable\n--- first:\n" + saved +
                                         "--- second:\n" + again);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    pixelprep_fuzz::init_process();
    const char* tmp = std::getenv("TMPDIR");
    config_path = std::string(tmp && *tmp ? tmp : "/tmp") + "/pixelprep-fuzz-config-" + std::to_string(::getpid()) + ".json";
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    // 1. The whole AutoImageProcessor route, from a file; the processor it resolves runs.
    write_file(config_path, text);
    bool ran = false;
    try {
        pixelprep::LoadOptions lo;
        lo.backend = "cpu";
        lo.allow_fallback = false;
        const pixelprep::AnyProcessor p = pixelprep::AutoImageProcessor::from_pretrained(config_path, lo);
        (void)p.effective_options();
        run_on_tiny_images(p);
        ran = true;
    } catch (const pixelprep::Error&) {
    }

    // 2. + 3. Every registered class from the same config: loading and the save/load round
    // trip for all; running (upscaling tiny images to each class's default sizes is slow)
    // for one class picked by a hash of the input when AutoImageProcessor resolved none.
    const auto built = pixelprep_fuzz::processors_from_json(text, "fuzz-config.json");
    std::size_t pick = std::hash<std::string_view>{}(text);
    for (std::size_t i = 0; i < built.size(); ++i) {
        const auto& b = built[i];
        if (!b.processor) continue;
        try {
            (void)b.processor->effective_options();
        } catch (const pixelprep::Error&) {
        }
        round_trip(b);
        if (!ran && i == pick % built.size()) run_on_tiny_images(*b.processor);
    }
    return 0;
}
