// SuperPointImageProcessor (models/superpoint/image_processing_pil_superpoint.py): resize
// (480x640 bilinear), rescale, then with do_grayscale (off by default) the NTSC grey
// 0.2989 R + 0.5870 G + 0.1140 B, in float32 as numpy computes it, written to three equal
// channels -- an image whose channels are already equal (or that has one) is left as it is.
// There is no normalize, and no RGB conversion: RGBA and grey inputs keep their channels.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/models/defaults.hpp"
#include "pixelprep/models/generic_recipe.hpp"

namespace pixelprep {

struct SuperPointOptions : CommonOptions {
    std::optional<bool> do_grayscale;
    static constexpr auto fields() {
        return concat_fields(common_fields<SuperPointOptions>(),
                              make_fields(OptionField<SuperPointOptions, bool>{"do_grayscale",
                                                                                   &SuperPointOptions::do_grayscale}));
    }
    friend bool operator==(const SuperPointOptions&, const SuperPointOptions&) = default;
};

struct SuperPointModel {
    using options_type = SuperPointOptions;
    static constexpr std::string_view class_name = "SuperPointImageProcessor";
    static options_type defaults() {
        auto o = base_defaults<options_type>();
        o.resample = Resample::bilinear;
        o.size = SizeSpec::exact(480, 640);
        o.default_to_square = false;
        o.do_resize = o.do_rescale = true;
        o.do_grayscale = false;
        return o;
    }

    // convert_to_grayscale on one finished float32 channels-first image (`class_name` names
    // the processor in errors: SuperGlue and its copies share this step).
    static Tensor grayscale(Tensor t, std::string_view who = class_name) {
        auto* a = std::get_if<Array<float>>(&t);
        if (a == nullptr)
            throw InvalidArgument(std::string(who) +
                                  ": do_grayscale on uint8 pixels (do_rescale false) gives float64 in transformers, "
                                  "which pixelprep does not return; rescale them first");
        const std::size_t C = a->shape()[0], H = a->shape()[1], W = a->shape()[2], plane = H * W;
        if (C == 1) return t;
        const float* r = a->data();
        const float* g = r + plane;
        const float* b = g + (C > 2 ? plane : 0);
        if (C >= 3 && std::equal(r, r + plane, g) && std::equal(g, g + plane, b)) return t;
        if (C < 3)
            throw InvalidArgument(std::string(who) + ": do_grayscale needs 3 channels, the image has " +
                                  std::to_string(C));
        Array<float> out = output_array<float>({3, H, W});
        for (std::size_t i = 0; i < plane; ++i) {
            // Each product rounds to float32, then the sums, left to right.
            const float rr = r[i] * static_cast<float>(0.2989), gg = g[i] * static_cast<float>(0.5870),
                        bb = b[i] * static_cast<float>(0.1140);  // numpy casts the Python floats
            const float sum = rr + gg;
            out.data()[i] = sum + bb;
        }
        std::copy(out.data(), out.data() + plane, out.data() + plane);
        std::copy(out.data(), out.data() + plane, out.data() + 2 * plane);
        return out;
    }

    // Resize, rescale, then grey, one array per image.
    template <class B>
    static std::vector<Tensor> preprocess_items(std::vector<WorkingImage> images, options_type o,
                                                std::string_view who = class_name) {
        o.do_normalize = o.do_center_crop = o.do_pad = false;  // not steps of its _preprocess
        BatchFeature out = GenericRecipe::run<B>(std::move(images), o);
        auto values = std::get<std::vector<Tensor>>(out.take("pixel_values"));
        if (truthy(o.do_grayscale))
            for (auto& v : values) v = grayscale(std::move(v), who);
        return values;
    }

    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type& o) {
        BatchFeature out;
        out.set_list("pixel_values", preprocess_items<B>(std::move(images), o));
        return out;
    }
};

}  // namespace pixelprep
