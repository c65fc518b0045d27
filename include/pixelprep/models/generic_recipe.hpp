// The recipe of models that use transformers' generic pipeline unchanged, and the plain
// option struct such models share.
#pragma once

#include <utility>
#include <vector>

#include "pixelprep/options/common_options.hpp"
#include "pixelprep/core/batch_feature.hpp"

namespace pixelprep {

struct PlainOptions : CommonOptions {
    static constexpr auto fields() { return common_fields<PlainOptions>(); }
};

// Inherit to get run<Backend>() = the backend's generic batch pipeline.
struct GenericRecipe {
    template <class Backend, class Options>
    static BatchFeature run(std::vector<WorkingImage> images, const Options& options) {
        return Backend::preprocess(std::move(images), options);
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
