// MiniCPMV4_6ImageProcessor (models/minicpmv4_6/image_processing_pil_minicpmv4_6.py), also
// MiniCPM-V 4.7's. Per image, in transformers' order (geometry/minicpmv_slices.hpp):
//  - the whole image resized by find_best_resize (allowed to grow when the image is not
//    sliced), rescaled and normalized;
//  - with slice_mode and a slice grid, the image resized to its refine size and cut into
//    rows x columns slices (divide_to_patches, row by row), each rescaled and normalized.
// do_resize is read (without it both views keep the image's size) but not validated: the
// class drops it from transformers' argument check, so no `size` is needed.
// Each view becomes (C, patch, H * W / patch) by reshape_by_patch -- image row y goes to
// row y % patch, columns (y / patch) * W onward -- and the views of all images are
// concatenated along that last axis: pixel_values (1, C, patch, total), float32 (uint8
// without rescale and normalize, as numpy keeps it). target_sizes: int32 (views, 2), each
// view's (H / patch, W / patch); grids: [rows, columns] per image ([0, 0] unsliced) and
// num_patches_per_image, the views per image: Python lists, as transformers keeps them.
// Each view is a plan (a slice is a window of the refine resize); its channels-first result
// is then copied into its columns of pixel_values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/geometry/minicpmv_slices.hpp"
#include "pixelprep/geometry/tile_windows.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/options/validate.hpp"

namespace pixelprep {

struct MiniCPMV4_6Options : CommonOptions {
    std::optional<int> max_slice_nums;
    std::optional<int> scale_resolution;
    std::optional<int> patch_size;
    std::optional<bool> slice_mode;
    std::optional<std::string> downsample_mode;
    std::optional<bool> use_image_id;  // read by the processor's placeholders only
    static constexpr auto fields() {
        using O = MiniCPMV4_6Options;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, int>{"max_slice_nums", &O::max_slice_nums},
                                              OptionField<O, int>{"scale_resolution", &O::scale_resolution},
                                              OptionField<O, int>{"patch_size", &O::patch_size},
                                              OptionField<O, bool>{"slice_mode", &O::slice_mode},
                                              OptionField<O, std::string>{"downsample_mode", &O::downsample_mode},
                                              OptionField<O, bool>{"use_image_id", &O::use_image_id}));
    }
    friend bool operator==(const MiniCPMV4_6Options&, const MiniCPMV4_6Options&) = default;
};

struct MiniCPMV4_6Model {
    using options_type = MiniCPMV4_6Options;
    static constexpr std::string_view class_name = "MiniCPMV4_6ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.do_resize = o.do_rescale = o.do_normalize = o.do_convert_rgb = true;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.max_slice_nums = 9;
        o.scale_resolution = 448;
        o.patch_size = 14;
        o.slice_mode = true;
        o.downsample_mode = "16x";
        o.use_image_id = true;
        return o;
    }

    // _validate_preprocess_kwargs drops do_resize before transformers' checks.
    static void validate(const options_type& o) {
        options_type checked = o;
        checked.do_resize = false;
        validate_preprocess_arguments(checked);
    }

    struct Numbers {
        int scale = 0;
        int patch = 0;
        int merge = 0;  // 2 for "4x", else 4
        int max_slices = 0;
    };
    static Numbers numbers(const options_type& o) {
        const auto positive = [](const std::optional<int>& v, const char* key) {
            if (!v || *v <= 0)
                throw InvalidArgument(std::string("MiniCPMV4_6ImageProcessor: key '") + key + "': " +
                                      (v ? std::to_string(*v) : std::string("None")) + " must be a positive number");
            return *v;
        };
        return {positive(o.scale_resolution, "scale_resolution"), positive(o.patch_size, "patch_size"),
                o.downsample_mode.value_or("16x") == "4x" ? 2 : 4, o.max_slice_nums.value_or(0)};
    }

    // The views of an image of this size: the whole image's size, then the grid and each
    // slice's window of the refine image (whose size is `refine`).
    struct Layout {
        geometry::HeightWidth source{};
        std::optional<geometry::SliceGrid> grid;
        geometry::HeightWidth refine{};
        std::vector<geometry::CropWindow> slices;
    };
    static Layout layout(int height, int width, const options_type& o) {
        const Numbers n = numbers(o);
        Layout l;
        if (truthy(o.slice_mode)) l.grid = geometry::minicpmv_sliced_grid(height, width, n.max_slices, n.scale);
        l.source = truthy(o.do_resize)
                       ? geometry::minicpmv_best_resize(height, width, n.scale, n.patch, n.merge, !l.grid.has_value())
                       : geometry::HeightWidth{height, width};
        if (!l.grid) return l;
        l.refine = truthy(o.do_resize) ? geometry::minicpmv_refine_size(height, width, *l.grid, n.scale, n.patch, n.merge)
                                       : geometry::HeightWidth{height, width};
        // divide_to_patches: steps of (H // rows, W // columns) over the whole image, the
        // last ones cut short where the sides do not divide.
        const int step_h = l.refine.height / l.grid->rows, step_w = l.refine.width / l.grid->columns;
        if (step_h <= 0 || step_w <= 0)
            throw ImageError("MiniCPMV4_6ImageProcessor: a " + std::to_string(l.refine.height) + "x" +
                             std::to_string(l.refine.width) + " image cannot be cut into " + std::to_string(l.grid->rows) +
                             "x" + std::to_string(l.grid->columns) + " slices (range() arg 3 must not be zero)");
        l.slices = geometry::divide_to_patches_windows(l.refine, step_h, step_w);
        return l;
    }

    // reshape_by_patch needs whole patches: numpy cannot reshape the view otherwise.
    static void check_patches(geometry::HeightWidth view, int patch) {
        if (view.height % patch != 0 || view.width % patch != 0)
            throw ImageError("MiniCPMV4_6ImageProcessor: a " + std::to_string(view.height) + "x" +
                             std::to_string(view.width) + " view cannot be cut into " + std::to_string(patch) +
                             "-pixel patches (numpy cannot reshape it)");
    }

    // The views' channels-first arrays into pixel_values (1, C, patch, total): row y of a
    // view to row y % patch of each channel, from column start + (y / patch) * W on. T is
    // what np.concatenate gives: uint8 when every view is, else float32.
    template <class T>
    static Array<T> patch_strips(const std::vector<Tensor>& views, int channels, int patch, std::size_t total) {
        const std::size_t p = std::size_t(patch), plane = p * total;
        Array<T> out = output_array<T>({1, std::size_t(channels), p, total});
        std::size_t start = 0;
        for (const Tensor& t : views)
            std::visit(
                [&](const auto& a) {
                    const std::size_t h = a.shape()[1], w = a.shape()[2];
                    for (std::size_t c = 0; c < std::size_t(channels); ++c)
                        for (std::size_t y = 0; y < h; ++y) {
                            const auto* row = a.data() + (c * h + y) * w;
                            std::copy(row, row + w, out.data() + c * plane + (y % p) * total + start + (y / p) * w);
                        }
                    start += h * w / p;
                },
                t);
        return out;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const Numbers n = numbers(o);
        std::vector<plan::ImagePlan> plans;
        std::vector<std::size_t> image_of;
        std::vector<std::int32_t> target_sizes;
        std::vector<Tensor> grids;
        Array<std::int64_t> views_per_image(std::vector<std::size_t>{images.size()});
        std::size_t total = 0;
        const int channels = channels_of(images.front());
        const auto add_view = [&](std::size_t image, geometry::HeightWidth from_size, std::optional<Resample> filter,
                                  geometry::CropWindow window) {
            check_patches({window.height, window.width}, n.patch);
            plans.push_back(generic::window_plan(from_size, filter, window));
            image_of.push_back(image);
            target_sizes.push_back(window.height / n.patch);
            target_sizes.push_back(window.width / n.patch);
            total += std::size_t(window.height) * std::size_t(window.width) / std::size_t(n.patch);
        };
        for (std::size_t i = 0; i < images.size(); ++i) {
            if (channels_of(images[i]) != channels)  // np.concatenate needs one channel count
                throw ImageError("MiniCPMV4_6ImageProcessor: images 0 and " + std::to_string(i) + " have " +
                                 std::to_string(channels) + " and " + std::to_string(channels_of(images[i])) +
                                 " channels; their views cannot be concatenated");
            const Layout l = layout(height_of(images[i]), width_of(images[i]), o);
            const auto filter = truthy(o.do_resize) ? o.resample : std::nullopt;
            add_view(i, l.source, filter, plan::ImagePlan::whole(l.source));
            for (const geometry::CropWindow& s : l.slices) add_view(i, l.refine, filter, s);
            views_per_image(i) = 1 + std::int64_t(l.slices.size());
            Array<std::int64_t> grid(std::vector<std::size_t>{2});
            grid(0) = l.grid ? l.grid->rows : 0;
            grid(1) = l.grid ? l.grid->columns : 0;
            grids.push_back(std::move(grid));
        }
        BatchFeature views = generic::run_one_view_plans<B>(images, plans, o, image_of);
        const std::vector<Tensor>& items = views.list("pixel_values");
        BatchFeature out;
        const bool all_uint8 = std::all_of(items.begin(), items.end(),
                                           [](const Tensor& t) { return std::holds_alternative<Array<std::uint8_t>>(t); });
        if (all_uint8)
            out.set_tensor("pixel_values", patch_strips<std::uint8_t>(items, channels, n.patch, total));
        else
            out.set_tensor("pixel_values", patch_strips<float>(items, channels, n.patch, total));
        Array<std::int32_t> sizes(std::vector<std::size_t>{target_sizes.size() / 2, 2});
        std::copy(target_sizes.begin(), target_sizes.end(), sizes.data());
        out.set_tensor("target_sizes", std::move(sizes));
        out.set_int_lists("grids", std::move(grids));
        out.set_int_list("num_patches_per_image", std::move(views_per_image));
        return out;
    }

    // MiniCPMV4_6Processor.replace_image_token: each view's target size product over the
    // token divisor (4 for "4x", else 16), summed over the image's views.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        const Numbers n = numbers(o);
        const Layout l = layout(height, width, o);
        const std::int64_t divisor = n.merge * n.merge;
        std::int64_t tokens = std::int64_t(l.source.height / n.patch) * (l.source.width / n.patch) / divisor;
        for (const geometry::CropWindow& s : l.slices) tokens += std::int64_t(s.height / n.patch) * (s.width / n.patch) / divisor;
        return tokens;
    }
};

}  // namespace pixelprep
