// The options of classes whose resize rounds the output to a multiple of `size_divisor`
// (TextNet rounds up, GLPN down), and the check their resize needs before dividing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/field_list.hpp"

namespace pixelprep {

struct SizeDivisorOptions : CommonOptions {
    std::optional<int> size_divisor;
    static constexpr auto fields() {
        return concat_fields(common_fields<SizeDivisorOptions>(),
                              make_fields(OptionField<SizeDivisorOptions, int>{"size_divisor", &SizeDivisorOptions::size_divisor}));
    }
    friend bool operator==(const SizeDivisorOptions&, const SizeDivisorOptions&) = default;
};

// The divisor, refused where Python would fail on it (None: a TypeError; 0: ZeroDivisionError)
// or give a size no resize can make (a negative divisor).
inline int positive_size_divisor(const SizeDivisorOptions& o, std::string_view class_name) {
    if (!o.size_divisor || *o.size_divisor <= 0)
        throw InvalidArgument(std::string(class_name) + ": key 'size_divisor': " +
                              (o.size_divisor ? std::to_string(*o.size_divisor) : std::string("None")) +
                              " cannot divide a size; it must be a positive integer");
    return *o.size_divisor;
}

}  // namespace pixelprep
