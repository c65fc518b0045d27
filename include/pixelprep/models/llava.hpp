// LlavaImageProcessor (models/llava/image_processing_pil_llava.py): with do_pad, each image
// is first padded to a square with the mean color (int(mean * 255) per channel), centered,
// then the CLIP pipeline runs; there is no batch padding afterwards.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pixelprep/models/clip.hpp"
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
        if (!o.image_mean) return {0};
        if (o.image_mean->scalar)
            throw InvalidArgument("LlavaImageProcessor: do_pad needs image_mean as a list (one value per channel)");
        std::vector<long long> color;
        for (double m : o.image_mean->values) {
            const double c = m * 255;
            if (!(c >= -0x1p63 && c < 0x1p63))  // a 64-bit fill value cannot hold int(c)
                throw InvalidArgument("LlavaImageProcessor: do_pad: image_mean value " + python_float_repr(m) +
                                      " gives a background color out of range");
            color.push_back(static_cast<long long>(c));  // int() truncates
        }
        if (int(color.size()) != channels)
            throw InvalidArgument("background_color must have no more than " + std::to_string(channels) +
                                  " elements to match the number of channels");
        return color;
    }

    // The plan of one image: pad to a centred square with the background colour (a square
    // image is left as it is), then the CLIP steps: resize, center crop.
    static plan::ImagePlan image_plan(const WorkingImage& img, const options_type& o) {
        plan::ImagePlan p;
        const int h = height_of(img), w = width_of(img);
        int v = -1;
        geometry::HeightWidth size{h, w};
        if (truthy(o.do_pad) && h != w) {
            const int side = std::max(h, w);
            const int dy = w > h ? (side - h) / 2 : 0, dx = w > h ? 0 : (side - w) / 2;
            v = p.derive(-1, size, std::nullopt, {-dy, -dx, side, side}, background(o, channels_of(img)));
            size = {side, side};
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

    // One array per image (no batch padding). A float32 result is written by the plan into
    // its array; a uint8 one (no rescale, no normalize) comes from the plan's views.
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        std::vector<plan::ImagePlan> plans;
        for (const auto& img : images) plans.push_back(image_plan(img, o));
        std::vector<Tensor> items;
        if (!truthy(o.do_rescale) && !truthy(o.do_normalize)) {  // each view keeps the dtype the steps give it
            for (std::size_t i = 0; i < images.size(); ++i)
                items.push_back(to_tensor(std::move(op::execute_views<B>(images[i], plans[i], o).front())));
        } else {
            std::vector<Array<float>> arrays(images.size());
            std::vector<plan::Job> jobs;
            for (std::size_t i = 0; i < images.size(); ++i) {
                const auto size = plans[i].size_of(plans[i].views.front().image);
                arrays[i] = output_array<float>(
                    {std::size_t(channels_of(images[i])), std::size_t(size.height), std::size_t(size.width)});
                jobs.push_back({&images[i], &plans[i], arrays[i].data()});
            }
            op::execute_plans<B>(jobs, o);
            for (auto& a : arrays) items.push_back(std::move(a));
        }
        BatchFeature out;
        out.set_list("pixel_values", std::move(items));
        return out;
    }
};

}  // namespace pixelprep
