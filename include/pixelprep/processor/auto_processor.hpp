// AutoImageProcessor::from_pretrained: load a model folder the way transformers does.
//
//  1. The config: processor_config.json's "image_processor", else preprocessor_config.json,
//     else config.json (its model_type picks the class, with the class defaults).
//  2. The class: image_processor_type (a trailing "Fast" or "Pil" is stripped), else the
//     legacy feature_extractor_type, else auto_map (remote code: refused unless a registered
//     name matches), else config.json's model_type.
//  3. The backend: an explicit name beats the legacy use_fast flag; "auto" takes the first
//     available of cuda, cpu. The legacy names "pil" and "torchvision" mean "cpu" and "cuda".
//     An unavailable backend falls back in registry order with a warning, unless
//     allow_fallback is false.
#pragma once

#include <optional>
#include <string>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/processor/any_processor.hpp"
#include "pixelprep/processor/registry.hpp"

namespace pixelprep {

struct LoadOptions {
    std::string backend = "auto";     // "auto", "cpu", "cuda", a registered name, or legacy "pil"/"torchvision"
    std::optional<bool> use_fast = std::nullopt;  // legacy transformers flag: true = "cuda", false = "cpu"
    bool allow_fallback = true;       // false: an unavailable backend is an error (for tests)
    JsonValue::Object overrides = {};  // options applied over the config (from_pretrained kwargs)
};

// Where a model folder's image-processor config came from.
struct ResolvedConfig {
    JsonValue config;          // the preprocessor_config.json-shaped object
    std::string source;        // the file it came from (for messages)
    std::string class_name;    // resolved transformers class name
};

struct AutoImageProcessor {
    static AnyProcessor from_pretrained(const std::string& path, const LoadOptions& options = {},
                                        Registry& registry = Registry::global());
    // Steps 1 and 2 only (used by `pixelprep info` and tests).
    static ResolvedConfig resolve(const std::string& path, const Registry& registry = Registry::global());
    // Step 3 only: the backend that will run, and the fallback reason ("" if none).
    static std::pair<std::string, std::string> resolve_backend(const std::string& class_name, const LoadOptions& options,
                                                               const Registry& registry = Registry::global());
};

}  // namespace pixelprep
