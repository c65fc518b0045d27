// JanusImageProcessor (models/janus/image_processing_pil_janus.py) and DeepseekVLImageProcessor
// (models/deepseek_vl/..., the same preprocessing): the longer side resized to size (which
// must be square), each side Python-rounded and at least min_size; then with do_pad a pad to
// a centred square (the extra pixel after) in the background colour -- int(mean * 255) per
// channel of the image_mean the processor was made with, (127, 127, 127) without one --
// then rescale and normalize. The colour is an attribute __init__ computes: a config's
// `background_color` is replaced by it, and save_pretrained writes it.
//
// Two of transformers' details are read from the options of the call, where transformers
// reads the instance's: the pad colour follows a call-time image_mean (transformers keeps
// the one it was made with), and a call-time resample of NEAREST (0) is used as given
// (transformers' `resample or self.resample` falls back to the instance's filter).
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/config/json_value.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/mean_color.hpp"

namespace pixelprep {

struct JanusOptions : CommonOptions {
    std::optional<int> min_size;
    static constexpr auto fields() {
        return concat_fields(common_fields<JanusOptions>(),
                              make_fields(OptionField<JanusOptions, int>{"min_size", &JanusOptions::min_size}));
    }
    friend bool operator==(const JanusOptions&, const JanusOptions&) = default;
};

template <class Name>
struct JanusFamilyModel {
    using options_type = JanusOptions;
    static constexpr std::string_view class_name = Name::value;
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.size = SizeSpec::exact(384, 384);
        o.min_size = 14;
        o.do_resize = o.do_rescale = o.do_normalize = o.do_pad = true;
        return o;
    }

    static std::vector<long long> background(const options_type& o) {
        return mean_color(o.image_mean, class_name, {127, 127, 127});
    }
    // __init__ recomputes background_color, so a config's value is never read ...
    static void fold_legacy_keys(JsonValue::Object& config) { config.erase("background_color"); }
    // ... and save_pretrained writes the computed one. Saving never throws: a scalar mean
    // (which transformers' __init__ cannot iterate) or one whose product overflows a double
    // (int(inf) raises there) writes no colour, and a product past 64 bits (Python's int is
    // unbounded) is written as the float it is.
    static JsonValue::Object saved_attributes(const options_type& o) {
        JsonValue::Array color;
        if (!o.image_mean) {
            for (int i = 0; i < 3; ++i) color.emplace_back(127);
        } else if (o.image_mean->scalar) {
            return {};
        } else {
            for (double m : o.image_mean->values) {
                const double c = m * 255;
                if (!std::isfinite(c)) return {};
                if (c >= -0x1p63 && c < 0x1p63) color.emplace_back(static_cast<long long>(c));
                else color.emplace_back(c);
            }
        }
        return {{"background_color", JsonValue(std::move(color))}};
    }

    // Its resize: the longer side to size, each side round(side * delta), at least min_size.
    static geometry::HeightWidth resize_size(int height, int width, const options_type& o) {
        if (!o.size->height || !o.size->width || *o.size->height != *o.size->width)
            throw InvalidArgument(std::string(class_name) + ": Output height and width must be the same. Got size " +
                                  o.size->to_string());
        if (!o.min_size) throw InvalidArgument(std::string(class_name) + ": key 'min_size': None cannot bound a size");
        const geometry::HeightWidth scaled = geometry::longer_side_scaled_to(height, width, *o.size->height, "Janus resize");
        const geometry::HeightWidth out{std::max(scaled.height, *o.min_size), std::max(scaled.width, *o.min_size)};
        if (out.height <= 0 || out.width <= 0)
            throw InvalidArgument(std::string(class_name) + ": a " + std::to_string(height) + "x" + std::to_string(width) +
                                  " image resizes to " + std::to_string(out.height) + "x" + std::to_string(out.width) +
                                  " (Pillow refuses sizes below 1)");
        return out;
    }

    // The resize (with do_resize) and the centred square pad (with do_pad), appended to `p`
    // after image `from` (-1: the input) of size `size` and `channels` channels; returns the
    // last image (-1 where neither step ran) and its size.
    static std::pair<int, geometry::HeightWidth> resize_and_pad(plan::ImagePlan& p, int from, geometry::HeightWidth size,
                                                                int channels, const options_type& o) {
        int v = from;
        if (truthy(o.do_resize)) {
            size = resize_size(size.height, size.width, o);
            v = p.derive(v, size, o.resample, plan::ImagePlan::whole(size));
        }
        if (truthy(o.do_pad) && size.height != size.width) {
            const geometry::CropWindow square = geometry::centered_square_window(size);
            v = p.derive(v, size, std::nullopt, square, color_for_channels(background(o), channels));
            size = {square.height, square.width};
        }
        return {v, size};
    }

    static plan::ImagePlan image_plan(const WorkingImage& img, const options_type& o) {
        plan::ImagePlan p;
        auto [v, size] = resize_and_pad(p, -1, {height_of(img), width_of(img)}, channels_of(img), o);
        if (v < 0) v = p.derive(-1, size, std::nullopt, plan::ImagePlan::whole(size));
        p.views.push_back({v, plan::ChannelsFirst{0, size.height, size.width}});
        return p;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        std::vector<plan::ImagePlan> plans;
        for (const auto& img : images) plans.push_back(image_plan(img, o));
        return generic::run_one_view_plans<B>(images, plans, o);
    }
};

struct JanusName {
    static constexpr std::string_view value = "JanusImageProcessor";
};
struct DeepseekVLName {
    static constexpr std::string_view value = "DeepseekVLImageProcessor";
};
using JanusModel = JanusFamilyModel<JanusName>;
using DeepseekVLModel = JanusFamilyModel<DeepseekVLName>;

}  // namespace pixelprep
