// Byte-for-byte equality of outputs: same dtype, same shape, same bytes (so -0.0 != 0.0 and
// NaN payloads count), for one tensor and for every key of a BatchFeature, list or batched.
// What backend comparisons (CpuPolicy vs CudaPolicy) need; operator== on the values would
// call 0.0 and -0.0 equal. A test helper (tests and the GPU benchmark), not library API.
#pragma once

#include <cstring>
#include <type_traits>
#include <variant>

#include <pixelprep/core/batch_feature.hpp>

namespace pixelprep_test {

using pixelprep::BatchFeature;
using pixelprep::Tensor;

inline bool same_bits(const Tensor& a, const Tensor& b) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto& x) {
            const auto& y = std::get<std::decay_t<decltype(x)>>(b);
            using V = typename std::decay_t<decltype(x)>::value_type;
            return x.shape() == y.shape() && std::memcmp(x.data(), y.data(), x.size() * sizeof(V)) == 0;
        },
        a);
}

inline bool same_bits(const BatchFeature& a, const BatchFeature& b) {
    if (a.keys() != b.keys()) return false;
    for (const auto& key : a.keys()) {
        if (a.is_list(key) != b.is_list(key)) return false;
        if (!a.is_list(key)) {
            if (!same_bits(a.stacked(key), b.stacked(key))) return false;
            continue;
        }
        const auto& la = a.list(key);
        const auto& lb = b.list(key);
        if (la.size() != lb.size()) return false;
        for (std::size_t i = 0; i < la.size(); ++i)
            if (!same_bits(la[i], lb[i])) return false;
    }
    return true;
}

}  // namespace pixelprep_test
