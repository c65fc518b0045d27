// Idefics2ImageProcessor (models/idefics2/image_processing_pil_idefics2.py). Nested input (a
// flat list is ONE sample). With do_image_splitting each uint8 image first becomes its four
// quadrants (at H // 2, W // 2) and itself; every frame is then resized by the
// shortest/longest-edge rule (bilinear by default), rescaled and normalized; frames are padded
// as Idefics3's (models/nested_frames.hpp). A quadrant with no columns (a 1-pixel-wide image)
// is an empty image, which PIL resizes to zeros; one with no rows fails in the size rule as
// transformers' ZeroDivisionError does.
// Outputs: pixel_values float32 (B, N, C, H, W), pixel_attention_mask int64 (B, N, H, W).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/geometry/longest_edge_split.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/nested_frames.hpp"
#include "pixelprep/plan/image_plan.hpp"

namespace pixelprep {

struct Idefics2Options : CommonOptions {
    std::optional<bool> do_image_splitting;
    // Processor-level (Idefics2Processor `image_seq_len`): only the token count uses it; unset
    // means the processor's default, 64.
    std::optional<int> image_seq_len;
    static constexpr auto fields() {
        using O = Idefics2Options;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, bool>{"do_image_splitting", &O::do_image_splitting},
                                              OptionField<O, int>{"image_seq_len", &O::image_seq_len}));
    }
    friend bool operator==(const Idefics2Options&, const Idefics2Options&) = default;
};

struct Idefics2Model {
    using options_type = Idefics2Options;
    static constexpr std::string_view class_name = "Idefics2ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::shortest_longest(378, 980);
        o.do_convert_rgb = o.do_resize = o.do_rescale = o.do_normalize = o.do_pad = true;
        o.do_image_splitting = false;
        return o;
    }

    // Idefics2ImageProcessor.resize: shortest_edge + longest_edge (both set and non-zero) or
    // height + width.
    static geometry::HeightWidth resized_size(int h, int w, const options_type& o) {
        const SizeSpec& s = *o.size;
        if (s.shortest_edge && *s.shortest_edge && s.longest_edge && *s.longest_edge) {
            if (*s.shortest_edge < 0 || *s.longest_edge < 0)
                throw InvalidArgument(std::string(class_name) + ": size " + s.to_string() + " needs positive edges");
            return geometry::idefics2_resize_output_size(h, w, *s.shortest_edge, *s.longest_edge);
        }
        if (s.height && *s.height && s.width && *s.width) return {*s.height, *s.width};
        throw InvalidArgument(std::string(class_name) + ": size " + s.to_string() +
                              " must contain 'height' and 'width' keys or 'shortest_edge' and 'longest_edge' keys.");
    }

    // One plan per image: its frames (the quadrants and the whole image, or the image alone),
    // each resized as a view.
    template <class B>
    static BatchFeature run_nested(std::vector<std::vector<WorkingImage>> samples, const options_type& o) {
        std::vector<std::vector<plan::ImagePlan>> plans(samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i)
            for (const WorkingImage& image : samples[i]) plans[i].push_back(image_plan(height_of(image), width_of(image), o));
        return truthy(o.do_pad) ? nested_frames::padded<B>(samples, plans, o, class_name)
                                : nested_frames::stacked<B>(samples, plans, o, class_name);
    }

    // The frames of an h x w image as windows of it: with do_image_splitting the quadrants at
    // (h // 2, w // 2) in raster order, then the whole image (split_images).
    static std::vector<geometry::CropWindow> frames(int h, int w, const options_type& o) {
        std::vector<geometry::CropWindow> out;
        if (truthy(o.do_image_splitting)) {
            const int mh = h / 2, mw = w / 2;
            out = {{0, 0, mh, mw}, {0, mw, mh, w - mw}, {mh, 0, h - mh, mw}, {mh, mw, h - mh, w - mw}};
        }
        out.push_back({0, 0, h, w});
        return out;
    }

    // image_seq_len <image> tokens per frame, five frames with splitting
    // (Idefics2Processor: image_str * 5).
    static std::int64_t image_token_count(int, int, const options_type& o) {
        return std::int64_t(o.image_seq_len.value_or(64)) * (truthy(o.do_image_splitting) ? 5 : 1);
    }

private:
    static plan::ImagePlan image_plan(int h, int w, const options_type& o) {
        plan::ImagePlan p;
        double pixels = 0;
        for (const auto& f : frames(h, w, o)) {
            int image = f.top == 0 && f.left == 0 && f.height == h && f.width == w
                            ? -1
                            : p.derive(-1, {h, w}, std::nullopt, f);
            if (truthy(o.do_resize)) {
                const geometry::HeightWidth size = resized_size(f.height, f.width, o);
                pixels += double(size.height) * size.width;
                if (f.height == 0 || f.width == 0)  // PIL resizes an empty image to zeros: a window outside any pixel
                    image = p.derive(-1, {h, w}, std::nullopt, {h, w, size.height, size.width});
                else
                    image = p.derive(image, size, o.resample, plan::ImagePlan::whole(size));
            } else if (image < 0) {
                image = p.derive(-1, {h, w}, std::nullopt, f);
            }
            p.views.push_back({image, {}});
        }
        if (pixels > double(max_image_pixels()))
            throw LimitError(std::string(class_name) + ": the frames of one " + std::to_string(h) + "x" + std::to_string(w) +
                             " image exceed the limit of " + std::to_string(max_image_pixels()) +
                             " pixels per image (pixelprep::set_max_image_pixels)");
        return p;
    }
};

}  // namespace pixelprep
