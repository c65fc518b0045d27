// CudaPolicy's rescale and normalize: cpu::rescale / cpu::normalize on the device. mean and
// std are checked and rounded to float32 on the host by the CPU backend's own helper.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/cuda/launchers.hpp"
#include "pixelprep/numerics/channel_values.hpp"

namespace pixelprep::cuda {

inline ImageF32 rescale(const ImageU8& img, double factor) {
    ImageF32 out(img.height(), img.width(), img.channels(), img.layout());
    launch::rescale_u8(img.data(), img.size(), factor, out.data());
    return out;
}

inline ImageF32 rescale(const ImageF32& img, double factor) {
    ImageF32 out(img.height(), img.width(), img.channels(), img.layout());
    launch::rescale_f32(img.data(), img.size(), factor, out.data());
    return out;
}

inline ImageF32 normalize(const ImageF32& img, std::span<const double> mean, std::span<const double> std_dev) {
    const std::vector<float> m = numerics::per_channel(mean, img.channels(), "mean");
    const std::vector<float> s = numerics::per_channel(std_dev, img.channels(), "std");
    ImageF32 out(img.height(), img.width(), img.channels(), img.layout());
    launch::normalize_f32(img.data(), shape_of(img), m.data(), s.data(), out.data());
    return out;
}

inline ImageF32 normalize(const ImageU8& img, std::span<const double> mean, std::span<const double> std_dev) {
    const std::vector<float> m = numerics::per_channel(mean, img.channels(), "mean");
    const std::vector<float> s = numerics::per_channel(std_dev, img.channels(), "std");
    ImageF32 out(img.height(), img.width(), img.channels(), img.layout());
    launch::normalize_u8(img.data(), shape_of(img), m.data(), s.data(), out.data());
    return out;
}

}  // namespace pixelprep::cuda
