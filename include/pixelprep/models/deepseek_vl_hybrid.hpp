// DeepseekVLHybridImageProcessor (models/deepseek_vl_hybrid/image_processing_pil_deepseek_vl_hybrid.py):
// DeepSeek-VL's steps twice. With do_resize, the image is first resized to high_res_size
// (1024, the longer side, at least min_size; high_res_resample, where Python's `or` falls back
// to resample for NEAREST or None) and padded to a centred square in high_res_background_color;
// that padded uint8 image is then resized to size (384) and padded in background_color. Each
// is rescaled and normalized with its own statistics (high_res_image_mean/std, image_mean/std):
// high_res_pixel_values and pixel_values. Without do_resize neither is padded: both are the
// input, each with its own statistics. The two colours are int(mean * 255) of the two means,
// which __init__ computes (a config's values are replaced) and save_pretrained writes; as for
// Janus (janus.hpp), they follow a call's means.
#pragma once

#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "pixelprep/models/janus.hpp"

namespace pixelprep {

struct DeepseekVLHybridOptions : JanusOptions {
    std::optional<SizeSpec> high_res_size;
    std::optional<Resample> high_res_resample;
    std::optional<ChannelValues> high_res_image_mean;
    std::optional<ChannelValues> high_res_image_std;
    static constexpr auto fields() {
        using O = DeepseekVLHybridOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"min_size", &O::min_size},
                                              OptionField<O, SizeSpec>{"high_res_size", &O::high_res_size},
                                              OptionField<O, Resample>{"high_res_resample", &O::high_res_resample},
                                              OptionField<O, ChannelValues>{"high_res_image_mean", &O::high_res_image_mean},
                                              OptionField<O, ChannelValues>{"high_res_image_std", &O::high_res_image_std}));
    }
    friend bool operator==(const DeepseekVLHybridOptions&, const DeepseekVLHybridOptions&) = default;
};

struct DeepseekVLHybridName {
    static constexpr std::string_view value = "DeepseekVLHybridImageProcessor";
};

struct DeepseekVLHybridModel {
    using options_type = DeepseekVLHybridOptions;
    using Steps = JanusFamilyModel<DeepseekVLHybridName>;  // the resize, the pad, their words
    static constexpr std::string_view class_name = DeepseekVLHybridName::value;

    static options_type defaults() {
        options_type o;
        static_cast<JanusOptions&>(o) = Steps::defaults();
        o.high_res_size = SizeSpec::exact(1024, 1024);
        o.high_res_resample = Resample::bicubic;
        o.high_res_image_mean = openai_clip_mean();
        o.high_res_image_std = openai_clip_std();
        return o;
    }
    static void fold_legacy_keys(JsonValue::Object& config) {
        config.erase("background_color");
        config.erase("high_res_background_color");
    }
    static JsonValue::Object saved_attributes(const options_type& o) {
        JsonValue::Object out = Steps::saved_attributes(o);
        JanusOptions high = o;
        high.image_mean = o.high_res_image_mean;
        for (auto& [key, value] : Steps::saved_attributes(high)) out["high_res_" + key] = std::move(value);
        return out;
    }

    // The high-resolution pass's options: its size, filter and statistics.
    static JanusOptions high_res(const options_type& o) {
        JanusOptions h = o;
        h.size = o.high_res_size;
        if (o.high_res_resample && *o.high_res_resample != Resample::nearest) h.resample = o.high_res_resample;
        h.image_mean = o.high_res_image_mean;
        h.image_std = o.high_res_image_std;
        return h;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        JanusOptions high = high_res(o), low = o;
        high.do_pad = low.do_pad = truthy(o.do_resize) && truthy(o.do_pad);  // its pads are part of the resize
        std::vector<plan::ImagePlan> high_plans, low_plans;
        for (const WorkingImage& img : images) {
            const geometry::HeightWidth input{height_of(img), width_of(img)};
            plan::ImagePlan hp, lp;
            auto [hv, hsize] = Steps::resize_and_pad(hp, -1, input, channels_of(img), high);
            if (hv < 0) hv = hp.derive(-1, hsize, std::nullopt, plan::ImagePlan::whole(hsize));
            hp.views.push_back({hv, plan::ChannelsFirst{0, hsize.height, hsize.width}});
            // The low-resolution image is made from the padded high-resolution one.
            auto [v, size] = Steps::resize_and_pad(lp, -1, input, channels_of(img), high);
            if (truthy(o.do_resize)) std::tie(v, size) = Steps::resize_and_pad(lp, v, size, channels_of(img), low);
            if (v < 0) v = lp.derive(-1, size, std::nullopt, plan::ImagePlan::whole(size));
            lp.views.push_back({v, plan::ChannelsFirst{0, size.height, size.width}});
            high_plans.push_back(std::move(hp));
            low_plans.push_back(std::move(lp));
        }
        BatchFeature out = generic::run_one_view_plans<B>(images, low_plans, low);
        BatchFeature hr = generic::run_one_view_plans<B>(images, high_plans, high);
        out.set("high_res_pixel_values", hr.take("pixel_values"));
        return out;
    }
};

}  // namespace pixelprep
