// The patch rows SigLIP2 (NaFlex) and Gemma4 share: each image is resized to a size its class
// chooses, rescaled and normalized, cut into p x p patches laid out [py][px][c] (channel
// fastest: convert_image_to_patches), one row per patch in raster order, and zero-padded to
// `rows` rows (never truncated). Float32 results are written by the plans straight into their
// arrays; uint8 ones (no rescale, no normalize) keep their dtype, as numpy does.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"

namespace pixelprep::patch_rows {

struct Result {
    std::vector<Tensor> values;               // one (max(rows, patches), p*p*C) array per image
    std::vector<geometry::HeightWidth> grids;  // patches down and across, per image
};

// `size_of(h, w)` is the resized size (used only with do_resize); `who` names the class in errors.
template <class B, class SizeOf>
Result run(const std::vector<WorkingImage>& images, const CommonOptions& o, int p, long long rows, SizeOf&& size_of,
           std::string_view who) {
    // Every image's patches are padded to `rows` rows of p x p pixels: bounded like an
    // image before the zero rows are allocated.
    if (double(rows) * double(p) * double(p) > double(max_image_pixels()))
        throw LimitError(std::string(who) + ": " + std::to_string(rows) + " patches of " + std::to_string(p) + "x" +
                         std::to_string(p) + " pixels exceed the limit of " + std::to_string(max_image_pixels()) +
                         " pixels per image (pixelprep::set_max_image_pixels)");
    if (truthy(o.do_resize) && !o.resample)
        throw InvalidArgument(std::string(who) + ": do_resize needs a resample filter (resample is None)");
    Result out;
    std::deque<plan::ImagePlan> plans;  // stable addresses for the jobs
    std::deque<Array<float>> arrays;
    std::vector<std::size_t> float_slots;  // where each planned float array goes in out.values
    std::vector<plan::Job> jobs;
    for (const WorkingImage& img : images) {
        const geometry::HeightWidth size =
            truthy(o.do_resize) ? size_of(height_of(img), width_of(img)) : geometry::HeightWidth{height_of(img), width_of(img)};
        plan::ImagePlan& plan = plans.emplace_back();
        const int image = plan.derive(-1, size, truthy(o.do_resize) ? o.resample : std::nullopt, plan::ImagePlan::whole(size));
        if (size.height % p || size.width % p) {
            // transformers rescales and normalizes before it cuts (and fails): those errors come first.
            (void)op::execute_views<B>(img, plan, o);
            throw ImageError(std::string(who) + ": a " + std::to_string(size.height) + "x" + std::to_string(size.width) +
                             " image cannot be cut into " + std::to_string(p) + "-pixel patches");
        }
        const geometry::HeightWidth grid{size.height / p, size.width / p};
        const std::size_t n = std::size_t(grid.height) * std::size_t(grid.width);
        const std::size_t height = std::max(std::size_t(rows), n);
        const std::size_t len = std::size_t(p) * std::size_t(p) * std::size_t(channels_of(img));
        const plan::PatchesChannelsLast placement{0, p, std::size_t(rows)};
        plan.views.push_back({image, placement});
        out.grids.push_back(grid);
        if (truthy(o.do_rescale) || truthy(o.do_normalize)) {
            Array<float>& a = arrays.emplace_back(output_array<float>({height, len}));
            jobs.push_back({&img, &plan, a.data()});
            float_slots.push_back(out.values.size());
            out.values.emplace_back();  // filled once the plans ran
        } else {  // the view keeps the dtype the steps give it (numpy keeps it)
            const WorkingImage view = std::move(op::execute_views<B>(img, plan, o).front());
            out.values.push_back(std::visit([&](const auto& v) -> Tensor {
                using T = typename std::decay_t<decltype(v)>::value_type;
                Array<T> a = output_array<T>({height, len});
                plan::write_patches_channels_last(placement, v.height(), v.width(), v.channels(), a.data(),
                                                  plan::image_pixels<T, T>(v));
                return a;
            }, view));
        }
    }
    if (!jobs.empty()) op::execute_plans<B>(jobs, o);
    for (std::size_t k = 0; k < float_slots.size(); ++k) out.values[float_slots[k]] = std::move(arrays[k]);
    return out;
}

}  // namespace pixelprep::patch_rows
