// An option that takes a list of strings or one string (OneFormer's task_inputs, where Python's
// loop over a bare string gives one task per character; Pix2Struct's header_text). A bare
// string is kept as given, so that it encodes back the same.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/core/utf8.hpp"
#include "pixelprep/options/value_codec.hpp"

namespace pixelprep {

struct TextList {
    std::vector<std::string> items;  // a bare string: its UTF-8 characters
    std::optional<std::string> given_as_string;
    friend bool operator==(const TextList&, const TextList&) = default;
};

template <> struct ValueCodec<TextList> {
    static constexpr const char* type_name = "list of str";
    static TextList decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        TextList out;
        if (v.is_string()) {
            out.given_as_string = v.as_string();
            out.items = utf8_characters(v.as_string());
            return out;
        }
        if (!v.is_array()) detail::bad_value(ctx, key, "a list of str (or a str)", v);
        for (const JsonValue& e : v.as_array()) {
            if (!e.is_string()) detail::bad_value(ctx, key, "a list of str", v, "an element is not a str");
            out.items.push_back(e.as_string());
        }
        return out;
    }
    static JsonValue encode(const TextList& t) {
        if (t.given_as_string) return JsonValue(*t.given_as_string);
        JsonValue::Array a;
        for (const std::string& s : t.items) a.emplace_back(s);
        return JsonValue(std::move(a));
    }
};

}  // namespace pixelprep
