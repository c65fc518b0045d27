#include "npy_summary.hpp"

#include <algorithm>
#include <limits>

namespace pixelprep::cli {

TensorStats describe(const Tensor& t) {
    TensorStats s;
    s.dtype = tensor_dtype(t);
    s.shape = shape_string(tensor_shape(t));
    std::visit(
        [&](const auto& a) {
            if (a.size() == 0) return;
            double lo = std::numeric_limits<double>::infinity(), hi = -lo, sum = 0;
            for (auto v : a) {
                const double d = double(v);
                lo = std::min(lo, d);
                hi = std::max(hi, d);
                sum += d;
            }
            s.min = lo;
            s.max = hi;
            s.mean = sum / double(a.size());
        },
        t);
    return s;
}

}  // namespace pixelprep::cli
