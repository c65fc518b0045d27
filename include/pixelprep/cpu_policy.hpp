// CpuPolicy: the host backend. A stateless policy type whose operations reproduce
// transformers' PIL backend bit for bit (Pillow's fixed-point resampling, numpy's
// rescale/normalize). The pipeline that strings them together arrives with ImageProcessor.
#pragma once

#include <span>
#include <string_view>
#include <variant>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/cpu/center_crop.hpp"
#include "pixelprep/cpu/convert.hpp"
#include "pixelprep/cpu/float_input.hpp"
#include "pixelprep/cpu/pad.hpp"
#include "pixelprep/cpu/rescale_normalize.hpp"
#include "pixelprep/cpu/resize.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/pipeline/steps.hpp"
#include "pixelprep/processor/batch_feature.hpp"
#include "pixelprep/processor/process_image.hpp"

namespace pixelprep {

struct CpuPolicy {
    static constexpr std::string_view name = "cpu";

    // PilBackend.process_image: one raw input to a channels-first working image.
    static WorkingImage process_image(const InputImage& input, const ProcessImageOptions& options) {
        return process_input_image(input, options);
    }

    // PilBackend._preprocess: the generic batch pipeline.
    static BatchFeature preprocess(std::vector<WorkingImage> images, const CommonOptions& options) {
        return steps::generic<CpuPolicy>(std::move(images), options);
    }

    // image_transforms.resize: float images go through the [0, 1] / [0, 255] rule, Pillow
    // resizes 8-bit data, and a [0, 1] image is scaled back by 1/255 (float32) afterwards.
    static WorkingImage resize(const WorkingImage& image, geometry::HeightWidth size, Resample filter) {
        if (const auto* u8 = std::get_if<ImageU8>(&image))  // 8-bit data goes to Pillow's filters as is
            return cpu::resize(*u8, size.height, size.width, filter);
        cpu::PilReadyImage ready = cpu::to_pil_ready(view_of(image));
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

    static WorkingImage to_layout(const WorkingImage& image, Layout layout) {
        return std::visit([&](const auto& img) -> WorkingImage { return pixelprep::to_layout(img, layout); }, image);
    }
};

}  // namespace pixelprep
