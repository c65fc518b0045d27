// LlavaOnevisionImageProcessor (models/llava_onevision/image_processing_pil_llava_onevision.py):
// LLaVA-NeXT's anyres tiling (a base view stretched to `size`, then 384-pixel tiles of the
// best grid pinpoint) for a sample that holds ONE image; the images of a multi-image sample
// are each padded to a centred square in int(mean * 255) (the extra pixel after) and become
// one view. A flat list is one sample per image (batch_num_images = [1] * n); a nested list
// keeps its samples (empty ones dropped). Every view then takes the resize to `size` (and the
// crop, when on), rescale and normalize. Outputs: pixel_values (views, C, H, W) per image,
// zero views up to the batch's most when do_pad; image_sizes (original height, width) and
// batch_num_images, int64. transformers takes the pad colour from the instance's image_mean;
// pixelprep from the call's (the same unless image_mean is given at call time).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/geometry/llava_next_tokens.hpp"
#include "pixelprep/models/llava_next.hpp"
#include "pixelprep/models/mean_color.hpp"

namespace pixelprep {

struct LlavaOnevisionOptions : LlavaNextOptions {
    // Processor-level values (LlavaOnevisionProcessor), read only by image_token_count.
    std::optional<long long> num_image_tokens;          // the vision tower's tokens per view (729 for SigLIP 384/14)
    std::optional<std::string> vision_aspect_ratio;     // "anyres_max_N": at most N views' worth of grid tokens
    static constexpr auto fields() {
        using O = LlavaOnevisionOptions;
        return concat_fields(llava_next_fields<O>(),
                              make_fields(OptionField<O, long long>{"num_image_tokens", &O::num_image_tokens},
                                              OptionField<O, std::string>{"vision_aspect_ratio", &O::vision_aspect_ratio}));
    }
    friend bool operator==(const LlavaOnevisionOptions&, const LlavaOnevisionOptions&) = default;
};

struct LlavaOnevisionModel {
    using options_type = LlavaOnevisionOptions;
    static constexpr std::string_view class_name = "LlavaOnevisionImageProcessor";
    // preprocess: a flat list is n single-image samples (nested lists keep theirs).
    static constexpr bool flat_list_is_one_image_per_sample = true;

    static options_type defaults() {
        options_type o{};
        static_cast<LlavaNextOptions&>(o) = LlavaNextModel::defaults();
        o.size = SizeSpec::exact(384, 384);
        o.default_to_square = false;
        o.crop_size.reset();
        o.do_center_crop.reset();
        Resolutions pinpoints;
        for (int h = 384; h <= 2304; h += 384)
            for (int w = 384; w <= 2304; w += 384) pinpoints.push_back({h, w});
        o.image_grid_pinpoints = pinpoints;
        return o;
    }

    // One image of a multi-image sample: pad_to_square in the mean colour (uint8 space, before
    // any resize), then the views' steps.
    static plan::ImagePlan square_plan(const WorkingImage& img, const options_type& o) {
        if (!o.image_mean)
            throw InvalidArgument("LlavaOnevisionImageProcessor: a multi-image sample pads to a square in the colour "
                                  "int(image_mean * 255), and image_mean is None");
        const std::vector<long long> color = mean_color(o.image_mean, class_name, {});
        const int h = height_of(img), w = width_of(img);
        plan::ImagePlan p;
        int v = -1;
        if (h == w) {
            v = p.derive(-1, {h, w}, std::nullopt, plan::ImagePlan::whole({h, w}));
        } else {
            v = p.derive(-1, {h, w}, std::nullopt, geometry::centered_square_window({h, w}),
                         color_for_channels(color, channels_of(img)));
        }
        p.views.push_back({LlavaNextModel::view_steps(p, v, o), {}});
        return p;
    }

    template <class B> static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> samples, const options_type& o) {
        const auto bt = LlavaNextModel::base_and_tile(o, class_name);
        std::vector<WorkingImage> images;
        std::vector<plan::ImagePlan> plans;
        std::vector<std::int64_t> per_sample;
        for (auto& sample : samples) {
            if (sample.empty()) continue;  // a text-only sample
            per_sample.push_back(std::int64_t(sample.size()));
            for (auto& img : sample) {
                plans.push_back(sample.size() == 1 ? LlavaNextModel::image_plan(height_of(img), width_of(img), o, bt.base_h,
                                                                                bt.base_w, bt.tile)
                                                   : square_plan(img, o));
                images.push_back(std::move(img));
            }
        }
        BatchFeature out = LlavaNextModel::run_plans<B>(images, plans, o);
        Array<std::int64_t> batch_num_images(std::vector<std::size_t>{per_sample.size()});
        std::copy(per_sample.begin(), per_sample.end(), batch_num_images.data());
        out.set_tensor("batch_num_images", std::move(batch_num_images));
        return out;
    }

    // LlavaOnevisionProcessor.replace_image_token for the image of a single-image sample (an
    // image of a multi-image sample gets num_image_tokens + 1): _get_number_of_features of the
    // original size and the processed view size, minus one for the "default" feature strategy.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        if (!o.num_image_tokens)
            throw InvalidArgument("LLaVA-OneVision token count needs the processor's num_image_tokens "
                                  "(LlavaOnevisionProcessor's processor_config.json; give the option num_image_tokens)");
        const std::string aspect = o.vision_aspect_ratio.value_or("anyres_max_9");
        // int(vision_aspect_ratio.strip("anyres_max_")): those characters off both ends.
        const std::string_view strip = "anyres_max_";
        const auto first = aspect.find_first_not_of(strip), last = aspect.find_last_not_of(strip);
        const std::string digits = first == std::string::npos ? "" : aspect.substr(first, last - first + 1);
        if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
            throw InvalidArgument("LLaVA-OneVision token count: key 'vision_aspect_ratio': \"" + aspect +
                                  "\" is not of the form anyres_max_N");
        const int view = truthy(o.do_center_crop) && o.crop_size && o.crop_size->height ? *o.crop_size->height
                         : o.size->height                                              ? *o.size->height
                                                                                       : o.size->shortest_edge.value_or(0);
        const int view_w = truthy(o.do_center_crop) && o.crop_size && o.crop_size->width ? *o.crop_size->width
                           : o.size->width                                              ? *o.size->width
                                                                                        : view;
        const long long n = geometry::llava_onevision_number_of_features(
            height, width, view, view_w, o.image_grid_pinpoints.value_or(Resolutions{}), *o.num_image_tokens,
            std::stoll(digits));
        return n - (o.vision_feature_select_strategy.value_or("") == "default" ? 1 : 0);
    }
};

}  // namespace pixelprep
