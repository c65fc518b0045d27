// Conversions between JSON config values and typed option values, with the error
// messages transformers users expect: the key, the expected type, the value and the file.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/size_spec.hpp"

namespace pixelprep {

// A mean or std: transformers accepts a bare float (broadcast) or one value per channel.
struct ChannelValues {
    std::vector<double> values;
    bool scalar = false;
    // Which values a config wrote as JSON ints (empty: none). transformers keeps a config's
    // Python ints, so save_pretrained writes them back as ints ([0, 0, 0], not [0.0, ...]).
    std::vector<bool> written_as_int{};

    // The values for an image of `channels` channels: a bare float repeated, a list as it is
    // (whoever uses it checks its length against the channels, with its own words).
    std::vector<double> for_channels(int channels) const {
        if (scalar && !values.empty()) return std::vector<double>(std::size_t(channels > 0 ? channels : 0), values[0]);
        return values;
    }
    // The value of an option that takes one bare number only (a pad value); nullopt for a list.
    std::optional<double> number() const {
        if (scalar && values.size() == 1) return values[0];
        return std::nullopt;
    }
    friend bool operator==(const ChannelValues&, const ChannelValues&) = default;
};

// Where a value came from, for messages: "preprocessor_config.json: key 'size': ...".
struct DecodeContext {
    std::string source;           // file name, "per-call options" or "--set"
    bool default_to_square = true;  // how an int size is read (get_size_dict)
};

namespace detail {
inline std::string describe(const JsonValue& v) {
    std::string s = v.dump_compact();
    if (s.size() > 80) s = s.substr(0, 77) + "...";
    return s + " (" + v.type_name() + ")";
}
[[noreturn]] inline void bad_value(const DecodeContext& ctx, std::string_view key, const char* expected, const JsonValue& v,
                                   const std::string& why = {}) {
    throw ConfigError(ctx.source + ": key '" + std::string(key) + "': expected " + expected + ", got " + describe(v) +
                      (why.empty() ? "" : " (" + why + ")"));
}
// A positive side length that fits pixelprep's limits: at most 2^24 (max_image_side), or
// 2^30 for shortest_edge/longest_edge, which Qwen2-VL-style processors use as pixel counts
// (their min_pixels/max_pixels are folded there, capped at 2^30, and must load again).
inline int size_int(const DecodeContext& ctx, std::string_view key, const JsonValue& v, long long most = 1LL << 24) {
    if (!v.is_int()) bad_value(ctx, key, "an int size", v);
    const long long x = v.as_int();
    if (x < 0 || x > most)
        bad_value(ctx, key, most == (1LL << 24) ? "an int size in 0..16777216" : "an int size in 0..1073741824", v);
    return int(x);
}
}  // namespace detail

template <class T> struct ValueCodec;

template <> struct ValueCodec<bool> {
    static constexpr const char* type_name = "bool";
    static bool decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (!v.is_bool()) detail::bad_value(ctx, key, type_name, v);
        return v.as_bool();
    }
    static JsonValue encode(bool b) { return JsonValue(b); }
};

template <> struct ValueCodec<int> {
    static constexpr const char* type_name = "int";
    static int decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (!v.is_int() || v.as_int() < -(1LL << 31) || v.as_int() >= (1LL << 31)) detail::bad_value(ctx, key, type_name, v);
        return int(v.as_int());
    }
    static JsonValue encode(int i) { return JsonValue(i); }
};

template <> struct ValueCodec<long long> {
    static constexpr const char* type_name = "int";
    static long long decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (!v.is_int()) detail::bad_value(ctx, key, type_name, v);
        return v.as_int();
    }
    static JsonValue encode(long long i) { return JsonValue(i); }
};

template <> struct ValueCodec<double> {
    static constexpr const char* type_name = "float";
    static double decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (!v.is_number()) detail::bad_value(ctx, key, type_name, v);
        const double d = v.as_number();
        if (!std::isfinite(d)) detail::bad_value(ctx, key, "a finite float", v);
        return d;
    }
    static JsonValue encode(double d) { return JsonValue(d); }
};

template <> struct ValueCodec<std::string> {
    static constexpr const char* type_name = "str";
    static std::string decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (!v.is_string()) detail::bad_value(ctx, key, type_name, v);
        return v.as_string();
    }
    static JsonValue encode(const std::string& s) { return JsonValue(s); }
};

// PILImageResampling: an int code 0..5 (as configs store it) or a Pillow name.
template <> struct ValueCodec<Resample> {
    static constexpr const char* type_name = "a resampling filter (int 0..5 or a Pillow name)";
    static Resample decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        std::optional<Resample> r;
        if (v.is_int()) r = resample_from_code(v.as_int());
        else if (v.is_string()) r = resample_from_name(v.as_string());
        if (!r)
            detail::bad_value(ctx, key, type_name, v,
                              "0 NEAREST, 1 LANCZOS, 2 BILINEAR, 3 BICUBIC, 4 BOX, 5 HAMMING");
        return *r;
    }
    static JsonValue encode(Resample r) { return JsonValue(int(r)); }
};

template <> struct ValueCodec<ChannelValues> {
    static constexpr const char* type_name = "a float or a list of floats";
    static ChannelValues decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        ChannelValues out;
        const auto add = [&](const JsonValue& e) {
            out.values.push_back(ValueCodec<double>::decode(e, key, ctx));
            out.written_as_int.push_back(e.is_int());
        };
        if (v.is_number()) {
            add(v);
            out.scalar = true;
        } else {
            if (!v.is_array()) detail::bad_value(ctx, key, type_name, v);
            if (v.as_array().empty() || v.as_array().size() > 64)
                detail::bad_value(ctx, key, "a list of 1..64 floats", v);
            for (const auto& e : v.as_array()) add(e);
        }
        if (std::find(out.written_as_int.begin(), out.written_as_int.end(), true) == out.written_as_int.end())
            out.written_as_int.clear();  // all floats: the plain form
        return out;
    }
    static JsonValue encode(const ChannelValues& c) {
        const auto value = [&](std::size_t i) {
            const bool as_int = i < c.written_as_int.size() && c.written_as_int[i] && std::abs(c.values[i]) < 0x1p63;
            return as_int ? JsonValue(static_cast<long long>(c.values[i])) : JsonValue(c.values[i]);
        };
        if (c.scalar && c.values.size() == 1) return value(0);
        JsonValue::Array a;
        for (std::size_t i = 0; i < c.values.size(); ++i) a.push_back(value(i));
        return JsonValue(std::move(a));
    }
};

// get_size_dict: an int (square, or shortest_edge when default_to_square is false), a
// [height, width] list, or a dict with exactly one accepted key set.
template <> struct ValueCodec<SizeSpec> {
    static constexpr const char* type_name = "a size (int, [height, width] or a dict)";
    static SizeSpec decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (v.is_int()) return SizeSpec::from_int(detail::size_int(ctx, key, v), ctx.default_to_square);
        if (v.is_array()) {
            const auto& a = v.as_array();
            if (a.size() == 1) return SizeSpec::from_int(detail::size_int(ctx, key, a[0]), ctx.default_to_square);
            if (a.size() != 2) detail::bad_value(ctx, key, "a [height, width] list", v);
            return SizeSpec::exact(detail::size_int(ctx, key, a[0]), detail::size_int(ctx, key, a[1]));
        }
        if (!v.is_object()) detail::bad_value(ctx, key, type_name, v);
        SizeSpec s;
        for (const auto& [k, e] : v.as_object()) {
            const std::string sub = std::string(key) + "." + k;
            if (e.is_null()) continue;  // SizeDict fields default to None
            if (k == "height") s.height = detail::size_int(ctx, sub, e);
            else if (k == "width") s.width = detail::size_int(ctx, sub, e);
            else if (k == "shortest_edge") s.shortest_edge = detail::size_int(ctx, sub, e, 1LL << 30);
            else if (k == "longest_edge") s.longest_edge = detail::size_int(ctx, sub, e, 1LL << 30);
            else if (k == "max_height") s.max_height = detail::size_int(ctx, sub, e);
            else if (k == "max_width") s.max_width = detail::size_int(ctx, sub, e);
            else if (k == "min_pixels" || k == "max_pixels") {
                if (!e.is_int() || e.as_int() < 0 || e.as_int() > (1LL << 40))
                    detail::bad_value(ctx, sub, "a pixel count in 0..2^40", e);
                (k == "min_pixels" ? s.min_pixels : s.max_pixels) = e.as_int();
            } else
                detail::bad_value(ctx, key, "a size dict", v, "unknown size key '" + k + "'");
        }
        try {
            (void)s.form(std::string(key));
        } catch (const InvalidArgument& e) {
            throw ConfigError(ctx.source + ": " + e.what());
        }
        return s;
    }
    static JsonValue encode(const SizeSpec& s) {
        JsonValue::Object o;
        if (s.height) o["height"] = JsonValue(*s.height);
        if (s.width) o["width"] = JsonValue(*s.width);
        if (s.shortest_edge) o["shortest_edge"] = JsonValue(*s.shortest_edge);
        if (s.longest_edge) o["longest_edge"] = JsonValue(*s.longest_edge);
        if (s.max_height) o["max_height"] = JsonValue(*s.max_height);
        if (s.max_width) o["max_width"] = JsonValue(*s.max_width);
        if (s.min_pixels) o["min_pixels"] = JsonValue(*s.min_pixels);
        if (s.max_pixels) o["max_pixels"] = JsonValue(*s.max_pixels);
        return JsonValue(std::move(o));
    }
};

// A list of [height, width] pairs (LLaVA-NeXT's image_grid_pinpoints).
using Resolutions = std::vector<std::array<int, 2>>;

template <> struct ValueCodec<Resolutions> {
    static constexpr const char* type_name = "a list of [height, width] pairs";
    static Resolutions decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (!v.is_array() || v.as_array().empty() || v.as_array().size() > 4096)
            detail::bad_value(ctx, key, "a non-empty list of [height, width] pairs", v);
        Resolutions out;
        for (const auto& e : v.as_array()) {
            if (!e.is_array() || e.as_array().size() != 2) detail::bad_value(ctx, key, type_name, v, "each entry must be [height, width]");
            const int h = detail::size_int(ctx, key, e.as_array()[0]), w = detail::size_int(ctx, key, e.as_array()[1]);
            if (h <= 0 || w <= 0) detail::bad_value(ctx, key, type_name, v, "sides must be positive");
            out.push_back({h, w});
        }
        return out;
    }
    static JsonValue encode(const Resolutions& r) {
        JsonValue::Array a;
        for (const auto& hw : r) a.emplace_back(JsonValue::Array{JsonValue(hw[0]), JsonValue(hw[1])});
        return JsonValue(std::move(a));
    }
};

// Reads `--set KEY=VALUE` text: JSON when it parses as JSON, otherwise a bare string
// (so `--set resample=bicubic` works without quotes).
inline JsonValue parse_option_text(const std::string& text) {
    try {
        return parse_json(text, "--set value");
    } catch (const ConfigError&) {
        return JsonValue(text);
    }
}
}  // namespace pixelprep
