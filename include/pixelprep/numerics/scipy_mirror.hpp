// scipy.ndimage's "mirror" boundary (src/ni_support.c, ni_interpolation.c): a line of n pixels
// reflected about its end pixels (d c b | a b c d | c b a), periodic with period 2n - 2; a line
// of one pixel repeats it. One rule for the Gaussian filter's line extension and the zoom's taps.
#pragma once

namespace pixelprep::numerics {

// The source index of position p.
inline long long scipy_mirror_index(long long p, long long n) {
    if (n <= 1) return 0;
    const long long period = 2 * n - 2;
    long long q = p % period;
    if (q < 0) q += period;
    return q < n ? q : period - q;
}

}  // namespace pixelprep::numerics
