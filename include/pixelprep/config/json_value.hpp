// A small JSON value tree with Python's json.dumps(indent=2, sort_keys=True) output, so a
// config that pixelprep saves is byte-identical to the one transformers saves. Parsing
// (simdjson) is compiled in src/config/json_parse.cpp.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/core/errors.hpp"

namespace pixelprep {

class JsonValue {
public:
    using Array = std::vector<JsonValue>;
    using Object = std::map<std::string, JsonValue>;  // sorted, as json.dumps(sort_keys=True)

    JsonValue() : v_(nullptr) {}
    JsonValue(std::nullptr_t) : v_(nullptr) {}
    JsonValue(bool b) : v_(b) {}
    JsonValue(int i) : v_(static_cast<long long>(i)) {}
    JsonValue(long long i) : v_(i) {}
    JsonValue(double d) : v_(d) {}
    JsonValue(const char* s) : v_(std::string(s)) {}
    JsonValue(std::string s) : v_(std::move(s)) {}
    JsonValue(Array a) : v_(std::move(a)) {}
    JsonValue(Object o) : v_(std::move(o)) {}

    bool is_null() const { return std::holds_alternative<std::nullptr_t>(v_); }
    bool is_bool() const { return std::holds_alternative<bool>(v_); }
    bool is_int() const { return std::holds_alternative<long long>(v_); }
    bool is_double() const { return std::holds_alternative<double>(v_); }
    bool is_number() const { return is_int() || is_double(); }
    bool is_string() const { return std::holds_alternative<std::string>(v_); }
    bool is_array() const { return std::holds_alternative<Array>(v_); }
    bool is_object() const { return std::holds_alternative<Object>(v_); }

    bool as_bool() const { return std::get<bool>(v_); }
    long long as_int() const { return std::get<long long>(v_); }
    double as_number() const { return is_int() ? double(as_int()) : std::get<double>(v_); }
    const std::string& as_string() const { return std::get<std::string>(v_); }
    const Array& as_array() const { return std::get<Array>(v_); }
    Array& as_array() { return std::get<Array>(v_); }
    const Object& as_object() const { return std::get<Object>(v_); }
    Object& as_object() { return std::get<Object>(v_); }

    // Object access; nullptr when absent or not an object.
    const JsonValue* find(const std::string& key) const {
        if (!is_object()) return nullptr;
        auto it = as_object().find(key);
        return it == as_object().end() ? nullptr : &it->second;
    }

    // Python's name for the type, for error messages ("expected a list, got str").
    const char* type_name() const {
        switch (v_.index()) {
            case 0: return "null";
            case 1: return "bool";
            case 2: return "int";
            case 3: return "float";
            case 4: return "str";
            case 5: return "list";
            default: return "dict";
        }
    }

    friend bool operator==(const JsonValue&, const JsonValue&) = default;

    // json.dumps(value, indent=2, sort_keys=True) (ensure_ascii, allow_nan as Python does).
    std::string dump_python(int indent = 2) const {
        std::string out;
        dump_to(out, indent, 0);
        return out;
    }

    // Compact single-line form for messages: {"a": 1, "b": [1, 2]}.
    std::string dump_compact() const {
        std::string out;
        dump_to(out, -1, 0);
        return out;
    }

private:
    std::variant<std::nullptr_t, bool, long long, double, std::string, Array, Object> v_;

    static void newline(std::string& out, int indent, int depth) {
        out += '\n';
        out.append(std::size_t(indent * depth), ' ');
    }

    void dump_to(std::string& out, int indent, int depth) const;
};

// Python's repr(float): shortest round-trip digits, fixed notation for exponents in
// [-4, 16), otherwise d.ddde+XX; integral values keep ".0".
inline std::string python_float_repr(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    std::string sign;
    if (!sci.empty() && sci[0] == '-') {
        sign = "-";
        sci.erase(0, 1);
    }
    const auto epos = sci.find('e');
    std::string digits = sci.substr(0, epos);
    const int exp10 = std::stoi(sci.substr(epos + 1));
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    const int ndigits = int(digits.size());
    const int decpt = exp10 + 1;  // the decimal point sits after `decpt` digits
    std::string out = sign;
    if (decpt <= -4 || decpt > 16) {
        out += digits[0];
        if (ndigits > 1) out += "." + digits.substr(1);
        const int e = decpt - 1;
        out += e < 0 ? "e-" : "e+";
        const std::string ed = std::to_string(e < 0 ? -e : e);
        out += (ed.size() < 2 ? "0" : "") + ed;
    } else if (decpt <= 0) {
        out += "0." + std::string(std::size_t(-decpt), '0') + digits;
    } else if (decpt < ndigits) {
        out += digits.substr(0, std::size_t(decpt)) + "." + digits.substr(std::size_t(decpt));
    } else {
        out += digits + std::string(std::size_t(decpt - ndigits), '0') + ".0";
    }
    return out;
}

namespace detail {
// json.dumps string escaping with ensure_ascii=True.
inline void append_json_string(std::string& out, const std::string& s) {
    out += '"';
    auto hex4 = [&](unsigned v) {
        static const char* digits = "0123456789abcdef";
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += digits[(v >> shift) & 0xF];
    };
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                default:
                    if (c < 0x20) hex4(c);
                    else out += char(c);
            }
            ++i;
            continue;
        }
        // Decode one UTF-8 sequence (validated by the parser) and escape it as UTF-16.
        unsigned cp = 0;
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        cp = c & (0x3F >> extra);
        for (int k = 1; k <= extra && i + std::size_t(k) < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + std::size_t(k)]) & 0x3F);
        i += std::size_t(extra) + 1;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            hex4(0xD800 + (cp >> 10));
            hex4(0xDC00 + (cp & 0x3FF));
        } else {
            hex4(cp);
        }
    }
    out += '"';
}
}  // namespace detail

inline void JsonValue::dump_to(std::string& out, int indent, int depth) const {
    switch (v_.index()) {
        case 0: out += "null"; return;
        case 1: out += as_bool() ? "true" : "false"; return;
        case 2: out += std::to_string(as_int()); return;
        case 3: out += python_float_repr(std::get<double>(v_)); return;
        case 4: detail::append_json_string(out, as_string()); return;
        case 5: {
            const Array& a = as_array();
            if (a.empty()) { out += "[]"; return; }
            out += '[';
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (i) out += indent >= 0 ? "," : ", ";
                if (indent >= 0) newline(out, indent, depth + 1);
                a[i].dump_to(out, indent, depth + 1);
            }
            if (indent >= 0) newline(out, indent, depth);
            out += ']';
            return;
        }
        default: {
            const Object& o = as_object();
            if (o.empty()) { out += "{}"; return; }
            out += '{';
            bool first = true;
            for (const auto& [k, v] : o) {
                if (!first) out += indent >= 0 ? "," : ", ";
                first = false;
                if (indent >= 0) newline(out, indent, depth + 1);
                detail::append_json_string(out, k);
                out += ": ";
                v.dump_to(out, indent, depth + 1);
            }
            if (indent >= 0) newline(out, indent, depth);
            out += '}';
            return;
        }
    }
}

// Parses JSON text (simdjson). `source` names the file in error messages.
JsonValue parse_json(std::string_view text, const std::string& source);
// Reads and parses a file; errors name the path.
JsonValue read_json_file(const std::string& path);

}  // namespace pixelprep
