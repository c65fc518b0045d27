// Siglip2ImageProcessor, NaFlex (models/siglip2/image_processing_pil_siglip2.py): resize so
// the patch grid fits max_num_patches (bilinear), rescale, normalize, flatten to patches laid
// out [py][px][c], zero-pad to max_num_patches; pixel_attention_mask int32 marks real patches,
// spatial_shapes int64 gives the grid.
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "pixelprep/geometry/patch_sizes.hpp"
#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
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

namespace detail {
// (C, gh, p, gw, p) -> (gh, gw, p, p, C) -> (gh*gw, p*p*C), then zero rows up to `rows`.
template <class T> xt::xarray<T> siglip2_patches(const Image<T>& img, int p, std::size_t rows) {
    const int c = img.channels(), gh = img.height() / p, gw = img.width() / p;
    const std::size_t n = std::size_t(gh) * std::size_t(gw), len = std::size_t(p) * std::size_t(p) * std::size_t(c);
    xt::xarray<T> out = xt::zeros<T>(std::vector<std::size_t>{std::max(rows, n), len});
    T* dst = out.data();
    for (int by = 0; by < gh; ++by)
        for (int bx = 0; bx < gw; ++bx)
            for (int py = 0; py < p; ++py)
                for (int px = 0; px < p; ++px)
                    for (int ch = 0; ch < c; ++ch) *dst++ = img.at(by * p + py, bx * p + px, ch);
    return out;
}
}  // namespace detail

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
        std::vector<Tensor> values, masks;
        xt::xarray<std::int64_t> shapes(std::vector<std::size_t>{images.size(), 2});
        for (std::size_t i = 0; i < images.size(); ++i) {
            WorkingImage img = std::move(images[i]);
            if (truthy(o.do_resize))
                img = op::resize<B>(img, geometry::siglip2_size_for_max_num_patches(height_of(img), width_of(img), p, most),
                                *o.resample);
            img = steps::rescale_normalize<B>(std::move(img), o);
            const int gh = height_of(img) / p, gw = width_of(img) / p;
            if (height_of(img) % p || width_of(img) % p)
                throw ImageError("SigLIP2: a " + std::to_string(height_of(img)) + "x" + std::to_string(width_of(img)) +
                                 " image cannot be cut into " + std::to_string(p) + "-pixel patches");
            values.push_back(std::visit([&](const auto& im) -> Tensor { return detail::siglip2_patches(im, p, std::size_t(most)); }, img));
            xt::xarray<std::int32_t> mask = xt::zeros<std::int32_t>(std::vector<std::size_t>{std::size_t(most)});
            for (long long k = 0; k < std::min<long long>(most, std::int64_t(gh) * gw); ++k) mask(std::size_t(k)) = 1;
            masks.push_back(std::move(mask));
            shapes(i, 0) = gh;
            shapes(i, 1) = gw;
        }
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
