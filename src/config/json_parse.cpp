// simdjson-backed parser for JsonValue. Kept in a compiled file: simdjson is a compiled
// library and a heavy header, and nvcc cannot compile it (see docs).
#include <fstream>
#include <sstream>

#include <simdjson.h>

#include "pixelprep/config/json_value.hpp"

namespace pixelprep {

namespace {

// Configs are tiny; this depth bound only stops hostile input from recursing forever.
constexpr int max_depth = 64;

JsonValue convert(simdjson::dom::element e, const std::string& source, int depth) {
    if (depth > max_depth) throw ConfigError(source + ": JSON nesting deeper than " + std::to_string(max_depth));
    switch (e.type()) {
        case simdjson::dom::element_type::NULL_VALUE: return JsonValue(nullptr);
        case simdjson::dom::element_type::BOOL: return JsonValue(bool(e.get_bool()));
        case simdjson::dom::element_type::INT64: return JsonValue(static_cast<long long>(int64_t(e.get_int64())));
        case simdjson::dom::element_type::UINT64:
            throw ConfigError(source + ": integer " + std::to_string(uint64_t(e.get_uint64())) + " is too large");
        case simdjson::dom::element_type::DOUBLE: return JsonValue(double(e.get_double()));
        case simdjson::dom::element_type::STRING: return JsonValue(std::string(std::string_view(e.get_string())));
        case simdjson::dom::element_type::ARRAY: {
            JsonValue::Array a;
            for (simdjson::dom::element child : e.get_array()) a.push_back(convert(child, source, depth + 1));
            return JsonValue(std::move(a));
        }
        case simdjson::dom::element_type::OBJECT: {
            JsonValue::Object o;
            for (auto field : e.get_object())  // a repeated key keeps its last value, as Python's json does
                o[std::string(field.key)] = convert(field.value, source, depth + 1);
            return JsonValue(std::move(o));
        }
    }
    throw ConfigError(source + ": unsupported JSON value");
}

}  // namespace

JsonValue parse_json(std::string_view text, const std::string& source) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(text);
    simdjson::dom::element root;
    const auto error = parser.parse(padded).get(root);
    if (error) throw ConfigError(source + ": malformed JSON (" + simdjson::error_message(error) + ")");
    return convert(root, source, 0);
}

JsonValue read_json_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open the file");
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    if (text.size() > (std::size_t(16) << 20)) throw ConfigError(path + ": config file larger than 16 MiB");
    return parse_json(text, path);
}

}  // namespace pixelprep
