// DonutImageProcessor and NougatImageProcessor (models/donut, models/nougat,
// image_processing_pil_*.py): document pages. Per image, on uint8:
//   [Nougat: crop_margin] -> align_long_axis (90 degrees clockwise when the page and `size`
//   disagree in orientation) -> resize the short side to min(size) -> thumbnail (shrink into
//   `size`, the other side from the aspect ratio, truncated) -> pad centred to `size` (zeros,
//   the odd pixel bottom/right) -> [Donut: center crop] -> rescale -> normalize.
// The resize, thumbnail, pad and crop are one plan (two resizes and windows); the rotation and
// the margin crop are host steps before it. Differences between the two classes:
//   - Donut's thumbnail resamples with `resample` (bicubic where it is NEAREST, 0); Nougat's
//     is always bicubic with Pillow's reducing_gap 2.0, whose pre-reduction (a shrink of 4x
//     or more on an axis: pages about 4 times longer than wide) runs on the host
//     (numerics/pillow_reduce.hpp) and the plan continues from its result.
//   - Donut reads a list `size` as (width, height), in __init__ and per call.
// The short-side resize of a very thin image is huge (3x1000 at Donut's 1920: 1920x640000);
// it is held to the pixel limit like any image, where transformers allocates it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pixelprep/config/json_value.hpp"
#include "pixelprep/core/pil_ready.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/numerics/pillow_reduce.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/plan/image_plan.hpp"

namespace pixelprep {

struct DonutOptions : CommonOptions {
    std::optional<bool> do_thumbnail;
    std::optional<bool> do_align_long_axis;
    std::optional<bool> do_crop_margin;  // Nougat only (Donut's class does not read it)
    static constexpr auto fields() {
        using O = DonutOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, bool>{"do_thumbnail", &O::do_thumbnail},
                                              OptionField<O, bool>{"do_align_long_axis", &O::do_align_long_axis},
                                              OptionField<O, bool>{"do_crop_margin", &O::do_crop_margin}));
    }
    friend bool operator==(const DonutOptions&, const DonutOptions&) = default;
};

namespace document {

// np.rot90(image, 3): 90 degrees clockwise; an H x W image becomes W x H.
inline WorkingImage rotate_clockwise(const WorkingImage& image) {
    return std::visit(
        [](const auto& img) -> WorkingImage {
            using T = typename std::decay_t<decltype(img)>::value_type;
            const int h = img.height(), w = img.width(), c = img.channels();
            Image<T> out(w, h, c, Layout::hwc);
            for (int y = 0; y < w; ++y)
                for (int x = 0; x < h; ++x)
                    for (int k = 0; k < c; ++k) out.at(y, x, k) = img.at(h - 1 - x, y, k);
            return out;
        },
        image);
}

// align_long_axis: rotate when the page is landscape and `size` portrait, or the other way
// (a square page or a square size: never).
inline bool needs_rotation(int h, int w, const SizeSpec& size) {
    const int oh = *size.height, ow = *size.width;
    return (ow < oh && w > h) || (ow > oh && w < h);
}

// Nougat's crop_margin: Pillow's "L" of the page (ITU-R 601-2 in 16-bit fixed point, alpha
// ignored; the first channel of a 2-channel image), stretched to 0..255 in float64; the crop
// is the bounding box of the pixels below 200. A page of one grey level is kept whole.
// A 1-channel page that is not uniform fails in transformers (its crop is 2-D where the code
// expects channels): refused the same way.
// `img` is the page as Pillow gets it (to_pil_image: a float page scaled to 8 bits).
inline std::optional<geometry::CropWindow> margin_window(const Image<std::uint8_t>& img, std::string_view who) {
    const int h = img.height(), w = img.width(), c = img.channels();
    if (h == 0 || w == 0) return std::nullopt;
    std::vector<std::uint8_t> grey(std::size_t(h) * std::size_t(w));
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint32_t v;
            if (c >= 3)
                v = (std::uint32_t(img.at(y, x, 0)) * 19595 + std::uint32_t(img.at(y, x, 1)) * 38470 +
                     std::uint32_t(img.at(y, x, 2)) * 7471 + 0x8000) >> 16;
            else
                v = img.at(y, x, 0);
            grey[std::size_t(y) * std::size_t(w) + std::size_t(x)] = std::uint8_t(v);
        }
    const auto [lo_it, hi_it] = std::minmax_element(grey.begin(), grey.end());
    const int lo = *lo_it, hi = *hi_it;
    if (lo == hi) return std::nullopt;
    if (c == 1)
        throw InvalidArgument(std::string(who) + ": crop_margin of a 1-channel page fails in transformers (ValueError: axes "
                              "don't match array); set do_convert_rgb or do_crop_margin false");
    int top = h, left = w, bottom = -1, right = -1;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double v = double(grey[std::size_t(y) * std::size_t(w) + std::size_t(x)] - lo) / double(hi - lo) * 255.0;
            if (v < 200.0) {
                top = std::min(top, y), bottom = std::max(bottom, y);
                left = std::min(left, x), right = std::max(right, x);
            }
        }
    return geometry::CropWindow{top, left, bottom - top + 1, right - left + 1};
}

}  // namespace document

template <class Derived> struct DocumentFamily {
    using options_type = DonutOptions;

    // thumbnail: each side at most `size`'s, the other side from the aspect ratio (int()),
    // nothing when the image already fits.
    static std::optional<geometry::HeightWidth> thumbnail_size(int ih, int iw, const SizeSpec& size) {
        int h = std::min(ih, *size.height), w = std::min(iw, *size.width);
        if (h == ih && w == iw) return std::nullopt;
        if (ih > iw)
            w = geometry::python_int(double(static_cast<long long>(iw) * h) / double(ih), "thumbnail");
        else if (iw > ih)
            h = geometry::python_int(double(static_cast<long long>(ih) * w) / double(iw), "thumbnail");
        if (h <= 0 || w <= 0)
            throw InvalidArgument(std::string(Derived::class_name) + ": the thumbnail of a " + std::to_string(ih) + "x" +
                                  std::to_string(iw) + " image into " + size.to_string() + " is " + std::to_string(h) + "x" +
                                  std::to_string(w) + " (transformers: Size must contain 'height' and 'width' keys ...)");
        return geometry::HeightWidth{h, w};
    }

    template <class B>
    static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const SizeSpec& size = target(o);
        std::vector<plan::ImagePlan> plans;
        for (auto& image : images) {
            plan::ImagePlan p;
            int current = -1;
            geometry::HeightWidth at{height_of(image), width_of(image)};
            if (Derived::crops_margin && truthy(o.do_crop_margin)) {
                // The crop is taken of the 8-bit PIL page, which stays 8-bit after it; a page
                // of one level is returned as it came (a float page stays float).
                const Image<std::uint8_t>* u8 = std::get_if<Image<std::uint8_t>>(&image);
                std::optional<PilReadyImage> page;
                if (!u8) u8 = &page.emplace(to_pil_ready(view_of(image))).image;
                if (const auto window = document::margin_window(*u8, Derived::class_name)) {
                    if (page) image = std::move(page->image);
                    current = p.derive(-1, at, std::nullopt, *window);
                    at = {window->height, window->width};
                }
            }
            if (truthy(o.do_align_long_axis) && document::needs_rotation(at.height, at.width, size)) {
                // The rotation is a host step: the plan then reads the rotated page (and its
                // margin crop, already taken, becomes the rotated crop).
                image = document::rotate_clockwise(page_so_far<B>(image, p, current, o));
                p = plan::ImagePlan{};
                current = -1;
                at = {height_of(image), width_of(image)};
            }
            if (truthy(o.do_resize)) {
                const int shortest = std::min(*size.height, *size.width);
                const geometry::HeightWidth s = geometry::resize_output_size(at.height, at.width, SizeSpec::shortest(shortest));
                current = p.derive(current, s, o.resample, plan::ImagePlan::whole(s));
                at = s;
            }
            if (truthy(o.do_thumbnail))
                if (const auto t = thumbnail_size(at.height, at.width, size)) {
                    const Resample filter = Derived::thumbnail_filter(o);
                    if (Derived::thumbnail_reducing_gap > 0 &&
                        numerics::reducing_gap_factors(at.width, at.height, t->width, t->height, Derived::thumbnail_reducing_gap)) {
                        // Pillow reduces by whole factors first: a host step on the page as
                        // resized so far; the plan then continues from the thumbnail.
                        image = reduced_thumbnail(page_so_far<B>(image, p, current, o), *t, filter);
                        p = plan::ImagePlan{};
                        current = -1;
                    } else {
                        current = p.derive(current, *t, filter, plan::ImagePlan::whole(*t));
                    }
                    at = *t;
                }
            if (truthy(o.do_pad)) {
                const int dh = *size.height - at.height, dw = *size.width - at.width;
                if (dh < 0 || dw < 0)
                    throw InvalidArgument(std::string(Derived::class_name) + ": do_pad: the " + std::to_string(at.height) + "x" +
                                          std::to_string(at.width) + " image is larger than size " + size.to_string() +
                                          " (transformers: index can't contain negative values; enable do_thumbnail)");
                const geometry::CenteredOffsets c = geometry::centered_offsets(at.height, at.width, *size.height, *size.width);
                current = p.derive(current, at, std::nullopt, {-c.top, -c.left, *size.height, *size.width});
                at = {*size.height, *size.width};
            }
            if constexpr (Derived::center_crops) {
                if (truthy(o.do_center_crop)) current = p.derive_center_crop(current, at, steps::crop_size_of(*o.crop_size));
            }
            if (current < 0) current = p.derive(-1, at, std::nullopt, plan::ImagePlan::whole(at));
            p.views.push_back({current, plan::ChannelsFirst{0, p.size_of(current).height, p.size_of(current).width}});
            plans.push_back(std::move(p));
        }
        return generic::run_one_view_plans<B>(images, plans, o);
    }

    // A list `size` in a Donut config or call is (width, height).
    static void fold_legacy_keys(JsonValue::Object& config) {
        if constexpr (Derived::list_size_is_width_height) {
            const auto it = config.find("size");
            if (it != config.end() && it->second.is_array() && it->second.as_array().size() == 2) {
                const auto& a = it->second.as_array();
                it->second = JsonValue(JsonValue::Array{a[1], a[0]});
            }
        }
    }
    static void fold_call_keys(JsonValue::Object& named) { fold_legacy_keys(named); }

private:
    // The page as the plan has made it so far (image `current`; the input where it is -1),
    // without the value map: what a host step (the rotation, the reduction) takes.
    template <class B>
    static WorkingImage page_so_far(const WorkingImage& image, plan::ImagePlan p, int current, const options_type& o) {
        if (current < 0) return image;
        CommonOptions pixels_only = o;
        pixels_only.do_rescale = pixels_only.do_normalize = false;
        p.views = {{current, {}}};
        return op::execute_views<B>(image, p, pixels_only).front();
    }

    // Pillow's reducing_gap resize of the page.
    static WorkingImage reduced_thumbnail(const WorkingImage& page, geometry::HeightWidth to, Resample filter) {
        const auto* u8 = std::get_if<Image<std::uint8_t>>(&page);
        if (!u8)
            throw InvalidArgument(std::string(Derived::class_name) + ": the thumbnail of a float page that needs Pillow's "
                                  "reducing_gap pre-reduction is not implemented (give the page as uint8)");
        return numerics::resize_with_reducing_gap(*u8, to.height, to.width, filter, Derived::thumbnail_reducing_gap);
    }

    static const SizeSpec& target(const options_type& o) {
        if (!o.size || !o.size->height || !o.size->width || *o.size->height <= 0 || *o.size->width <= 0)
            throw InvalidArgument(std::string(Derived::class_name) + ": size must have a positive 'height' and 'width', got " +
                                  (o.size ? o.size->to_string() : std::string("None")));
        return *o.size;
    }
};

struct DonutModel : DocumentFamily<DonutModel> {
    static constexpr std::string_view class_name = "DonutImageProcessor";
    static constexpr bool crops_margin = false, center_crops = true, list_size_is_width_height = true;
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.size = SizeSpec::exact(2560, 1920);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_thumbnail = o.do_pad = true;
        o.do_align_long_axis = false;
        return o;
    }
    static constexpr double thumbnail_reducing_gap = 0;  // none
    static Resample thumbnail_filter(const options_type& o) {
        return o.resample && *o.resample != Resample::nearest ? *o.resample : Resample::bicubic;
    }
};

struct NougatModel : DocumentFamily<NougatModel> {
    static constexpr std::string_view class_name = "NougatImageProcessor";
    static constexpr bool crops_margin = true, center_crops = false, list_size_is_width_height = false;
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_default_mean();
        o.image_std = imagenet_default_std();
        o.size = SizeSpec::exact(896, 672);
        o.do_resize = o.do_rescale = o.do_normalize = o.do_thumbnail = o.do_pad = o.do_crop_margin = true;
        o.do_align_long_axis = false;
        return o;
    }
    // Always bicubic, with Pillow's reducing_gap 2.0 (a whole-factor reduction first where the
    // thumbnail shrinks by 4x or more on an axis).
    static constexpr double thumbnail_reducing_gap = 2.0;
    static Resample thumbnail_filter(const options_type&) { return Resample::bicubic; }
};

}  // namespace pixelprep
