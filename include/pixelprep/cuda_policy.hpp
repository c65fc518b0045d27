// CudaPolicy: the GPU backend, bit-exact with CpuPolicy. A host header (plain g++ compiles
// it; no CUDA header is included): it decides everything on the host with the CPU
// backend's own functions (sizes, validation, Pillow's coefficient tables, float input
// rules) and hands pixels to the non-template launchers of pixelprep/cuda/launchers.hpp,
// whose kernels (src/cuda) run the shared PIXELPREP_HD arithmetic.
//
// Usable only in a build with CUDA (meson -Dcuda=enabled or auto with nvcc found); at run
// time cuda_unavailable_reason() says whether a GPU can be used. Images stay host-resident
// WorkingImages between operations, as with CpuPolicy; every plan of a recipe call runs on
// the device at once (execute_plans, pixelprep/cuda/plan_batch.hpp). Device-resident outputs with a
// DLPack view: cuda::preprocess_to_device (pixelprep/cuda/batch.hpp).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/core/pil_ready.hpp"
#include "pixelprep/cuda/batch.hpp"
#include "pixelprep/cuda/copy_ops.hpp"
#include "pixelprep/cuda/plan_batch.hpp"
#include "pixelprep/cuda/rescale_normalize.hpp"
#include "pixelprep/cuda/resize.hpp"
#include "pixelprep/cuda/runtime.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/pipeline/steps.hpp"
#include "pixelprep/processor/concepts.hpp"
#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/process_image.hpp"

namespace pixelprep {

struct CudaPolicy {
    static constexpr std::string_view name = "cuda";

    // The host-side conversion of one raw input, exactly as CpuPolicy does it.
    static WorkingImage process_image(const InputImage& input, const ProcessImageOptions& options) {
        return process_input_image(input, options);
    }

    // transformers' generic pipeline, one operation at a time. GenericRecipe reaches it only
    // where its plans do not apply (no rescale or normalize, so the output keeps uint8;
    // options the steps must reject in transformers' words): every float32 output runs as
    // plans through execute_plans below.
    static BatchFeature preprocess(std::vector<WorkingImage> images, const CommonOptions& options) {
        return steps::generic<CudaPolicy>(std::move(images), options);
    }

    // Every plan of a recipe call at once on the device (pixelprep/cuda/plan_batch.hpp):
    // the preflight, then the run.
    static bool can_execute_plans(std::span<const plan::Job> jobs, const CommonOptions& o) {
        return cuda::can_batch_plans(jobs, o);
    }
    static void execute_plans(std::span<const plan::Job> jobs, const CommonOptions& o) {
        cuda::execute_plans_batched(jobs, o);
    }

    // CpuPolicy::resize's float rules (checked on the host), then the device resize; a
    // [0, 1] image is scaled back by 1/255 on the device too.
    static WorkingImage resize(const WorkingImage& image, geometry::HeightWidth size, Resample filter) {
        // A uint8 image goes to Pillow as it is (to_pil_ready would only copy it).
        if (const auto* bytes = std::get_if<ImageU8>(&image))
            return cuda::resize(*bytes, size.height, size.width, filter);
        PilReadyImage ready = to_pil_ready(view_of(image));
        ImageU8 resized = cuda::resize(ready.image, size.height, size.width, filter);
        if (ready.scaled_by_255) return cuda::rescale(resized, 1.0 / 255.0);
        return resized;
    }

    static WorkingImage center_crop(const WorkingImage& image, int crop_h, int crop_w) {
        return std::visit([&](const auto& img) -> WorkingImage { return cuda::center_crop(img, crop_h, crop_w); },
                          image);
    }

    static ImageF32 rescale(const WorkingImage& image, double factor) {
        return std::visit([&](const auto& img) { return cuda::rescale(img, factor); }, image);
    }

    static ImageF32 normalize(const WorkingImage& image, std::span<const double> mean,
                              std::span<const double> std_dev) {
        return std::visit([&](const auto& img) { return cuda::normalize(img, mean, std_dev); }, image);
    }

    static WorkingImage pad(const WorkingImage& image, int target_h, int target_w) {
        return std::visit(
            [&](const auto& img) -> WorkingImage { return cuda::pad_bottom_right(img, target_h, target_w); }, image);
    }

    // The VLM recipes' windows (the copy_window kernel) and Qwen2-VL's patches (patchify).
    static WorkingImage crop(const WorkingImage& image, int top, int left, int height, int width) {
        return std::visit([&](const auto& img) -> WorkingImage { return cuda::crop(img, top, left, height, width); },
                          image);
    }

    static WorkingImage pad_centered(const WorkingImage& image, int target_h, int target_w) {
        return std::visit(
            [&](const auto& img) -> WorkingImage { return cuda::pad_centered(img, target_h, target_w); }, image);
    }

    static Array<float> patchify(const WorkingImage& image, int patch, int merge, int temporal) {
        return std::visit([&](const auto& img) { return cuda::patchify(img, patch, merge, temporal); }, image);
    }
};

static_assert(BackendPolicy<CudaPolicy> && ImageOperations<CudaPolicy>,
              "CudaPolicy provides the backend contract and every image operation recipes use");

}  // namespace pixelprep
