// AutoImageProcessor: config-file, class and backend resolution (see auto_processor.hpp).
#include "pixelprep/processor/auto_processor.hpp"

#include <filesystem>

#include "pixelprep/core/logger.hpp"

namespace pixelprep {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string strip_backend_suffix(std::string name) {
    if (ends_with(name, "Fast")) name.resize(name.size() - 4);
    else if (ends_with(name, "Pil")) name.resize(name.size() - 3);
    return name;
}

// Filesystem queries that never throw: a path that cannot be examined (too long, a loop of
// links, no permission) counts as absent, so the usual ConfigError follows.
bool path_is_directory(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}
bool path_exists(const fs::path& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

std::string supported_list(const Registry& registry) {
    std::string s;
    for (const auto& c : registry.class_names()) s += (s.empty() ? "" : ", ") + c;
    return s;
}

std::optional<std::string> string_key(const JsonValue& obj, const std::string& key, const std::string& source) {
    const JsonValue* v = obj.find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string())
        throw ConfigError(source + ": key '" + key + "': expected str, got " + v->dump_compact() + " (" + v->type_name() + ")");
    return v->as_string();
}

// The class named by auto_map["AutoImageProcessor"] (a "module.Class" string or a list).
std::optional<std::string> auto_map_class(const JsonValue& config, const char* key) {
    const JsonValue* am = config.find("auto_map");
    if (!am) return std::nullopt;
    const JsonValue* entry = am->find(key);
    if (!entry) return std::nullopt;
    const JsonValue* name = entry;
    if (entry->is_array()) {
        name = nullptr;
        for (const auto& e : entry->as_array())
            if (e.is_string()) { name = &e; break; }
    }
    if (!name || !name->is_string()) return std::nullopt;
    const std::string& s = name->as_string();
    const auto dot = s.rfind('.');
    return dot == std::string::npos ? s : s.substr(dot + 1);
}

}  // namespace

ResolvedConfig AutoImageProcessor::resolve(const std::string& path, const Registry& registry) {
    ResolvedConfig r;
    std::optional<JsonValue> model_config;
    std::string model_config_path;
    if (path_is_directory(path)) {
        const fs::path dir(path);
        const fs::path processor = dir / "processor_config.json", preprocessor = dir / "preprocessor_config.json",
                       model = dir / "config.json";
        if (path_exists(processor)) {
            JsonValue p = read_json_file(processor.string());
            if (const JsonValue* nested = p.find("image_processor")) {
                r.config = *nested;
                r.source = processor.string() + " (image_processor)";
            }
        }
        if (r.source.empty() && path_exists(preprocessor)) {
            r.config = read_json_file(preprocessor.string());
            r.source = preprocessor.string();
        }
        if (path_exists(model)) {
            model_config = read_json_file(model.string());
            model_config_path = model.string();
        }
        if (r.source.empty()) {
            if (!model_config)
                throw ConfigError(path + ": no processor_config.json (with \"image_processor\"), "
                                  "preprocessor_config.json or config.json in this folder");
            r.config = JsonValue(JsonValue::Object{});  // class defaults
            r.source = model_config_path;
        }
    } else if (path_exists(path)) {
        JsonValue p = read_json_file(path);
        if (const JsonValue* nested = p.find("image_processor"); nested && nested->is_object()) {
            r.config = *nested;
            r.source = path + " (image_processor)";
        } else {
            r.config = std::move(p);
            r.source = path;
        }
    } else {
        throw ConfigError(path + ": no such file or folder");
    }
    if (!r.config.is_object())
        throw ConfigError(r.source + ": the image processor config must be a JSON object, got " + r.config.type_name());

    if (auto t = string_key(r.config, "image_processor_type", r.source)) {
        r.class_name = strip_backend_suffix(*t);
    } else if (auto f = string_key(r.config, "feature_extractor_type", r.source)) {
        std::string name = *f;
        if (const auto pos = name.find("FeatureExtractor"); pos != std::string::npos)
            name.replace(pos, 16, "ImageProcessor");
        r.class_name = strip_backend_suffix(name);
    }
    if (r.class_name.empty() || !registry.has_class(r.class_name)) {
        auto remote = auto_map_class(r.config, "AutoImageProcessor");
        if (!remote) remote = auto_map_class(r.config, "AutoFeatureExtractor");
        if (remote && r.class_name.empty()) {
            const std::string name = strip_backend_suffix(*remote);
            if (!registry.has_class(name))
                throw ConfigError(r.source + ": auto_map names remote code (" + *remote +
                                  "); pixelprep cannot run Python code. Register a C++ processor under the name '" +
                                  name + "' to use this model");
            r.class_name = name;
        }
    }
    if (r.class_name.empty() && model_config) {
        if (auto mt = string_key(*model_config, "model_type", model_config_path)) {
            auto cls = registry.class_for_model_type(*mt);
            if (!cls)
                throw ConfigError(model_config_path + ": model_type '" + *mt +
                                  "' has no image processor in pixelprep; supported classes: " + supported_list(registry));
            r.class_name = *cls;
        }
    }
    if (r.class_name.empty())
        throw ConfigError(r.source + ": cannot tell which image processor to use: no image_processor_type, "
                          "feature_extractor_type, auto_map, or config.json model_type");
    if (!registry.has_class(r.class_name))
        throw ConfigError(r.source + ": image processor class '" + r.class_name +
                          "' is not supported; supported classes: " + supported_list(registry));
    return r;
}

std::pair<std::string, std::string> AutoImageProcessor::resolve_backend(const std::string& class_name,
                                                                        const LoadOptions& options,
                                                                        const Registry& registry) {
    std::string requested = options.backend.empty() ? "auto" : options.backend;
    if (requested == "pil" || requested == "torchvision") {
        const std::string mapped = requested == "pil" ? "cpu" : "cuda";
        log_warning("backend \"" + requested + "\" is a transformers name and is deprecated here; using \"" + mapped + "\"");
        requested = mapped;
    }
    if (requested == "auto" && options.use_fast) {
        requested = *options.use_fast ? "cuda" : "cpu";
        log_warning(std::string("use_fast is deprecated; use backend=\"") + requested + "\" instead");
    }
    if (requested == "auto") {
        for (const char* preferred : {"cuda", "cpu"})
            if (!registry.unavailable_reason(class_name, preferred)) return {preferred, ""};
        for (const auto& b : registry.backend_names())
            if (!registry.unavailable_reason(class_name, b)) return {b, ""};
        throw BackendUnavailable(class_name + ": no registered backend can run here");
    }
    if (!registry.is_backend(requested)) {
        std::string names;
        for (const auto& b : registry.backend_names()) names += (names.empty() ? "" : ", ") + b;
        throw InvalidArgument("unknown backend '" + requested + "'; registered backends: auto, " + names +
                              " (and the legacy names pil, torchvision)");
    }
    const auto reason = registry.unavailable_reason(class_name, requested);
    if (!reason) return {requested, ""};
    if (!options.allow_fallback)
        throw BackendUnavailable("backend '" + requested + "' is unavailable for " + class_name + ": " + *reason);
    for (const auto& b : registry.backend_names()) {
        if (b == requested || registry.unavailable_reason(class_name, b)) continue;
        const std::string why = "backend '" + requested + "' is unavailable (" + *reason + "); falling back to '" + b + "'";
        log_warning(why);
        return {b, why};
    }
    throw BackendUnavailable("backend '" + requested + "' is unavailable for " + class_name + " (" + *reason +
                             ") and no other backend can run it");
}

AnyProcessor AutoImageProcessor::from_pretrained(const std::string& path, const LoadOptions& options, Registry& registry) {
    ResolvedConfig r = resolve(path, registry);
    const auto [backend, why] = resolve_backend(r.class_name, options, registry);
    const ProcessorFactory make = registry.factory(r.class_name, backend);
    if (!options.overrides.empty()) {
        // from_pretrained kwargs: validated against the class's option names, then applied
        // over the file's values exactly like config keys.
        const AnyProcessor plain = make(JsonValue(JsonValue::Object{}), "class defaults");
        const auto names = plain.option_names();
        for (const auto& [k, v] : options.overrides)
            if (std::find(names.begin(), names.end(), k) == names.end()) {
                std::string valid;
                for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
                throw InvalidArgument("from_pretrained: unknown option '" + k + "' for " + r.class_name +
                                      "; valid options are: " + valid);
            }
        for (const auto& [k, v] : options.overrides) r.config.as_object()[k] = v;
    }
    return make(r.config, r.source).with_backend_report(options.backend.empty() ? "auto" : options.backend, why);
}

}  // namespace pixelprep
