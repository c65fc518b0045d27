// The recipe of models that use transformers' generic pipeline unchanged, and the plain
// option struct such models share.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/value_map_options.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"
#include "pixelprep/plan/image_plan.hpp"

namespace pixelprep {

struct PlainOptions : CommonOptions {
    static constexpr auto fields() { return common_fields<PlainOptions>(); }
};

namespace generic {

// What a recipe's resize does to an image: the size it resizes to, then the window of the
// result it keeps (the whole of it, or the recipe's own crop).
struct ResizeStep {
    geometry::HeightWidth target;
    geometry::CropWindow window;
};

// How a recipe lays out the plans' outputs, where it differs from the generic pipeline.
struct OutputLayout {
    bool batch_padding = true;     // do_pad pads the batch (a class whose _preprocess has no pad: false)
    int centre_on_multiple_of = 0;  // > 0: each output centred on a canvas of these multiples (DPT)
    bool reverse_channels = false;  // the channels in reverse order (MobileViT's flip_channel_order)
};

// transformers' generic pipeline (PilBackend._preprocess) as one plan per image: the resize
// (`resize(height, width)` gives its ResizeStep), the center crop (a window of the resized
// image, zeros outside), then the value map into a channels-first array, with do_pad (where
// the recipe pads: `batch_padding`) the batch's canvas (zeros bottom/right, after
// normalization). A center crop of a resize that keeps the whole image is that resize's
// window, so the resize computes only the pixels the crop keeps.
// Returns nullopt where the steps must run instead: no float output (neither rescale nor
// normalize: the steps keep uint8), value options that do not fit an image, or padding the
// steps refuse -- the steps then give the output or the error in transformers' words.
template <class B, class Resize>
std::optional<BatchFeature> run_as_plans(const std::vector<WorkingImage>& images, const CommonOptions& o,
                                         Resize&& resize, OutputLayout layout = {}) {
    if (!truthy(o.do_rescale) && !truthy(o.do_normalize)) return std::nullopt;
    // (`size` is the resize rule's business: some classes' rules do not read it.)
    if (truthy(o.do_resize) && !o.resample) return std::nullopt;
    for (const WorkingImage& img : images)
        if (!value_map_options(channels_of(img), o)) return std::nullopt;
    std::vector<plan::ImagePlan> plans(images.size());
    std::vector<geometry::HeightWidth> sizes(images.size());
    for (std::size_t i = 0; i < images.size(); ++i) {
        plan::ImagePlan& p = plans[i];
        const geometry::HeightWidth input{height_of(images[i]), width_of(images[i])};
        ResizeStep step{input, plan::ImagePlan::whole(input)};
        if (truthy(o.do_resize)) step = resize(input.height, input.width);
        const std::optional<Resample> filter = truthy(o.do_resize) ? o.resample : std::nullopt;
        geometry::HeightWidth size{step.window.height, step.window.width};
        int image = -1;
        if (truthy(o.do_center_crop)) {
            const geometry::HeightWidth crop = steps::crop_size_of(*o.crop_size);
            const geometry::CropWindow centred = geometry::center_crop_window(size.height, size.width, crop.height, crop.width);
            if (step.window == plan::ImagePlan::whole(step.target)) {
                step.window = centred;
            } else {
                image = p.derive(-1, step.target, filter, step.window);
                image = p.derive(image, size, std::nullopt, centred);
            }
            size = crop;
        }
        if (image < 0) image = p.derive(-1, step.target, filter, step.window);
        p.views.push_back({image, plan::ChannelsFirst{0, size.height, size.width, layout.reverse_channels}});
        sizes[i] = size;
    }
    if (layout.batch_padding && truthy(o.do_pad)) {
        const std::optional<SizeSpec>& pad = o.pad_size;
        geometry::HeightWidth canvas{0, 0};
        if (pad) {
            if (!pad->height || !pad->width || *pad->height <= 0 || *pad->width <= 0) return std::nullopt;
            canvas = {*pad->height, *pad->width};
        } else {
            for (const auto& s : sizes) canvas = {std::max(canvas.height, s.height), std::max(canvas.width, s.width)};
        }
        for (std::size_t i = 0; i < images.size(); ++i) {
            if (sizes[i].height > canvas.height || sizes[i].width > canvas.width) return std::nullopt;
            sizes[i] = canvas;
            plans[i].views.front().placement = plan::ChannelsFirst{0, canvas.height, canvas.width, layout.reverse_channels};
        }
    }
    if (layout.centre_on_multiple_of > 0)
        for (std::size_t i = 0; i < images.size(); ++i) {
            const geometry::HeightWidth canvas = geometry::round_up_to_multiple(sizes[i], layout.centre_on_multiple_of);
            const geometry::CenteredOffsets at =
                geometry::centered_offsets(sizes[i].height, sizes[i].width, canvas.height, canvas.width);
            plans[i].views.front().placement =
                plan::ChannelsFirst{0, canvas.height, canvas.width, layout.reverse_channels, at.top, at.left};
            sizes[i] = canvas;
        }
    std::vector<Array<float>> arrays(images.size());
    std::vector<plan::Job> jobs;
    for (std::size_t i = 0; i < images.size(); ++i) {
        // A pad canvas (pad_size, a multiple) is held to the pixel limit as the step path's
        // padded image is, before its memory is asked for.
        detail::check_pixel_limit(sizes[i].height, sizes[i].width, "pad");
        arrays[i] = output_array<float>(
            {std::size_t(channels_of(images[i])), std::size_t(sizes[i].height), std::size_t(sizes[i].width)});
        jobs.push_back({&images[i], &plans[i], arrays[i].data()});
    }
    op::execute_plans<B>(jobs, o);
    std::vector<Tensor> items;
    for (auto& a : arrays) items.push_back(std::move(a));
    BatchFeature out;
    out.set_list("pixel_values", std::move(items));
    return out;
}

// The plan of one view: the input resized to `to` (none keeps its size), `window` cut out of
// it, placed channels-first (at offset 0 of an array of its own, unless the caller moves it).
inline plan::ImagePlan window_plan(geometry::HeightWidth to, std::optional<Resample> resample,
                                   geometry::CropWindow window) {
    plan::ImagePlan p;
    p.views.push_back({p.derive(-1, to, resample, window), plan::ChannelsFirst{0, window.height, window.width}});
    return p;
}

// Plans of one view each, laid out as one channels-first array per plan (no batch
// padding). A float32 result is written by the plans into its array; a uint8 one (no
// rescale, no normalize) comes from the plans' views as the steps give it.
// `image_of[k]` is the image plan k reads (plan k reads image k where it is empty).
template <class B>
BatchFeature run_one_view_plans(const std::vector<WorkingImage>& images, const std::vector<plan::ImagePlan>& plans,
                                const CommonOptions& o, const std::vector<std::size_t>& image_of = {}) {
    const auto image = [&](std::size_t k) -> const WorkingImage& { return images[image_of.empty() ? k : image_of[k]]; };
    std::vector<Tensor> items;
    if (!truthy(o.do_rescale) && !truthy(o.do_normalize)) {
        for (std::size_t k = 0; k < plans.size(); ++k)
            items.push_back(to_tensor(std::move(op::execute_views<B>(image(k), plans[k], o).front())));
    } else {
        std::vector<Array<float>> arrays(plans.size());
        std::vector<plan::Job> jobs;
        for (std::size_t k = 0; k < plans.size(); ++k) {
            const auto size = plans[k].size_of(plans[k].views.front().image);
            arrays[k] = output_array<float>(
                {std::size_t(channels_of(image(k))), std::size_t(size.height), std::size_t(size.width)});
            jobs.push_back({&image(k), &plans[k], arrays[k].data()});
        }
        op::execute_plans<B>(jobs, o);
        for (auto& a : arrays) items.push_back(std::move(a));
    }
    BatchFeature out;
    out.set_list("pixel_values", std::move(items));
    return out;
}

}  // namespace generic

// Inherit to get run<Backend>() = transformers' generic pipeline: as plans where the output is
// float32, else the backend's generic batch pipeline (steps::generic).
struct GenericRecipe {
    template <class Backend, class Options>
    static BatchFeature run(std::vector<WorkingImage> images, const Options& options) {
        if constexpr (op::runs_plans<Backend>) {
            const auto resize = [&](int height, int width) {
                const geometry::HeightWidth size = geometry::resize_output_size(height, width, *options.size);
                return generic::ResizeStep{size, plan::ImagePlan::whole(size)};
            };
            if (std::optional<BatchFeature> planned = generic::run_as_plans<Backend>(images, options, resize))
                return std::move(*planned);
        }
        return Backend::preprocess(std::move(images), options);
    }
};

// The generic pipeline for classes that override only resize(): `target(height, width)` is
// the size their resize gives an image (it throws where the class's resize refuses), the
// crop and value steps are the generic ones, and `layout` says how the outputs are laid out
// (whether their _preprocess keeps the batch pad, a centred pad, reversed channels).
template <class B, class Target>
BatchFeature run_with_resize_rule(std::vector<WorkingImage> images, const CommonOptions& o, Target&& target,
                                  generic::OutputLayout layout) {
    if constexpr (op::runs_plans<B>) {
        const auto resize = [&](int height, int width) {
            const geometry::HeightWidth size = target(height, width);
            return generic::ResizeStep{size, plan::ImagePlan::whole(size)};
        };
        if (std::optional<BatchFeature> planned = generic::run_as_plans<B>(images, o, resize, layout))
            return std::move(*planned);
    }
    for (auto& img : images) {
        if (truthy(o.do_resize)) img = op::resize<B>(img, target(height_of(img), width_of(img)), *o.resample);
        if (truthy(o.do_center_crop)) img = steps::center_crop<B>(img, *o.crop_size);
        img = steps::rescale_normalize<B>(std::move(img), o);
        if (layout.centre_on_multiple_of > 0) {
            const geometry::HeightWidth canvas =
                geometry::round_up_to_multiple({height_of(img), width_of(img)}, layout.centre_on_multiple_of);
            img = op::pad_centered<B>(img, canvas.height, canvas.width);
        }
        if (layout.reverse_channels) img = steps::reverse_channel_order(img);
    }
    if (layout.batch_padding && truthy(o.do_pad)) steps::pad_batch<B>(images, o.pad_size);
    return steps::pixel_values(std::move(images));
}

// For classes whose _preprocess leaves out generic steps: their flags are swallowed by
// **kwargs, so a config or a call that sets them changes nothing (MobileNetV2 never pads;
// Segformer neither crops nor pads). GenericRecipe's pipeline with those steps switched off
// for the run; the options themselves (what is saved) are left as given.
enum class LeftOut { pad, center_crop_and_pad };
template <LeftOut left_out>
struct GenericRecipeWithout {
    template <class Backend, class Options>
    static BatchFeature run(std::vector<WorkingImage> images, Options options) {
        options.do_pad = false;
        if constexpr (left_out == LeftOut::center_crop_and_pad) options.do_center_crop = false;
        return GenericRecipe::run<Backend>(std::move(images), options);
    }
};

// Channel statistics transformers ships (image_utils.py).
inline ChannelValues openai_clip_mean() { return {{0.48145466, 0.4578275, 0.40821073}, false}; }
inline ChannelValues openai_clip_std() { return {{0.26862954, 0.26130258, 0.27577711}, false}; }
inline ChannelValues imagenet_standard_mean() { return {{0.5, 0.5, 0.5}, false}; }
inline ChannelValues imagenet_standard_std() { return {{0.5, 0.5, 0.5}, false}; }
inline ChannelValues imagenet_default_mean() { return {{0.485, 0.456, 0.406}, false}; }
inline ChannelValues imagenet_default_std() { return {{0.229, 0.224, 0.225}, false}; }

}  // namespace pixelprep
