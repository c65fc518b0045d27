// Siglip2ImageProcessor, NaFlex (models/siglip2/image_processing_pil_siglip2.py): resize so
// the patch grid fits max_num_patches (bilinear), rescale, normalize, flatten to patches laid
// out [py][px][c], zero-pad to max_num_patches; pixel_attention_mask int32 marks real patches,
// spatial_shapes int64 gives the grid.
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>
#include <tuple>
#include <vector>

#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct Siglip2Options : CommonOptions {
    std::optional<int> patch_size;
    std::optional<int> max_num_patches;
    static constexpr auto fields() {
        using O = Siglip2Options;
        return std::tuple_cat(common_fields<O>(), std::make_tuple(OptionField<O, int>{"patch_size", &O::patch_size},
                                                                  OptionField<O, int>{"max_num_patches", &O::max_num_patches}));
    }
    friend bool operator==(const Siglip2Options&, const Siglip2Options&) = default;
};


struct Siglip2Model {
    using options_type = Siglip2Options;
    static constexpr std::string_view class_name = "Siglip2ImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.image_mean = imagenet_standard_mean();
        o.image_std = imagenet_standard_std();
        o.do_resize = o.do_rescale = o.do_normalize = true;
        o.patch_size = 16;
        o.max_num_patches = 256;
        return o;
    }
    // transformers drops do_resize before validating: the size comes from max_num_patches.
    static void validate(const options_type& o) {
        options_type checked = o;
        checked.do_resize.reset();
        validate_preprocess_arguments(checked);
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        const int p = o.patch_size.value_or(16);
        const long long most = o.max_num_patches.value_or(256);
        if (p <= 0 || most <= 0 || most > (1 << 24))
            throw InvalidArgument("SigLIP2: patch_size and max_num_patches must be positive (got " + std::to_string(p) +
                                  ", " + std::to_string(most) + ")");
        // Every image's patches are padded to max_num_patches rows of p x p pixels: bounded
        // like an image before the zero rows are allocated.
        if (double(most) * double(p) * double(p) > double(max_image_pixels()))
            throw LimitError("SigLIP2: max_num_patches=" + std::to_string(most) + " patches of " + std::to_string(p) + "x" +
                             std::to_string(p) + " pixels exceed the limit of " + std::to_string(max_image_pixels()) +
                             " pixels per image (pixelprep::set_max_image_pixels)");
        if (truthy(o.do_resize) && !o.resample)
            throw InvalidArgument("SigLIP2: do_resize needs a resample filter (resample is None)");
        std::vector<Tensor> values, masks;
        Array<std::int64_t> shapes(std::vector<std::size_t>{images.size(), 2});
        std::deque<plan::ImagePlan> plans;  // stable addresses for the jobs
        std::deque<Array<float>> arrays;
        std::vector<plan::Job> jobs;
        for (std::size_t i = 0; i < images.size(); ++i) {
            const WorkingImage& img = images[i];
            const geometry::HeightWidth size =
                truthy(o.do_resize) ? geometry::siglip2_size_for_max_num_patches(height_of(img), width_of(img), p, most)
                                    : geometry::HeightWidth{height_of(img), width_of(img)};
            plan::ImagePlan& plan = plans.emplace_back();
            const int image = plan.derive(-1, size, truthy(o.do_resize) ? o.resample : std::nullopt, plan::ImagePlan::whole(size));
            if (size.height % p || size.width % p) {
                // transformers rescales and normalizes before it cuts (and fails): those
                // errors come first.
                (void)op::execute_views<B>(img, plan, o);
                throw ImageError("SigLIP2: a " + std::to_string(size.height) + "x" + std::to_string(size.width) +
                                 " image cannot be cut into " + std::to_string(p) + "-pixel patches");
            }
            const int gh = size.height / p, gw = size.width / p;
            const std::size_t n = std::size_t(gh) * std::size_t(gw), rows = std::max(std::size_t(most), n);
            const std::size_t len = std::size_t(p) * std::size_t(p) * std::size_t(channels_of(img));
            const plan::PatchesChannelsLast placement{0, p, std::size_t(most)};
            plan.views.push_back({image, placement});
            if (truthy(o.do_rescale) || truthy(o.do_normalize)) {
                Array<float>& a = arrays.emplace_back(output_array<float>({rows, len}));
                jobs.push_back({&img, &plan, a.data()});
            } else {  // the view keeps the dtype the steps give it (numpy keeps it)
                const WorkingImage view = std::move(op::execute_views<B>(img, plan, o).front());
                values.push_back(std::visit([&](const auto& v) -> Tensor {
                    using T = typename std::decay_t<decltype(v)>::value_type;
                    Array<T> a = output_array<T>({rows, len});
                    plan::write_patches_channels_last(placement, v.height(), v.width(), v.channels(), a.data(),
                                                      plan::image_pixels<T, T>(v));
                    return a;
                }, view));
            }
            Array<std::int32_t> mask = xt::zeros<std::int32_t>(std::vector<std::size_t>{std::size_t(most)});
            std::fill_n(mask.data(), std::min(std::size_t(most), n), std::int32_t(1));
            masks.push_back(std::move(mask));
            shapes(i, 0) = gh;
            shapes(i, 1) = gw;
        }
        if (!jobs.empty()) op::execute_plans<B>(jobs, o);
        for (auto& a : arrays) values.push_back(std::move(a));
        BatchFeature out;
        out.set_list("pixel_values", std::move(values));
        out.set_list("pixel_attention_mask", std::move(masks));
        out.set_tensor("spatial_shapes", std::move(shapes));
        return out;
    }

    // Siglip2Processor adds no placeholder tokens: the vision tower sees the valid patches,
    // sum(pixel_attention_mask) = the resized grid's patch count (at most max_num_patches).
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        const int p = o.patch_size.value_or(16);
        const long long most = o.max_num_patches.value_or(256);
        if (p <= 0 || most <= 0 || most > (1 << 24))
            throw InvalidArgument("SigLIP2: patch_size and max_num_patches must be positive (got " + std::to_string(p) +
                                  ", " + std::to_string(most) + ")");
        const auto s = truthy(o.do_resize) ? geometry::siglip2_size_for_max_num_patches(height, width, p, most)
                                           : geometry::HeightWidth{height, width};
        return std::min<std::int64_t>(most, std::int64_t(s.height / p) * (s.width / p));
    }
};

}  // namespace pixelprep
