// ImageGPT's `clusters`: the colour palette its pixels are quantized to, n rows of (r, g, b) in
// the normalized value space. transformers keeps np.array(clusters): all JSON ints give an
// int64 array, anything else float64, and to_dict writes it back with tolist() -- ints as ints,
// or every value as a float (1 becomes 1.0). `written_as_int` keeps that for save_pretrained.
#pragma once

#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/options/value_codec.hpp"

namespace pixelprep {

struct ColorClusters {
    std::vector<std::array<double, 3>> rgb;
    bool written_as_int = false;
    friend bool operator==(const ColorClusters&, const ColorClusters&) = default;
};

template <> struct ValueCodec<ColorClusters> {
    static constexpr const char* type_name = "a list of [r, g, b] lists of numbers";
    static ColorClusters decode(const JsonValue& v, std::string_view key, const DecodeContext& ctx) {
        if (!v.is_array()) detail::bad_value(ctx, key, type_name, v);
        ColorClusters out;
        bool all_ints = true;
        for (const JsonValue& row : v.as_array()) {
            if (!row.is_array() || row.as_array().size() != 3)
                detail::bad_value(ctx, key, type_name, v, "every cluster is a list of 3 numbers (r, g, b)");
            std::array<double, 3> c{};
            for (std::size_t k = 0; k < 3; ++k) {
                const JsonValue& e = row.as_array()[k];
                if (!e.is_number() || !std::isfinite(e.as_number()))
                    detail::bad_value(ctx, key, type_name, v, "a cluster holds a value that is not a finite number");
                // An int beyond 2^53 would not keep its value as a double (numpy would keep it as int64).
                if (e.is_int() && (e.as_int() > (1LL << 53) || e.as_int() < -(1LL << 53)))
                    detail::bad_value(ctx, key, type_name, v, "a cluster value is beyond 2^53");
                all_ints = all_ints && e.is_int();
                c[k] = e.as_number();
            }
            out.rgb.push_back(c);
        }
        out.written_as_int = all_ints && !out.rgb.empty();
        return out;
    }
    static JsonValue encode(const ColorClusters& c) {
        JsonValue::Array rows;
        for (const auto& rgb : c.rgb) {
            JsonValue::Array row;
            // Built in place: GCC 12 warned (-Wmaybe-uninitialized, a false positive) about
            // moving the temporary a conditional expression made into the vector.
            for (double x : rgb) {
                if (c.written_as_int)
                    row.emplace_back(static_cast<long long>(x));
                else
                    row.emplace_back(x);
            }
            rows.emplace_back(std::move(row));
        }
        return JsonValue(std::move(rows));
    }
};

}  // namespace pixelprep
