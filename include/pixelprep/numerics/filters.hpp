// Pillow's resampling kernels (src/libImaging/Resample.c), evaluated in double exactly as
// Pillow evaluates them. Only the host evaluates them: CudaPolicy uploads the coefficient
// tables the host builds (numerics/coefficient_table.hpp), because the device's sin/cos are
// not correctly rounded. PIXELPREP_HD keeps them callable from device code all the same.
//
// Bit-exactness notes:
//  * HAMMING mixes the float literals 0.54f and 0.46f into double arithmetic, as Pillow does.
//  * BOX is half-open on the left: (-0.5, 0.5].
//  * LANCZOS tests -3 <= x < 3 (asymmetric), as Pillow does.
//  * Build with -ffp-contract=off: a fused multiply-add would change the last bit of a
//    weight and, rarely, a quantised coefficient.
#pragma once

#include <cmath>

#include "pixelprep/config.hpp"
#include "pixelprep/core/resample.hpp"

namespace pixelprep::numerics {

inline constexpr double pi = 3.14159265358979323846;  // M_PI

PIXELPREP_HD double box_kernel(double x) { return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0; }

PIXELPREP_HD double bilinear_kernel(double x) {
    if (x < 0.0) x = -x;
    return x < 1.0 ? 1.0 - x : 0.0;
}

PIXELPREP_HD double hamming_kernel(double x) {
    if (x < 0.0) x = -x;
    if (x == 0.0) return 1.0;
    if (x >= 1.0) return 0.0;
    x = x * pi;
    return std::sin(x) / x * (0.54f + 0.46f * std::cos(x));
}

PIXELPREP_HD double bicubic_kernel(double x) {
    constexpr double a = -0.5;  // Keys' cubic with a = -0.5 (Catmull-Rom)
    if (x < 0.0) x = -x;
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

PIXELPREP_HD double sinc(double x) {
    if (x == 0.0) return 1.0;
    x = x * pi;
    return std::sin(x) / x;
}

PIXELPREP_HD double lanczos_kernel(double x) {
    if (-3.0 <= x && x < 3.0) return sinc(x) * sinc(x / 3);
    return 0.0;
}

// Half-width of the kernel in source pixels before support scaling.
PIXELPREP_HD double filter_support(Resample r) {
    switch (r) {
        case Resample::box: return 0.5;
        case Resample::bilinear: return 1.0;
        case Resample::hamming: return 1.0;
        case Resample::bicubic: return 2.0;
        case Resample::lanczos: return 3.0;
        case Resample::nearest: return 0.0;  // NEAREST does not convolve
    }
    return 0.0;
}

PIXELPREP_HD double filter_kernel(Resample r, double x) {
    switch (r) {
        case Resample::box: return box_kernel(x);
        case Resample::bilinear: return bilinear_kernel(x);
        case Resample::hamming: return hamming_kernel(x);
        case Resample::bicubic: return bicubic_kernel(x);
        case Resample::lanczos: return lanczos_kernel(x);
        case Resample::nearest: return 0.0;
    }
    return 0.0;
}

}  // namespace pixelprep::numerics
