// Generic operations over an option struct O that exposes `static constexpr auto fields()`
// (a FieldList, options/field_list.hpp):
// decode from a JSON object, overlay, encode, list names. Written once for every model.
#pragma once

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/value_codec.hpp"

namespace pixelprep {

// The built-in models return a FieldList; a std::tuple of fields (what docs/extending.md showed
// before FieldList existed) still works for a user's model.
template <class O, class F> void for_each_field(F&& f) {
    const auto fields = O::fields();
    if constexpr (requires { fields.for_each(f); })
        fields.for_each(f);
    else
        std::apply([&](const auto&... field) { (f(field), ...); }, fields);
}

template <class O> std::vector<std::string> option_names() {
    std::vector<std::string> names;
    for_each_field<O>([&](const auto& field) { names.emplace_back(field.name); });
    return names;
}

template <class O> bool is_option_name(std::string_view name) {
    bool found = false;
    for_each_field<O>([&](const auto& field) { found = found || field.name == name; });
    return found;
}

// Later values win: every field set in `top` replaces the one in `base`.
template <class O> void overlay(O& base, const O& top) {
    for_each_field<O>([&](const auto& field) {
        if ((top.*field.member).has_value()) base.*field.member = top.*field.member;
    });
}

// Keys of a JSON object that are not options of O, nor routing keys.
template <class O> std::vector<std::string> unknown_keys(const JsonValue::Object& obj) {
    std::vector<std::string> unknown;
    for (const auto& [k, v] : obj) {
        const bool routing = std::find(std::begin(config_routing_keys), std::end(config_routing_keys), k) !=
                             std::end(config_routing_keys);
        if (!routing && !is_option_name<O>(k)) unknown.push_back(k);
    }
    return unknown;
}

// Decodes the option keys of `obj` (others are the caller's business). `default_to_square`
// is the value in force before this object, used to read an int `size` unless `obj` sets its own.
// A JSON null is Python's None: it is not a value, but it does replace the default (transformers
// keeps an explicit None), so its name is added to `null_keys` for the caller to clear.
template <class O> O decode_options(const JsonValue::Object& obj, DecodeContext ctx,
                                    std::vector<std::string>* null_keys = nullptr) {
    if (auto it = obj.find("default_to_square"); it != obj.end() && !it->second.is_null())
        ctx.default_to_square = ValueCodec<bool>::decode(it->second, "default_to_square", ctx);
    O out{};
    for_each_field<O>([&](const auto& field) {
        using T = typename std::decay_t<decltype(field)>::value_type;
        auto it = obj.find(std::string(field.name));
        if (it == obj.end()) return;
        if (it->second.is_null()) {
            if (null_keys) null_keys->emplace_back(field.name);
            return;
        }
        DecodeContext field_ctx = ctx;
        // get_size_dict's default (square) for every size but `size` itself
        if (field.name != "size") field_ctx.default_to_square = true;
        out.*field.member = ValueCodec<T>::decode(it->second, field.name, field_ctx);
    });
    if (out.input_data_format && *out.input_data_format != "channels_first" && *out.input_data_format != "channels_last")
        throw ConfigError(ctx.source + ": key 'input_data_format': expected \"channels_first\" or \"channels_last\", got \"" +
                          *out.input_data_format + "\"");
    return out;
}

// Sets the named fields to None (unset).
template <class O> void clear_fields(O& o, const std::vector<std::string>& names) {
    for_each_field<O>([&](const auto& field) {
        if (std::find(names.begin(), names.end(), field.name) != names.end()) (o.*field.member).reset();
    });
}

// Every set field as JSON (the shape transformers' to_dict gives it).
template <class O> JsonValue::Object encode_options(const O& o) {
    JsonValue::Object obj;
    for_each_field<O>([&](const auto& field) {
        using T = typename std::decay_t<decltype(field)>::value_type;
        if ((o.*field.member).has_value()) obj[std::string(field.name)] = ValueCodec<T>::encode(*(o.*field.member));
    });
    return obj;
}

// Call-time options given by name (API or --set). Unknown names are errors that list the
// valid ones; nothing is silently ignored.
template <class O>
O decode_call_options(const JsonValue::Object& named, const O& current, const std::string& source,
                      std::vector<std::string>* null_keys = nullptr) {
    for (const auto& [k, v] : named) {
        if (is_option_name<O>(k)) continue;
        const bool no_op = std::find(std::begin(call_time_no_op_options), std::end(call_time_no_op_options), k) !=
                           std::end(call_time_no_op_options);
        if (!no_op) {
            std::string valid;
            for (const auto& n : option_names<O>()) valid += (valid.empty() ? "" : ", ") + n;
            throw InvalidArgument(source + ": unknown option '" + k + "'; valid options are: " + valid);
        }
        if (k == "data_format" && !(v.is_null() || (v.is_string() && v.as_string() == "channels_first")))
            throw InvalidArgument(source + ": data_format=" + v.dump_compact() +
                                  " is not supported: transformers' backends always return channels_first");
        if (k == "return_tensors" && !(v.is_null() || (v.is_string() && (v.as_string() == "np" || v.as_string() == "pt"))))
            throw InvalidArgument(source + ": return_tensors=" + v.dump_compact() + " must be \"np\", \"pt\" or null");
    }
    DecodeContext ctx{source, current.default_to_square.value_or(true)};
    return decode_options<O>(named, ctx, null_keys);
}

}  // namespace pixelprep
