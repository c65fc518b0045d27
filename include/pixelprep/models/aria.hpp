// AriaImageProcessor (models/aria/image_processing_pil_aria.py). Per image, in transformers'
// order:
//  - its crops: the image itself, or with split_image LLaVA-NeXT's anyres cut -- the
//    split_resolutions entry select_best_resolution picks, the image fitted into it
//    (get_patch_output_size), zero-padded to it around the centre and divided into
//    max_image_size squares (the last row or column shorter where it does not divide);
//  - each crop resized so its longer side is max_image_size and the other int(side * scale),
//    at least min_image_size; zero-padded at the bottom/right to max_image_size square (in
//    the image's own values: the pad comes before rescale and normalize); its pixel_mask is
//    true over the resized crop.
// Outputs: pixel_values (crops, C, S, S), pixel_mask bool (crops, S, S) and num_crops, the
// most crops of one image, as the 0-d int64 array numpy makes of that Python int.
// Each crop is a plan: a chain of windows and resizes of the input.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pixelprep/geometry/anyres.hpp"
#include "pixelprep/geometry/tile_windows.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/got_ocr2.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep {

struct AriaOptions : CommonOptions {
    std::optional<int> max_image_size;
    std::optional<int> min_image_size;
    std::optional<Resolutions> split_resolutions;
    std::optional<bool> split_image;
    static constexpr auto fields() {
        using O = AriaOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"max_image_size", &O::max_image_size},
                                              OptionField<O, int>{"min_image_size", &O::min_image_size},
                                              OptionField<O, Resolutions>{"split_resolutions", &O::split_resolutions},
                                              OptionField<O, bool>{"split_image", &O::split_image}));
    }
    friend bool operator==(const AriaOptions&, const AriaOptions&) = default;
};

struct AriaModel {
    using options_type = AriaOptions;
    static constexpr std::string_view class_name = "AriaImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.do_convert_rgb = o.do_rescale = o.do_normalize = true;
        o.max_image_size = 980;
        o.min_image_size = 336;
        o.split_image = false;
        o.split_resolutions = default_split_resolutions();
        return o;
    }
    // __init__'s grid of 490-pixel blocks, as (height, width).
    static Resolutions default_split_resolutions() {
        static constexpr std::array<std::array<int, 2>, 19> blocks{{{1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}, {1, 8},
                                                                    {2, 4}, {2, 3}, {2, 2}, {2, 1}, {3, 1}, {3, 2}, {4, 1},
                                                                    {4, 2}, {5, 1}, {6, 1}, {7, 1}, {8, 1}}};
        Resolutions r;
        for (const auto& b : blocks) r.push_back({b[0] * 490, b[1] * 490});
        return r;
    }
    // __init__ replaces a config's null split_resolutions with the default grid.
    static void fold_legacy_keys(JsonValue::Object& config) {
        const auto it = config.find("split_resolutions");
        if (it != config.end() && it->second.is_null()) config.erase(it);
    }

    static int side(const options_type& o) {
        const int s = o.max_image_size.value_or(0);
        if (s != 490 && s != 980)
            throw InvalidArgument("max_image_size must be either 490 or 980 (key 'max_image_size': " +
                                  (o.max_image_size ? std::to_string(*o.max_image_size) : std::string("None")) + ")");
        return s;
    }

    // One crop's resize: the longer side to max_image_size, the other truncated, at least
    // min_image_size; it must fit the max_image_size square it is padded to (np.pad refuses
    // a negative pad).
    static geometry::HeightWidth crop_resize(geometry::HeightWidth crop, const options_type& o) {
        const int s = side(o), floor_side = o.min_image_size.value_or(0);
        const double scale = double(s) / double(std::max(crop.height, crop.width));
        const geometry::HeightWidth out =
            crop.width >= crop.height
                ? geometry::HeightWidth{std::max(geometry::python_int(crop.height * scale, "Aria resize"), floor_side), s}
                : geometry::HeightWidth{s, std::max(geometry::python_int(crop.width * scale, "Aria resize"), floor_side)};
        if (out.height > s || out.width > s)
            throw InvalidArgument("AriaImageProcessor: a " + std::to_string(crop.height) + "x" + std::to_string(crop.width) +
                                  " crop resizes to " + std::to_string(out.height) + "x" + std::to_string(out.width) +
                                  ", larger than the max_image_size square it is padded to (min_image_size " +
                                  std::to_string(floor_side) + " is above max_image_size)");
        return out;
    }

    // The crops of an image of this size: windows of its anyres padding (split_image), or
    // the whole image. `best` is the split resolution (the image's own size without split).
    struct Crops {
        geometry::HeightWidth best{};
        geometry::HeightWidth fit{};
        std::vector<geometry::CropWindow> windows;
    };
    static Crops crops(int height, int width, const options_type& o) {
        const int s = side(o);
        Crops c;
        if (!truthy(o.split_image)) {
            c.best = c.fit = {height, width};
            c.windows.push_back(plan::ImagePlan::whole({height, width}));
            return c;
        }
        c.best = geometry::select_best_resolution(height, width, o.split_resolutions.value_or(Resolutions{}));
        c.fit = geometry::patch_output_size(height, width, c.best);
        check_patch_pixels((std::uint64_t(c.best.height) + s - 1) / s * ((std::uint64_t(c.best.width) + s - 1) / s),
                           {s, s}, class_name);
        c.windows = geometry::divide_to_patches_windows(c.best, s, s);
        return c;
    }

    // get_number_of_image_patches: the crops an image gives.
    static std::int64_t number_of_patches(int height, int width, const options_type& o) {
        return std::int64_t(crops(height, width, o).windows.size());
    }
    // AriaProcessor: size_conversion {490: 128, 980: 256} tokens per crop.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        return (side(o) == 490 ? 128 : 256) * number_of_patches(height, width, o);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int s = side(o);
        std::vector<plan::ImagePlan> plans;
        std::vector<std::size_t> image_of;
        std::vector<Tensor> masks;
        std::int64_t most_crops = 0;
        for (std::size_t i = 0; i < images.size(); ++i) {
            const Crops c = crops(height_of(images[i]), width_of(images[i]), o);
            most_crops = std::max(most_crops, std::int64_t(c.windows.size()));
            for (const geometry::CropWindow& w : c.windows) {
                plan::ImagePlan p;
                int v = -1;
                if (truthy(o.split_image)) {
                    // _pad_for_patching: divmod(best - fit, 2) before, the rest after.
                    const int padded = p.derive(-1, c.fit, o.resample, geometry::centered_window(c.fit, c.best));
                    v = p.derive(padded, c.best, std::nullopt, w);
                }
                const geometry::HeightWidth resized = crop_resize({w.height, w.width}, o);
                v = p.derive(v, resized, o.resample, {0, 0, s, s});
                p.views.push_back({v, plan::ChannelsFirst{0, s, s}});
                plans.push_back(std::move(p));
                image_of.push_back(i);
                Array<bool> mask = output_array<bool>({std::size_t(s), std::size_t(s)});
                plan::write_valid_mask(mask.data(), s, s, resized.height, resized.width);
                masks.push_back(std::move(mask));
            }
        }
        BatchFeature out = generic::run_one_view_plans<B>(images, plans, o, image_of);
        out.set_list("pixel_mask", std::move(masks));
        Array<std::int64_t> num_crops = output_array<std::int64_t>({});
        num_crops() = most_crops;
        out.set_tensor("num_crops", std::move(num_crops));
        return out;
    }
};

}  // namespace pixelprep
