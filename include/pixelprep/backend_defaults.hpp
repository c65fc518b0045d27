// BackendDefaults<Backend>: what a backend gets for every step it does not provide.
//
//   struct MyBackend : pixelprep::BackendDefaults<MyBackend> {
//       static constexpr std::string_view name = "mine";
//       static WorkingImage resize(const WorkingImage&, geometry::HeightWidth, Resample);  // accelerated
//   };
//
// A backend implements only what it accelerates (CRTP: a member it defines hides the
// default of the same name). The documented fallbacks:
//  * process_image: the shared host conversion of an input (process_input_image), as
//    CpuPolicy and CudaPolicy do it;
//  * preprocess: transformers' generic pipeline (steps::generic) over the backend's own
//    operations, so an accelerated resize serves every generic model too;
//  * the image operations (resize, center_crop, rescale, normalize, pad, crop, pad_centered,
//    patchify): CpuPolicy's, on the host. Every one gives CpuPolicy's bits.
// A backend that does not derive from this and lacks an operation a recipe uses stops
// compilation with a sentence naming it (pipeline/backend_ops.hpp).
#pragma once

#include <span>
#include <vector>

#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/process_image.hpp"
#include "pixelprep/cpu_policy.hpp"
#include "pixelprep/pipeline/steps.hpp"
#include "pixelprep/processor/concepts.hpp"

namespace pixelprep {

template <class Backend> struct BackendDefaults {
    static WorkingImage process_image(const InputImage& input, const ProcessImageOptions& options) {
        return process_input_image(input, options);
    }
    static BatchFeature preprocess(std::vector<WorkingImage> images, const CommonOptions& options) {
        return steps::generic<Backend>(std::move(images), options);
    }

    static WorkingImage resize(const WorkingImage& img, geometry::HeightWidth size, Resample filter) {
        return CpuPolicy::resize(img, size, filter);
    }
    static WorkingImage center_crop(const WorkingImage& img, int height, int width) {
        return CpuPolicy::center_crop(img, height, width);
    }
    static ImageF32 rescale(const WorkingImage& img, double factor) { return CpuPolicy::rescale(img, factor); }
    static ImageF32 normalize(const WorkingImage& img, std::span<const double> mean, std::span<const double> std_dev) {
        return CpuPolicy::normalize(img, mean, std_dev);
    }
    static WorkingImage pad(const WorkingImage& img, int height, int width) { return CpuPolicy::pad(img, height, width); }
    static WorkingImage crop(const WorkingImage& img, int top, int left, int height, int width) {
        return CpuPolicy::crop(img, top, left, height, width);
    }
    static WorkingImage pad_centered(const WorkingImage& img, int height, int width) {
        return CpuPolicy::pad_centered(img, height, width);
    }
    static Array<float> patchify(const WorkingImage& img, int patch, int merge, int temporal) {
        return CpuPolicy::patchify(img, patch, merge, temporal);
    }
};

namespace detail {
struct DefaultsOnlyBackend : BackendDefaults<DefaultsOnlyBackend> {
    static constexpr std::string_view name = "defaults-only";
};
}  // namespace detail
static_assert(BackendPolicy<detail::DefaultsOnlyBackend> && ImageOperations<detail::DefaultsOnlyBackend>,
              "a backend that derives from BackendDefaults and defines nothing else is complete");

}  // namespace pixelprep
