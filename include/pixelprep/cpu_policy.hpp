// CpuPolicy: the host backend. A stateless policy type whose operations reproduce
// transformers' PIL backend bit for bit (Pillow's fixed-point resampling, numpy's
// rescale/normalize). The pipeline that strings them together arrives with ImageProcessor.
#pragma once

#include <optional>
#include <span>
#include <utility>
#include <vector>
#include <string_view>
#include <variant>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/cpu/center_crop.hpp"
#include "pixelprep/core/pil_ready.hpp"
#include "pixelprep/cpu/fused_preprocess.hpp"
#include "pixelprep/cpu/parallel.hpp"
#include "pixelprep/cpu/pad.hpp"
#include "pixelprep/cpu/patchify.hpp"
#include "pixelprep/cpu/plan_execution.hpp"
#include "pixelprep/cpu/rescale_normalize.hpp"
#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/cpu/window.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/options/value_map_options.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"
#include "pixelprep/processor/concepts.hpp"
#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/process_image.hpp"

namespace pixelprep {

struct CpuPolicy {
    static constexpr std::string_view name = "cpu";

    // PilBackend.process_image: one raw input to a channels-first working image.
    static WorkingImage process_image(const InputImage& input, const ProcessImageOptions& options) {
        return process_input_image(input, options);
    }

    // PilBackend._preprocess: the generic batch pipeline (steps::generic), with the common
    // uint8 resize -> crop -> rescale -> normalize chain fused into one pass
    // (cpu/fused_preprocess.hpp; same bits), images spread over cpu_threads() threads.
    static BatchFeature preprocess(std::vector<WorkingImage> images, const CommonOptions& options) {
        cpu::parallel_for(images.size(), [&](std::size_t i) { images[i] = generic_one(std::move(images[i]), options); });
        if (truthy(options.do_pad)) steps::pad_batch<CpuPolicy>(images, options.pad_size);
        return steps::pixel_values(std::move(images));
    }

    // One image through steps::generic's per-image part.
    static WorkingImage generic_one(WorkingImage img, const CommonOptions& o) {
        if (auto fused = fused_generic(img, o)) return std::move(*fused);
        if (truthy(o.do_resize)) img = steps::resize<CpuPolicy>(img, *o.size, *o.resample);
        if (truthy(o.do_center_crop)) img = steps::center_crop<CpuPolicy>(img, *o.crop_size);
        return steps::rescale_normalize<CpuPolicy>(std::move(img), o);
    }

    // The fused path when it applies (uint8 input, resize, an in-bounds crop or none);
    // nullopt sends the image through the separate steps, which also raise every error.
    static std::optional<WorkingImage> fused_generic(const WorkingImage& img, const CommonOptions& o) {
        const auto* u8 = std::get_if<ImageU8>(&img);
        if (u8 == nullptr || !truthy(o.do_resize) || !o.size || !o.resample) return std::nullopt;
        cpu::FusedResize r{0, 0, *o.resample, std::nullopt};
        const auto size = geometry::resize_output_size(u8->height(), u8->width(), *o.size);
        r.height = size.height;
        r.width = size.width;
        if (truthy(o.do_center_crop)) {
            if (!o.crop_size || !o.crop_size->height || !o.crop_size->width) return std::nullopt;
            r.crop = std::pair<int, int>(*o.crop_size->height, *o.crop_size->width);
        }
        if (!truthy(o.do_rescale) && !truthy(o.do_normalize)) return cpu::fused_resize_crop_map(*u8, r, nullptr);
        const std::optional<cpu::ValueMap> map = value_map(u8->channels(), o);
        if (!map) return std::nullopt;
        return cpu::fused_resize_crop_map(*u8, r, &*map);
    }

    // rescale + normalize of a uint8 image as one table lookup (steps::rescale_normalize's
    // hook); nullopt for float images and whenever the separate steps must raise an error.
    static std::optional<WorkingImage> fused_rescale_normalize(const WorkingImage& img, const CommonOptions& o) {
        const auto* u8 = std::get_if<ImageU8>(&img);
        if (u8 == nullptr || (!truthy(o.do_rescale) && !truthy(o.do_normalize))) return std::nullopt;
        const std::optional<cpu::ValueMap> map = value_map(u8->channels(), o);
        if (!map) return std::nullopt;
        return WorkingImage(cpu::map_values(*u8, *map));
    }

    // The per-channel value table of the options' rescale/normalize; nullopt when they are
    // incomplete or do not match the channel count (the separate steps report that).
    static std::optional<cpu::ValueMap> value_map(int channels, const CommonOptions& o) {
        const auto values = value_map_options(channels, o);
        if (!values) return std::nullopt;
        return cpu::make_value_map(channels, values->factor, values->normalize ? &values->mean : nullptr,
                                   values->normalize ? &values->std_dev : nullptr);
    }

    // Whole plans, fused (cpu/plan_execution.hpp): the preflight (which checks the value map's
    // options without building its table), then the run.
    static bool can_execute(const WorkingImage& input, const plan::ImagePlan& p, const CommonOptions& o) {
        const auto* u8 = std::get_if<ImageU8>(&input);
        return u8 != nullptr && cpu::can_fuse_plan(*u8, p) && value_map_options(u8->channels(), o).has_value();
    }
    static void execute_plan(const WorkingImage& input, const plan::ImagePlan& p, const CommonOptions& o, float* out) {
        const ImageU8& u8 = std::get<ImageU8>(input);
        cpu::execute_plan(u8, p, *value_map(u8.channels(), o), out);
    }
    // Every plan of a recipe call, one job per thread over cpu_threads() threads (each job
    // fused or, where can_execute declines it, step by step). A lone job is left to
    // execute_plan, which keeps the threads for its own row bands.
    static bool can_execute_plans(std::span<const plan::Job> jobs, const CommonOptions&) { return jobs.size() > 1; }
    static void execute_plans(std::span<const plan::Job> jobs, const CommonOptions& o) {
        cpu::parallel_for(jobs.size(), [&](std::size_t i) {
            op::execute_plan<CpuPolicy>(*jobs[i].input, *jobs[i].plan, o, jobs[i].out);
        });
    }


    // image_transforms.resize: float images go through the [0, 1] / [0, 255] rule, Pillow
    // resizes 8-bit data, and a [0, 1] image is scaled back by 1/255 (float32) afterwards.
    static WorkingImage resize(const WorkingImage& image, geometry::HeightWidth size, Resample filter) {
        if (const auto* u8 = std::get_if<ImageU8>(&image))  // 8-bit data goes to Pillow's filters as is
            return cpu::resize(*u8, size.height, size.width, filter);
        PilReadyImage ready = to_pil_ready(view_of(image));
        ImageU8 resized = cpu::resize(ready.image, size.height, size.width, filter);
        if (ready.scaled_by_255) return cpu::rescale(resized, 1.0 / 255.0);
        return resized;
    }

    static WorkingImage center_crop(const WorkingImage& image, int crop_h, int crop_w) {
        return std::visit([&](const auto& img) -> WorkingImage { return cpu::center_crop(img, crop_h, crop_w); }, image);
    }

    static ImageF32 rescale(const WorkingImage& image, double factor) {
        return std::visit([&](const auto& img) { return cpu::rescale(img, factor); }, image);
    }

    static ImageF32 normalize(const WorkingImage& image, std::span<const double> mean, std::span<const double> std_dev) {
        return std::visit([&](const auto& img) { return cpu::normalize(img, mean, std_dev); }, image);
    }

    static WorkingImage pad(const WorkingImage& image, int target_h, int target_w) {
        return std::visit([&](const auto& img) -> WorkingImage { return cpu::pad_bottom_right(img, target_h, target_w); },
                          image);
    }

    // The VLM recipes' windows and patches (cpu/window.hpp, cpu/patchify.hpp).
    static WorkingImage crop(const WorkingImage& image, int top, int left, int height, int width) {
        return std::visit([&](const auto& img) -> WorkingImage { return cpu::crop(img, top, left, height, width); },
                          image);
    }

    static WorkingImage pad_centered(const WorkingImage& image, int target_h, int target_w) {
        return std::visit([&](const auto& img) -> WorkingImage { return cpu::pad_centered(img, target_h, target_w); },
                          image);
    }

    static Array<float> patchify(const WorkingImage& image, int patch, int merge, int temporal) {
        return std::visit([&](const auto& img) { return cpu::patchify(img, patch, merge, temporal); }, image);
    }
};

static_assert(BackendPolicy<CpuPolicy> && ImageOperations<CpuPolicy>,
              "CpuPolicy provides the backend contract and every image operation recipes use");

}  // namespace pixelprep
