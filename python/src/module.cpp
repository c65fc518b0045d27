// pixelprep._core: the compiled half of the Python package (python/pixelprep/ is the other).
//
// Processor wraps an AnyProcessor. Options and results of to_dict cross as JSON text, so that
// one parser (pixelprep's, with its messages) reads every value a user gives. A call reads the
// Python inputs with the GIL held, then releases it while images are decoded and processed,
// so Python threads sharing one processor run in parallel (AnyProcessor is immutable).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "inputs.hpp"
#include "outputs.hpp"
#include "pixelprep/pixelprep.hpp"

namespace nb = nanobind;
using namespace pixelprep;

namespace {

JsonValue::Object parse_options(const std::string& json, const char* what) {
    if (json.empty()) return {};
    const JsonValue v = parse_json(json, what);
    if (!v.is_object()) throw InvalidArgument(std::string(what) + " must be a dict");
    return v.as_object();
}

struct Processor {
    AnyProcessor p;

    nb::dict call(nb::list items, nb::object samples, const std::string& options_json, bool stack) const {
        const JsonValue::Object named = parse_options(options_json, "call options");
        python::CollectedInputs inputs = python::CollectedInputs::collect(items, samples);
        python::PreparedOutputs prepared;
        {
            nb::gil_scoped_release unlocked;
            prepared = python::prepare_outputs(p(inputs.batch(), named), stack);
        }
        inputs.clear();
        return python::to_python(std::move(prepared));
    }
};

Processor from_pretrained(const std::string& path, const std::string& backend, std::optional<bool> use_fast,
                          bool allow_fallback, const std::string& overrides_json) {
    LoadOptions o;
    o.backend = backend;
    o.use_fast = use_fast;
    o.allow_fallback = allow_fallback;
    o.overrides = parse_options(overrides_json, "from_pretrained options");
    nb::gil_scoped_release unlocked;  // reading files
    return Processor{AutoImageProcessor::from_pretrained(path, o)};
}

// pixelprep's errors as Python exceptions: every one is a pixelprep.Error; the kinds a
// caller tells apart get a standard base as well (a decode failure is also an OSError or
// ValueError, a bad option a ValueError), defined in pixelprep/__init__.py and set here.
struct ExceptionTypes {
    nb::object error, invalid_argument, image_error, config_error, limit_error, backend_unavailable, decode_error,
        file_read_error;
};
ExceptionTypes& exception_types() {
    static ExceptionTypes* types = new ExceptionTypes();  // lives as long as the interpreter
    return *types;
}

void translate(const std::exception_ptr& ptr, void*) {
    const ExceptionTypes& t = exception_types();
    auto raise = [](const nb::object& type, const char* what) {
        if (!type.is_valid()) throw;  // types not set yet: nanobind's default translation
        PyErr_SetString(type.ptr(), what);
    };
    try {
        std::rethrow_exception(ptr);
    } catch (const FileReadError& e) {
        raise(t.file_read_error, e.what());
    } catch (const DecodeError& e) {
        raise(t.decode_error, e.what());
    } catch (const BackendUnavailable& e) {
        raise(t.backend_unavailable, e.what());
    } catch (const ConfigError& e) {
        raise(t.config_error, e.what());
    } catch (const LimitError& e) {
        raise(t.limit_error, e.what());
    } catch (const ImageError& e) {
        raise(t.image_error, e.what());
    } catch (const InvalidArgument& e) {
        raise(t.invalid_argument, e.what());
    } catch (const Error& e) {
        raise(t.error, e.what());
    }
}

}  // namespace

NB_MODULE(_core, m) {
    m.doc() = "pixelprep's compiled core; use the pixelprep package, not this module";
    m.attr("__version__") = PIXELPREP_VERSION;

    m.def("set_exception_types", [](nb::dict types) {
        ExceptionTypes& t = exception_types();
        t.error = types["Error"];
        t.invalid_argument = types["InvalidArgument"];
        t.image_error = types["ImageError"];
        t.config_error = types["ConfigError"];
        t.limit_error = types["LimitError"];
        t.backend_unavailable = types["BackendUnavailable"];
        t.decode_error = types["DecodeError"];
        t.file_read_error = types["FileReadError"];
    });
    nb::register_exception_translator(translate);

    // pixelprep's warnings (unknown config keys, fallbacks) go to Python's logging/warnings.
    m.def("set_log_handler", [](nb::object handler) {
        if (handler.is_none()) {
            set_logger(nullptr);
            return;
        }
        set_logger([handler](LogLevel level, std::string_view message) {
            nb::gil_scoped_acquire locked;
            try {
                handler(level == LogLevel::warning ? "warning" : "info", std::string(message));
            } catch (nb::python_error& e) {
                e.discard_as_unraisable("pixelprep log handler");
            }
        });
    }, nb::arg("handler").none());

    m.def("from_pretrained", &from_pretrained, nb::arg("path"), nb::arg("backend"), nb::arg("use_fast").none(),
          nb::arg("allow_fallback"), nb::arg("overrides_json"));
    m.def("set_num_threads", &set_cpu_threads, nb::arg("threads"));
    m.def("get_num_threads", &cpu_threads);
    m.def("registered_classes", [] { return Registry::global().class_names(); });
    m.def("registered_backends", [] { return Registry::global().backend_names(); });
    m.def("class_for_model_type", [](const std::string& model_type) {
        return Registry::global().class_for_model_type(model_type);
    });

    nb::class_<Processor>(m, "Processor")
        .def("__call__", &Processor::call, nb::arg("items"), nb::arg("samples").none(), nb::arg("options_json"),
             nb::arg("stack"))
        .def_prop_ro("class_name", [](const Processor& s) { return std::string(s.p.class_name()); })
        .def_prop_ro("backend", [](const Processor& s) { return std::string(s.p.backend_name()); })
        .def_prop_ro("requested_backend", [](const Processor& s) { return s.p.requested_backend(); })
        .def_prop_ro("fallback_reason", [](const Processor& s) { return s.p.fallback_reason(); })
        .def("option_names", [](const Processor& s) { return s.p.option_names(); })
        .def("to_json_string", [](const Processor& s) { return s.p.to_json_string(); })
        .def("effective_options_json",
             [](const Processor& s, const std::string& options_json) {
                 return s.p.effective_options(parse_options(options_json, "options")).dump_compact();
             })
        .def("save_pretrained",
             [](const Processor& s, const std::string& dir) {
                 nb::gil_scoped_release unlocked;
                 return s.p.save_pretrained(dir);
             })
        .def("image_token_count", [](const Processor& s, int height, int width, const std::string& options_json) {
            return s.p.image_token_count(height, width, parse_options(options_json, "options"));
        });
}
