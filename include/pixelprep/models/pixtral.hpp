// PixtralImageProcessor (models/pixtral/image_processing_pil_pixtral.py): shrink to fit
// size (longest_edge), round each side up to a patch multiple (bicubic), rescale, normalize,
// then pad bottom/right with zeros to the batch's largest size and stack. image_sizes are the
// sizes before padding.
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/steps.hpp"

namespace pixelprep {

struct PixtralOptions : CommonOptions {
    std::optional<SizeSpec> patch_size;  // {height, width}; an int means a square patch
    // Processor-level (PixtralProcessor's spatial_merge_size), used only by image_token_count;
    // unset means 1.
    std::optional<int> spatial_merge_size;
    static constexpr auto fields() {
        using O = PixtralOptions;
        return std::tuple_cat(common_fields<O>(),
                              std::make_tuple(OptionField<O, SizeSpec>{"patch_size", &O::patch_size},
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

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        xt::xarray<std::int64_t> sizes(std::vector<std::size_t>{images.size(), 2});
        for (std::size_t i = 0; i < images.size(); ++i) {
            auto& img = images[i];
            if (truthy(o.do_resize)) img = op::resize<B>(img, target_size(height_of(img), width_of(img), o), *o.resample);
            if (truthy(o.do_center_crop)) img = steps::center_crop<B>(img, *o.crop_size);
            img = steps::rescale_normalize<B>(std::move(img), o);
            sizes(i, 0) = height_of(img);
            sizes(i, 1) = width_of(img);
        }
        if (!truthy(o.do_pad)) {
            BatchFeature out = steps::pixel_values(images);
            out.set_tensor("image_sizes", std::move(sizes));
            return out;
        }
        steps::pad_batch<B>(images, std::nullopt);
        BatchFeature stacked;
        stacked.set_tensor("pixel_values", steps::pixel_values(images).stacked("pixel_values"));  // np.stack
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
