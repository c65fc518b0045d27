// How recipes call a backend's image operations: op::resize<B>(...) and the rest, instead of
// B::resize(...). A backend provides the operations it accelerates; when a recipe needs one
// the backend lacks, compilation stops here with a sentence naming the operation, its
// signature and the two ways out, instead of an error deep inside the recipe. (Derive the
// backend from pixelprep::BackendDefaults<Backend>, pixelprep/backend_defaults.hpp, and every
// operation it does not define runs on the host, with CpuPolicy's implementation.)
#pragma once

#include <concepts>
#include <span>

#include <xtensor/xarray.hpp>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/geometry/output_size.hpp"

namespace pixelprep::op {

namespace detail {
template <class> inline constexpr bool lacks_operation = false;  // dependent, so only a used branch fires
}

template <class B> WorkingImage resize(const WorkingImage& img, geometry::HeightWidth size, Resample filter) {
    if constexpr (requires { { B::resize(img, size, filter) } -> std::convertible_to<WorkingImage>; })
        return B::resize(img, size, filter);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe resizes, and the backend has no `static WorkingImage resize(const "
                      "WorkingImage&, geometry::HeightWidth, Resample)`: define it, or derive the backend from "
                      "pixelprep::BackendDefaults<Backend> to run it on the host");
}

template <class B> WorkingImage center_crop(const WorkingImage& img, int height, int width) {
    if constexpr (requires { { B::center_crop(img, height, width) } -> std::convertible_to<WorkingImage>; })
        return B::center_crop(img, height, width);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe center-crops, and the backend has no `static WorkingImage center_crop(const "
                      "WorkingImage&, int height, int width)`: define it, or derive the backend from "
                      "pixelprep::BackendDefaults<Backend> to run it on the host");
}

template <class B> WorkingImage rescale(const WorkingImage& img, double factor) {
    if constexpr (requires { { B::rescale(img, factor) } -> std::convertible_to<WorkingImage>; })
        return B::rescale(img, factor);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe rescales, and the backend has no `static ImageF32 rescale(const "
                      "WorkingImage&, double)`: define it, or derive the backend from "
                      "pixelprep::BackendDefaults<Backend> to run it on the host");
}

template <class B>
WorkingImage normalize(const WorkingImage& img, std::span<const double> mean, std::span<const double> std_dev) {
    if constexpr (requires { { B::normalize(img, mean, std_dev) } -> std::convertible_to<WorkingImage>; })
        return B::normalize(img, mean, std_dev);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe normalizes, and the backend has no `static ImageF32 normalize(const "
                      "WorkingImage&, std::span<const double> mean, std::span<const double> std)`: define it, or "
                      "derive the backend from pixelprep::BackendDefaults<Backend> to run it on the host");
}

template <class B> WorkingImage pad(const WorkingImage& img, int height, int width) {
    if constexpr (requires { { B::pad(img, height, width) } -> std::convertible_to<WorkingImage>; })
        return B::pad(img, height, width);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe pads, and the backend has no `static WorkingImage pad(const "
                      "WorkingImage&, int height, int width)`: define it, or derive the backend from "
                      "pixelprep::BackendDefaults<Backend> to run it on the host");
}

template <class B> WorkingImage crop(const WorkingImage& img, int top, int left, int height, int width) {
    if constexpr (requires { { B::crop(img, top, left, height, width) } -> std::convertible_to<WorkingImage>; })
        return B::crop(img, top, left, height, width);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe crops, and the backend has no `static WorkingImage crop(const "
                      "WorkingImage&, int top, int left, int height, int width)`: define it, or derive the backend "
                      "from pixelprep::BackendDefaults<Backend> to run it on the host");
}

template <class B> WorkingImage pad_centered(const WorkingImage& img, int height, int width) {
    if constexpr (requires { { B::pad_centered(img, height, width) } -> std::convertible_to<WorkingImage>; })
        return B::pad_centered(img, height, width);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe pads to a centred canvas, and the backend has no `static WorkingImage "
                      "pad_centered(const WorkingImage&, int height, int width)`: define it, or derive the backend "
                      "from pixelprep::BackendDefaults<Backend> to run it on the host");
}

template <class B> Array<float> patchify(const WorkingImage& img, int patch, int merge, int temporal) {
    if constexpr (requires { { B::patchify(img, patch, merge, temporal) } -> std::same_as<Array<float>>; })
        return B::patchify(img, patch, merge, temporal);
    else
        static_assert(detail::lacks_operation<B>,
                      "pixelprep: the recipe cuts Qwen2-VL patches, and the backend has no `static Array<float> "
                      "patchify(const WorkingImage&, int patch, int merge, int temporal)`: define it, or derive the "
                      "backend from pixelprep::BackendDefaults<Backend> to run it on the host");
}

}  // namespace pixelprep::op
