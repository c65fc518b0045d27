// rescale and normalize as the PIL backend computes them with numpy:
//   rescale:   float32(float64(x) * factor)
//   normalize: (x - float32(mean[c])) / float32(std[c]) in float32
// Each channel plane is mapped as an Eigen array; Eigen's vectorised subtract and divide
// are IEEE-exact per element, so the bits equal numpy's.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/numerics/channel_values.hpp"
#include "pixelprep/numerics/pixel_math.hpp"

namespace pixelprep::cpu {

template <class T> ImageF32 rescale(const Image<T>& img, double factor) {
    ImageF32 out(img.height(), img.width(), img.channels(), img.layout(), uninitialized);
    const Eigen::Index n = Eigen::Index(img.size());
    Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>> in(img.data(), n);
    Eigen::Map<Eigen::ArrayXf> dst(out.data(), n);
    dst = (in.template cast<double>() * factor).template cast<float>();
    return out;
}


// Per-channel mean/std; their lengths must equal the channel count.
inline ImageF32 normalize(ImageF32 img, std::span<const double> mean, std::span<const double> std_dev) {
    const std::vector<float> m = numerics::per_channel(mean, img.channels(), "mean");
    const std::vector<float> s = numerics::per_channel(std_dev, img.channels(), "std");
    const int C = img.channels();
    const Eigen::Index plane = Eigen::Index(img.height()) * img.width();
    if (img.layout() == Layout::chw) {
        for (int c = 0; c < C; ++c) {
            Eigen::Map<Eigen::ArrayXf> p(img.data() + c * plane, plane);
            p = (p - m[std::size_t(c)]) / s[std::size_t(c)];
        }
    } else {
        Eigen::Map<Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic>> p(img.data(), C, plane);
        for (int c = 0; c < C; ++c) p.row(c) = (p.row(c) - m[std::size_t(c)]) / s[std::size_t(c)];
    }
    return img;
}

// Scalar mean/std, broadcast over every channel (transformers accepts a bare float).
inline ImageF32 normalize(ImageF32 img, double mean, double std_dev) {
    const std::vector<double> m(std::size_t(img.channels()), mean), s(std::size_t(img.channels()), std_dev);
    return normalize(std::move(img), m, s);
}

// A uint8 image is cast to float32 first, as numpy's normalize does.
inline ImageF32 normalize(const ImageU8& img, std::span<const double> mean, std::span<const double> std_dev) {
    return normalize(rescale(img, 1.0), mean, std_dev);
}

}  // namespace pixelprep::cpu
