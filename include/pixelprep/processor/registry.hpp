// The registry behind AutoImageProcessor: processor classes (by transformers class name),
// the model types that map to them, and backends with their availability checks.
//
// Users extend it from their own code: a new model (register_processor with a new class
// name), a new backend for an existing model (register_processor merges), or a new backend
// name (register_backend). The order backends are registered in is the fallback order.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/processor/any_processor.hpp"
#include "pixelprep/processor/image_processor.hpp"

namespace pixelprep {

// Builds a processor from a loaded config (`source` names the file for messages).
using ProcessorFactory = std::function<AnyProcessor(const JsonValue& config, const std::string& source)>;
// std::nullopt when the backend can run here, otherwise the reason it cannot.
using AvailabilityCheck = std::function<std::optional<std::string>()>;

template <class Model, class Backend> ProcessorFactory make_factory() {
    return [](const JsonValue& config, const std::string& source) {
        return AnyProcessor(ImageProcessor<Model, Backend>::from_config(config, source));
    };
}

class Registry {
public:
    // The process-wide registry, with the built-in models and backends already registered.
    static Registry& global();

    void register_backend(const std::string& name, AvailabilityCheck check) {
        std::lock_guard lock(mutex_);
        auto it = std::find_if(backends_.begin(), backends_.end(), [&](const auto& b) { return b.first == name; });
        if (it != backends_.end()) it->second = std::move(check);
        else backends_.emplace_back(name, std::move(check));
    }

    // Registers (or extends) a processor class. `name` is a transformers class name such as
    // "CLIPImageProcessor", or a model_type that already maps to one. Factories merge into
    // an existing entry; a backend name not yet known is added, always available unless
    // register_backend says otherwise.
    void register_processor(const std::string& name, std::map<std::string, ProcessorFactory> factories) {
        std::lock_guard lock(mutex_);
        const std::string cls = model_types_.count(name) ? model_types_.at(name) : name;
        auto& entry = classes_[cls];
        for (auto& [backend_key, factory] : factories) {
            const std::string& backend = backend_key;  // a lambda may not capture a structured binding before clang 16
            entry[backend] = std::move(factory);
            if (std::none_of(backends_.begin(), backends_.end(), [&](const auto& b) { return b.first == backend; }))
                backends_.emplace_back(backend, [] { return std::optional<std::string>{}; });
        }
    }

    void register_model_type(const std::string& model_type, const std::string& class_name) {
        std::lock_guard lock(mutex_);
        model_types_[model_type] = class_name;
    }

    bool has_class(const std::string& cls) const {
        std::lock_guard lock(mutex_);
        return classes_.count(cls) != 0;
    }
    std::optional<std::string> class_for_model_type(const std::string& model_type) const {
        std::lock_guard lock(mutex_);
        auto it = model_types_.find(model_type);
        if (it == model_types_.end()) return std::nullopt;
        return it->second;
    }
    // The model_types registered for a class, sorted.
    std::vector<std::string> model_types_of(const std::string& cls) const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& [mt, c] : model_types_)
            if (c == cls) out.push_back(mt);
        return out;
    }
    // The backends that have a factory for a class (available here or not).
    std::vector<std::string> backends_of(const std::string& cls) const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        if (auto c = classes_.find(cls); c != classes_.end())
            for (const auto& b : backends_)
                if (c->second.count(b.first)) out.push_back(b.first);
        return out;
    }
    std::vector<std::string> class_names() const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& [c, e] : classes_) out.push_back(c);
        return out;
    }
    // Backends in registration (= fallback) order.
    std::vector<std::string> backend_names() const {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& b : backends_) out.push_back(b.first);
        return out;
    }
    bool is_backend(const std::string& name) const {
        std::lock_guard lock(mutex_);
        return std::any_of(backends_.begin(), backends_.end(), [&](const auto& b) { return b.first == name; });
    }
    // Why `backend` cannot build `cls` here (not registered, not provided for the class, or
    // its availability check failed); std::nullopt when it can.
    std::optional<std::string> unavailable_reason(const std::string& cls, const std::string& backend) const {
        AvailabilityCheck check;
        std::optional<std::string> missing;
        {
            std::lock_guard lock(mutex_);
            auto b = std::find_if(backends_.begin(), backends_.end(), [&](const auto& x) { return x.first == backend; });
            if (b == backends_.end()) return "no backend named '" + backend + "' is registered";
            auto c = classes_.find(cls);
            if (c == classes_.end()) missing = "no processor class '" + cls + "' is registered";
            else if (!c->second.count(backend)) missing = cls + " has no '" + backend + "' implementation";
            check = b->second;
        }
        // The backend's own reason (no driver, not built) comes first: it is the one to act on.
        if (auto why = check ? check() : std::nullopt) return why;
        return missing;
    }
    ProcessorFactory factory(const std::string& cls, const std::string& backend) const {
        std::lock_guard lock(mutex_);
        return classes_.at(cls).at(backend);
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::pair<std::string, AvailabilityCheck>> backends_;
    std::map<std::string, std::map<std::string, ProcessorFactory>> classes_;
    std::map<std::string, std::string> model_types_;
};

// Defined in src/processor/builtin_registry.cpp: registers the built-in models and backends.
void register_builtin_processors(Registry& registry);

inline Registry& Registry::global() {
    static Registry* registry = [] {
        auto* r = new Registry();  // never destroyed: user factories may run during static teardown
        register_builtin_processors(*r);
        return r;
    }();
    return *registry;
}

}  // namespace pixelprep
