// SizeSpec: transformers' SizeDict. Exactly one of the accepted key sets may be present.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"

namespace pixelprep {

struct SizeSpec {
    std::optional<int> height, width;
    std::optional<int> shortest_edge, longest_edge;
    std::optional<int> max_height, max_width;
    std::optional<long long> min_pixels, max_pixels;

    enum class Form { height_width, shortest_edge, shortest_longest, longest_edge, max_height_width, min_max_pixels };

    static SizeSpec exact(int h, int w) { SizeSpec s; s.height = h; s.width = w; return s; }
    static SizeSpec shortest(int se) { SizeSpec s; s.shortest_edge = se; return s; }
    static SizeSpec shortest_longest(int se, int le) { SizeSpec s; s.shortest_edge = se; s.longest_edge = le; return s; }
    static SizeSpec longest(int le) { SizeSpec s; s.longest_edge = le; return s; }
    static SizeSpec max_hw(int mh, int mw) { SizeSpec s; s.max_height = mh; s.max_width = mw; return s; }
    static SizeSpec pixels(long long lo, long long hi) { SizeSpec s; s.min_pixels = lo; s.max_pixels = hi; return s; }

    // transformers' convert_to_size_dict for an int: a square when default_to_square,
    // otherwise {shortest_edge}.
    static SizeSpec from_int(int s, bool default_to_square) { return default_to_square ? exact(s, s) : shortest(s); }

    // Names of the keys that are set, in SizeDict field order.
    std::vector<std::string> keys() const {
        std::vector<std::string> k;
        if (height) k.emplace_back("height");
        if (width) k.emplace_back("width");
        if (shortest_edge) k.emplace_back("shortest_edge");
        if (longest_edge) k.emplace_back("longest_edge");
        if (max_height) k.emplace_back("max_height");
        if (max_width) k.emplace_back("max_width");
        if (min_pixels) k.emplace_back("min_pixels");
        if (max_pixels) k.emplace_back("max_pixels");
        return k;
    }

    std::string to_string() const {
        std::string out = "{";
        auto add = [&](const char* name, auto v) {
            if (!v) return;
            if (out.size() > 1) out += ", ";
            out += std::string("'") + name + "': " + std::to_string(*v);
        };
        add("height", height); add("width", width);
        add("shortest_edge", shortest_edge); add("longest_edge", longest_edge);
        add("max_height", max_height); add("max_width", max_width);
        add("min_pixels", min_pixels); add("max_pixels", max_pixels);
        return out + "}";
    }

    // The form of this spec; throws when the key set is not one transformers accepts
    // (get_size_dict's VALID_SIZE_DICT_KEYS, exact match).
    Form form(const std::string& param_name = "size") const {
        const auto k = keys();
        auto is = [&](std::initializer_list<const char*> want) {
            if (k.size() != want.size()) return false;
            std::size_t i = 0;
            for (const char* w : want) if (k[i++] != w) return false;
            return true;
        };
        if (is({"height", "width"})) return Form::height_width;
        if (is({"shortest_edge"})) return Form::shortest_edge;
        if (is({"shortest_edge", "longest_edge"})) return Form::shortest_longest;
        if (is({"longest_edge"})) return Form::longest_edge;
        if (is({"max_height", "max_width"})) return Form::max_height_width;
        if (is({"min_pixels", "max_pixels"})) return Form::min_max_pixels;
        std::string got;
        for (const auto& s : k) got += (got.empty() ? "" : ", ") + ("'" + s + "'");
        throw InvalidArgument(param_name + " must have one of the following set of keys: "
                              "{'height', 'width'}, {'shortest_edge'}, {'shortest_edge', 'longest_edge'}, "
                              "{'longest_edge'}, {'max_height', 'max_width'}, {'min_pixels', 'max_pixels'}; got {" +
                              got + "}");
    }

    friend bool operator==(const SizeSpec&, const SizeSpec&) = default;
};

}  // namespace pixelprep
