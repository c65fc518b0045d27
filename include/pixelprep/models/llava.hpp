// LlavaImageProcessor (models/llava/image_processing_pil_llava.py): with do_pad, each image
// is first padded to a square with the mean color (int(mean * 255) per channel), centered,
// then the CLIP pipeline runs; there is no batch padding afterwards.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/models/clip.hpp"
#include "pixelprep/models/mean_color.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct LlavaModel {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "LlavaImageProcessor";
    static options_type defaults() {
        auto o = ClipModel::defaults();
        o.do_pad = false;
        return o;
    }

    // do_pad's background colour: int(mean * 255) per channel, or 0 for channel 0 only
    // without image_mean (transformers loops over a one-element tuple then).
    static std::vector<long long> background(const options_type& o, int channels) {
        return color_for_channels(mean_color(o.image_mean, class_name, {0}), channels);
    }

    // The plan of one image: pad to a centred square with the background colour (a square
    // image is left as it is), then the CLIP steps: resize, center crop.
    static plan::ImagePlan image_plan(const WorkingImage& img, const options_type& o) {
        plan::ImagePlan p;
        const int h = height_of(img), w = width_of(img);
        int v = -1;
        geometry::HeightWidth size{h, w};
        if (truthy(o.do_pad) && h != w) {
            const geometry::CropWindow square = geometry::centered_square_window(size);
            v = p.derive(-1, size, std::nullopt, square, background(o, channels_of(img)));
            size = {square.height, square.width};
        }
        if (truthy(o.do_resize)) {
            const auto resized = geometry::resize_output_size(size.height, size.width, *o.size);
            v = p.derive(v, resized, o.resample, plan::ImagePlan::whole(resized));
            size = resized;
        }
        if (truthy(o.do_center_crop)) {
            const SizeSpec& crop = *o.crop_size;
            if (!crop.height || !crop.width)
                throw InvalidArgument("The size dictionary must have keys 'height' and 'width'. Got " + crop.to_string());
            v = p.derive(v, size, std::nullopt, geometry::center_crop_window(size.height, size.width, *crop.height, *crop.width));
        }
        if (v < 0) v = p.derive(-1, size, std::nullopt, plan::ImagePlan::whole(size));
        p.views.push_back({v, plan::ChannelsFirst{0, p.size_of(v).height, p.size_of(v).width}});
        return p;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        std::vector<plan::ImagePlan> plans;
        for (const auto& img : images) plans.push_back(image_plan(img, o));
        return generic::run_one_view_plans<B>(images, plans, o);
    }
};

}  // namespace pixelprep
