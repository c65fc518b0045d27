// VideoMAEImageProcessor (models/videomae/image_processing_pil_videomae.py), also
// TimeSformer's: it preprocesses videos, and a batch of images given to it is one video
// (make_nested_list_of_images: a list of frames is a single video; a nested batch is one
// video per sample). Every frame runs the
// generic pipeline (shortest-edge resize, center crop, rescale, normalize; no pad), and the
// video's frames are stacked into one (frames, C, H, W) pixel_values item -- (1, T, C, H, W)
// once stacked over the batch of one video, as transformers returns it. Frames that end at
// different sizes (no crop) cannot be stacked, and are refused with their sizes named.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

// The frames' arrays (each C x H x W, one dtype) as one T x C x H x W array.
inline Tensor stack_frames(const std::vector<Tensor>& frames, std::string_view class_name) {
    const std::vector<std::size_t> first = tensor_shape(frames.front());
    for (std::size_t i = 1; i < frames.size(); ++i)
        if (tensor_shape(frames[i]) != first)
            throw InvalidArgument(std::string(class_name) + ": frame " + std::to_string(i) + " of the video is " +
                                  shape_string(tensor_shape(frames[i])) + " after preprocessing and frame 0 is " +
                                  shape_string(first) + "; a video's frames must end at one size to stack");
    return std::visit(
        [&](const auto& a0) -> Tensor {
            using A = std::decay_t<decltype(a0)>;
            std::vector<std::size_t> shape{frames.size()};
            shape.insert(shape.end(), first.begin(), first.end());
            A video = A::from_shape(shape);
            for (std::size_t i = 0; i < frames.size(); ++i) {
                const A& frame = std::get<A>(frames[i]);
                std::copy(frame.data(), frame.data() + frame.size(), video.data() + i * frame.size());
            }
            return video;
        },
        frames.front());
}

struct VideoMAEModel {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "VideoMAEImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::shortest(224);
        o.default_to_square = false;
        o.crop_size = SizeSpec::exact(224, 224);
        o.do_resize = o.do_center_crop = o.do_rescale = o.do_normalize = true;
        return o;
    }
    // make_nested_list_of_images: each sample of the batch is one video (a flat batch is one
    // video of its images); pixel_values holds one (frames, C, H, W) array per video.
    template <class B> static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> videos, options_type o) {
        o.do_pad = false;  // not a step of its _preprocess
        std::vector<Tensor> items;
        for (auto& frames : videos) {
            if (frames.empty()) continue;
            const BatchFeature per_frame = GenericRecipe::run<B>(std::move(frames), o);
            items.push_back(stack_frames(per_frame.list("pixel_values"), class_name));
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(items));
        return out;
    }
};

}  // namespace pixelprep
