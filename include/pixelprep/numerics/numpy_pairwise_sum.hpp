// numpy's sum of a contiguous float32 or float64 array (np.add.reduce, numpy/_core/src/umath/
// loops_utils.h.src, pairwise_sum), accumulated in the array's own type: under 8 values one
// running sum from 0; up to 128 values eight running sums, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the
// remainder one by one; above that the two halves (the first a multiple of 8 long) summed
// separately. Checked against numpy 2.4 on 8,000 float64 arrays of 1..400 values and float32
// ones up to 30,000 (a C-contiguous array of any rank sums as its flat run): an array's first
// value is not the starting value, 0 is.
#pragma once

#include <cstddef>
#include <span>

namespace pixelprep::numerics {

template <class T> T numpy_pairwise_sum(std::span<const T> a) {
    const std::size_t n = a.size();
    if (n < 8) {
        T sum = 0;
        for (T v : a) sum += v;
        return sum;
    }
    if (n <= 128) {
        T r[8];
        for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
        std::size_t i = 8;
        for (; i < n - n % 8; i += 8)
            for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
        T sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) sum += a[i];
        return sum;
    }
    std::size_t half = n / 2;
    half -= half % 8;
    return numpy_pairwise_sum(a.first(half)) + numpy_pairwise_sum(a.subspan(half));
}

}  // namespace pixelprep::numerics
