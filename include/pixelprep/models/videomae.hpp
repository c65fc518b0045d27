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
#include "pixelprep/models/stack_group.hpp"

namespace pixelprep {

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
            items.push_back(stack_group(per_frame.list("pixel_values"), class_name, "frame", "video"));
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(items));
        return out;
    }
};

}  // namespace pixelprep
