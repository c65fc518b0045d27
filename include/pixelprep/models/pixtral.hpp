// PixtralImageProcessor (models/pixtral/image_processing_pil_pixtral.py): shrink to fit
// size (longest_edge), round each side up to a patch multiple (bicubic), rescale, normalize,
// then pad bottom/right with zeros to the batch's largest size and stack. image_sizes are the
// sizes before padding.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/core/output_storage.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/plan_executor.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct PixtralOptions : CommonOptions {
    std::optional<SizeSpec> patch_size;  // {height, width}; an int means a square patch
    // Processor-level (PixtralProcessor's spatial_merge_size), used only by image_token_count;
    // unset means 1.
    std::optional<int> spatial_merge_size;
    static constexpr auto fields() {
        using O = PixtralOptions;
        return concat_fields(common_fields<O>(),
                              make_fields(OptionField<O, SizeSpec>{"patch_size", &O::patch_size},
                                              OptionField<O, int>{"spatial_merge_size", &O::spatial_merge_size}));
    }
    friend bool operator==(const PixtralOptions&, const PixtralOptions&) = default;
};

struct PixtralModel {
    using options_type = PixtralOptions;
    static constexpr std::string_view class_name = "PixtralImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bicubic;
        o.image_mean = openai_clip_mean();
        o.image_std = openai_clip_std();
        o.patch_size = SizeSpec::exact(16, 16);
        o.size = SizeSpec::longest(1024);
        o.default_to_square = true;
        o.do_resize = o.do_rescale = o.do_normalize = o.do_pad = o.do_convert_rgb = true;
        return o;
    }

    static geometry::HeightWidth target_size(int h, int w, const options_type& o) {
        const SizeSpec& s = *o.size;
        int mh = 0, mw = 0;
        if (s.longest_edge && *s.longest_edge) mh = mw = *s.longest_edge;
        else if (s.height && s.width && *s.height && *s.width) mh = *s.height, mw = *s.width;
        else throw InvalidArgument("size must contain either 'longest_edge' or 'height' and 'width'.");
        const SizeSpec p = o.patch_size.value_or(SizeSpec::exact(16, 16));
        if (!p.height || !p.width || !*p.height || !*p.width)
            throw InvalidArgument("patch_size must contain 'height' and 'width'.");
        return geometry::pixtral_output_size(h, w, mh, mw, *p.height, *p.width);
    }

    // Each image as a plan (resize, center crop); with do_pad the plans write straight into
    // one zero-padded (B, C, H, W) array sized from them. Without padding, without rescale
    // and normalize (the views keep the dtype the steps give them), or for images of
    // different channel counts (which stacking rejects), the views are finished one by one
    // and padded and stacked as transformers does.
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        Array<std::int64_t> sizes(std::vector<std::size_t>{images.size(), 2});
        std::vector<plan::ImagePlan> plans(images.size());
        bool one_array = truthy(o.do_pad) && !images.empty();
        std::size_t height = 0, width = 0;
        for (std::size_t i = 0; i < images.size(); ++i) {
            const WorkingImage& img = images[i];
            geometry::HeightWidth size{height_of(img), width_of(img)};
            plan::ImagePlan& p = plans[i];
            int image = -1;
            if (truthy(o.do_resize)) {
                size = target_size(size.height, size.width, o);
                image = p.derive(-1, size, *o.resample, plan::ImagePlan::whole(size));
            }
            if (truthy(o.do_center_crop)) image = p.derive_center_crop(image, size, steps::crop_size_of(*o.crop_size));
            if (image < 0) image = p.derive(-1, size, std::nullopt, plan::ImagePlan::whole(size));
            p.views.push_back({image, {}});
            sizes(i, 0) = size.height;
            sizes(i, 1) = size.width;
            height = std::max(height, std::size_t(size.height));
            width = std::max(width, std::size_t(size.width));
            one_array = one_array && (truthy(o.do_rescale) || truthy(o.do_normalize)) && channels_of(img) == channels_of(images[0]);
        }
        if (one_array) {
            const std::size_t ch = std::size_t(channels_of(images[0])), slot = ch * height * width;
            Array<float> pixel_values = output_array<float>({images.size(), ch, height, width});
            std::vector<plan::Job> jobs;
            for (std::size_t i = 0; i < images.size(); ++i) {
                plans[i].views[0].placement = plan::ChannelsFirst{i * slot, int(height), int(width)};
                jobs.push_back({&images[i], &plans[i], pixel_values.data()});
            }
            op::execute_plans<B>(jobs, o);
            BatchFeature out;
            out.set_tensor("pixel_values", std::move(pixel_values));
            out.set_tensor("image_sizes", std::move(sizes));
            return out;
        }
        std::vector<WorkingImage> views;
        for (std::size_t i = 0; i < images.size(); ++i) views.push_back(std::move(op::execute_views<B>(images[i], plans[i], o).front()));
        if (!truthy(o.do_pad)) {
            BatchFeature out = steps::pixel_values(std::move(views));
            out.set_tensor("image_sizes", std::move(sizes));
            return out;
        }
        steps::pad_batch<B>(views, std::nullopt);
        BatchFeature stacked;
        stacked.set_tensor("pixel_values", steps::pixel_values(views).stacked("pixel_values"));  // np.stack
        stacked.set_tensor("image_sizes", std::move(sizes));
        return stacked;
    }

    // PixtralProcessor: it runs the image processor with patch_size * spatial_merge_size and
    // puts rows * (cols + 1) tokens per image ([IMG] per column, a break or end per row), with
    // rows, cols the resized size over that merged patch. patch_size is this processor's
    // option, which published configs set to the PixtralProcessor's patch_size.
    static std::int64_t image_token_count(int height, int width, const options_type& o) {
        const int merge = o.spatial_merge_size.value_or(1);
        const SizeSpec p = o.patch_size.value_or(SizeSpec::exact(16, 16));
        if (merge <= 0 || !p.height || !p.width || *p.height <= 0 || *p.width <= 0)
            throw InvalidArgument("Pixtral token count: patch_size must contain positive 'height' and 'width' and "
                                  "spatial_merge_size must be positive");
        options_type merged = o;
        merged.patch_size = SizeSpec::exact(*p.height * merge, *p.width * merge);
        const auto s = truthy(o.do_resize) ? target_size(height, width, merged) : geometry::HeightWidth{height, width};
        const std::int64_t rows = s.height / (*p.height * merge), cols = s.width / (*p.width * merge);
        return rows * (cols + 1);
    }
};

}  // namespace pixelprep
