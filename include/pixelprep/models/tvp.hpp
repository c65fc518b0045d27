// TvpImageProcessor (models/tvp/image_processing_pil_tvp.py): video frames, nested as
// VideoMAE's (make_nested_list_of_images: a flat list is one video). Each frame is resized --
// with `longest_edge`, TVP's own rule: the longer side becomes longest_edge and the other
// int(longest_edge * short / long), in float64; otherwise the generic resize -- center
// cropped, rescaled, normalized, then padded at the bottom/right to `pad_size` with numpy's
// pad (`pad_mode` constant, reflect, replicate or symmetric; `constant_values` a number)
// after normalization, and its channels reversed (`do_flip_channel_order`, RGB -> BGR).
// pixel_values holds one (frames, C, H, W) array per video.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/stack_group.hpp"
#include "pixelprep/numerics/numpy_pad.hpp"

namespace pixelprep {

struct TvpOptions : CommonOptions {
    std::optional<bool> do_flip_channel_order;
    std::optional<ChannelValues> constant_values;  // a number (a list fails in image_transforms.pad)
    std::optional<std::string> pad_mode;
    static constexpr auto fields() {
        using O = TvpOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, bool>{"do_flip_channel_order", &O::do_flip_channel_order},
                                              OptionField<O, ChannelValues>{"constant_values", &O::constant_values},
                                              OptionField<O, std::string>{"pad_mode", &O::pad_mode}));
    }
    friend bool operator==(const TvpOptions&, const TvpOptions&) = default;
};

struct TvpModel {
    using options_type = TvpOptions;
    static constexpr std::string_view class_name = "TvpImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::longest(448);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(448, 448);
        o.pad_size = SizeSpec::exact(448, 448);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_pad = o.do_normalize = o.do_flip_channel_order = true;
        o.constant_values = ChannelValues{{0.0}, true, {true}};  // the int 0
        o.pad_mode = "constant";
        return o;
    }

    // TvpImageProcessorPil.resize: get_resize_output_image_size(image, longest_edge).
    static geometry::HeightWidth target_size(int height, int width, const SizeSpec& size) {
        if (!size.longest_edge || *size.longest_edge == 0) return geometry::resize_output_size(height, width, size);
        const int longest = *size.longest_edge;
        if (height >= width) {
            const double ratio = width * 1.0 / height;
            return {longest, geometry::python_int(longest * ratio, "TvpImageProcessor resize")};
        }
        const double ratio = height * 1.0 / width;
        return {geometry::python_int(longest * ratio, "TvpImageProcessor resize"), longest};
    }

    // PaddingMode(pad_mode) as image_transforms.pad maps it onto numpy's modes.
    static numerics::NumpyPadMode pad_mode_of(const options_type& o) {
        const std::string mode = o.pad_mode.value_or("constant");
        if (mode == "constant") return numerics::NumpyPadMode::constant;
        if (mode == "reflect") return numerics::NumpyPadMode::reflect;
        if (mode == "replicate") return numerics::NumpyPadMode::edge;
        if (mode == "symmetric") return numerics::NumpyPadMode::symmetric;
        throw InvalidArgument("TvpImageProcessor: pad_mode '" + mode +
                              "' is not a valid PaddingMode (constant, reflect, replicate or symmetric)");
    }

    // image_transforms.pad takes a number for constant_values (a list is "Unsupported format").
    static double constant_of(const options_type& o) {
        if (!o.constant_values) return 0.0;
        if (const std::optional<double> v = o.constant_values->number()) return *v;
        throw InvalidArgument("TvpImageProcessor: constant_values must be a number; a list is an unsupported format "
                              "for image_transforms.pad");
    }

    static WorkingImage pad_frame(const WorkingImage& frame, const options_type& o) {
        if (!o.pad_size || !o.pad_size->height || !o.pad_size->width)
            throw InvalidArgument("TvpImageProcessor: do_pad needs a pad_size with height and width, got " +
                                  (o.pad_size ? o.pad_size->to_string() : std::string("None")));
        const int H = *o.pad_size->height, W = *o.pad_size->width;
        const numerics::NumpyPadMode mode = pad_mode_of(o);
        return std::visit(
            [&](const auto& img) -> WorkingImage {
                if (H < img.height() || W < img.width())
                    throw InvalidArgument("The padding size must be greater than image size: pad_size " +
                                          std::to_string(H) + "x" + std::to_string(W) + ", frame " +
                                          std::to_string(img.height()) + "x" + std::to_string(img.width()));
                detail::check_pixel_limit(H, W, "pad");
                return numerics::numpy_pad_bottom_right(img, H, W, mode, constant_of(o), class_name);
            },
            frame);
    }

    template <class B> static std::vector<WorkingImage> frames_through_steps(std::vector<WorkingImage> frames,
                                                                            const options_type& o) {
        for (auto& img : frames) {
            if (truthy(o.do_resize)) img = op::resize<B>(img, target_size(height_of(img), width_of(img), *o.size), *o.resample);
            if (truthy(o.do_center_crop)) img = steps::center_crop<B>(img, *o.crop_size);
            img = steps::rescale_normalize<B>(std::move(img), o);
            if (truthy(o.do_pad)) img = pad_frame(img, o);
            if (truthy(o.do_flip_channel_order)) img = steps::reverse_channel_order(img);
        }
        return frames;
    }

    // One video's frames: as plans where the pad is numpy's zeros (the generic pipeline's
    // pad_size canvas, channels reversed in the plans' write), else through the steps.
    template <class B> static BatchFeature run_video(std::vector<WorkingImage> frames, const options_type& o) {
        // (+0.0 only: numpy would write a -0.0 constant's sign bit, the plans' zeros have none.)
        const auto is_plus_zero = [](double v) { return v == 0.0 && !std::signbit(v); };
        const bool zero_pad = !truthy(o.do_pad) || (o.pad_size && pad_mode_of(o) == numerics::NumpyPadMode::constant &&
                                                     is_plus_zero(constant_of(o)));
        if constexpr (op::runs_plans<B>) {
            if (zero_pad) {
                const auto resize = [&](int height, int width) {
                    const geometry::HeightWidth size = target_size(height, width, *o.size);
                    return generic::ResizeStep{size, plan::ImagePlan::whole(size)};
                };
                const generic::OutputLayout layout{.batch_padding = true,
                                                   .reverse_channels = truthy(o.do_flip_channel_order)};
                if (std::optional<BatchFeature> planned = generic::run_as_plans<B>(frames, o, resize, layout))
                    return std::move(*planned);
            }
        }
        return steps::pixel_values(frames_through_steps<B>(std::move(frames), o));
    }

    template <class B> static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> videos, options_type o) {
        std::vector<Tensor> items;
        for (auto& frames : videos) {
            if (frames.empty()) continue;
            const BatchFeature per_frame = run_video<B>(std::move(frames), o);
            items.push_back(stack_group(per_frame.list("pixel_values"), class_name, "frame", "video"));
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(items));
        return out;
    }
};

}  // namespace pixelprep
