// The characters of a UTF-8 string, as Python sees them (code points): what iterating a str
// gives (OneFormer's task_inputs given as one string) and what numpy stores for a str array
// (one UTF-32 unit per code point). The strings come from JSON or Python, both valid UTF-8;
// a malformed sequence is refused rather than guessed at.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/core/errors.hpp"

namespace pixelprep {

// The byte length of the UTF-8 sequence that starts with `lead`, or 0 for a byte that cannot
// start one.
constexpr int utf8_sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 0;
}

// Each character of `s` as its own UTF-8 string.
inline std::vector<std::string> utf8_characters(std::string_view s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        const int n = utf8_sequence_length(static_cast<unsigned char>(s[i]));
        if (n == 0 || i + std::size_t(n) > s.size())
            throw InvalidArgument("not valid UTF-8 at byte " + std::to_string(i) + " of a " + std::to_string(s.size()) +
                                  "-byte string");
        out.emplace_back(s.substr(i, std::size_t(n)));
        i += std::size_t(n);
    }
    return out;
}

// The code points of `s` (UTF-32).
inline std::u32string utf8_code_points(std::string_view s) {
    std::u32string out;
    for (const std::string& ch : utf8_characters(s)) {
        const auto* b = reinterpret_cast<const unsigned char*>(ch.data());
        char32_t cp = ch.size() == 1 ? b[0] : b[0] & (0x7F >> ch.size());
        for (std::size_t k = 1; k < ch.size(); ++k) cp = (cp << 6) | (b[k] & 0x3F);
        out.push_back(cp);
    }
    return out;
}

}  // namespace pixelprep
