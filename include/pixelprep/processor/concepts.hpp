// The two contracts that meet in ImageProcessor<Model, Backend>.
//
//  * A backend is a stateless policy type: it turns one raw input into a working image
//    (process_image), runs the generic batch pipeline (preprocess), and provides the image
//    operations model recipes are built from.
//  * A model names its transformers class, declares its option struct and defaults, and
//    provides its recipe: a function template run<Backend>(images, options), or, for models
//    that keep transformers' per-sample nesting (a flat list is one sample),
//    run_nested<Backend>(samples, options).
#pragma once

#include <concepts>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/core/batch_feature.hpp"
#include "pixelprep/core/input.hpp"
#include "pixelprep/core/process_image.hpp"

namespace pixelprep {

template <class B>
concept BackendPolicy = std::is_empty_v<B> && std::semiregular<B> &&
    requires { { B::name } -> std::convertible_to<std::string_view>; } &&
    requires(const InputImage& input, const ProcessImageOptions& po, std::vector<WorkingImage> images,
             const CommonOptions& options) {
        { B::process_image(input, po) } -> std::same_as<WorkingImage>;
        { B::preprocess(std::move(images), options) } -> std::same_as<BatchFeature>;
    };

template <class B>
concept ImageOperations = requires(const WorkingImage& img, geometry::HeightWidth size, Resample filter, int n,
                                   double factor, std::span<const double> values) {
    { B::resize(img, size, filter) } -> std::same_as<WorkingImage>;
    { B::center_crop(img, n, n) } -> std::same_as<WorkingImage>;
    { B::rescale(img, factor) } -> std::convertible_to<WorkingImage>;
    { B::normalize(img, values, values) } -> std::convertible_to<WorkingImage>;
    { B::pad(img, n, n) } -> std::same_as<WorkingImage>;
    // The VLM recipes' views, tiles and patches: an in-range window (same dtype and layout),
    // zero padding that centres the image, and Qwen2-VL's (gh*gw, C*T*p*p) flattening.
    { B::crop(img, n, n, n, n) } -> std::same_as<WorkingImage>;
    { B::pad_centered(img, n, n) } -> std::same_as<WorkingImage>;
    { B::patchify(img, n, n, n) } -> std::same_as<Array<float>>;
};

namespace detail {
// A backend that satisfies both concepts and does nothing; models are checked against it,
// so a model's validity never depends on which real backends were built.
struct ArchetypeBackend {
    static constexpr std::string_view name = "archetype";
    static WorkingImage process_image(const InputImage&, const ProcessImageOptions&);
    static BatchFeature preprocess(std::vector<WorkingImage>, const CommonOptions&);
    static WorkingImage resize(const WorkingImage&, geometry::HeightWidth, Resample);
    static WorkingImage center_crop(const WorkingImage&, int, int);
    static ImageF32 rescale(const WorkingImage&, double);
    static ImageF32 normalize(const WorkingImage&, std::span<const double>, std::span<const double>);
    static WorkingImage pad(const WorkingImage&, int, int);
    static WorkingImage crop(const WorkingImage&, int, int, int, int);
    static WorkingImage pad_centered(const WorkingImage&, int, int);
    static Array<float> patchify(const WorkingImage&, int, int, int);
};
}  // namespace detail

template <class M>
concept ModelSpec = requires {
    typename M::options_type;
    { M::class_name } -> std::convertible_to<std::string_view>;
    { M::defaults() } -> std::same_as<typename M::options_type>;
    { M::options_type::fields() };
} && std::derived_from<typename M::options_type, CommonOptions> &&
    (requires(std::vector<WorkingImage> images, const typename M::options_type& options) {
        { M::template run<detail::ArchetypeBackend>(std::move(images), options) } -> std::same_as<BatchFeature>;
    } || requires(std::vector<std::vector<WorkingImage>> samples, const typename M::options_type& options) {
        { M::template run_nested<detail::ArchetypeBackend>(std::move(samples), options) } -> std::same_as<BatchFeature>;
    });

}  // namespace pixelprep
