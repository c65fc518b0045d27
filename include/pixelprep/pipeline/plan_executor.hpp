// Executing a plan (plan/image_plan.hpp) on a backend.
//
// op::execute_plan<B>(input, plan, options, out) writes every view of one input image into
// the float32 array at `out`. A backend that accelerates whole plans provides
//     static bool can_execute(const WorkingImage&, const plan::ImagePlan&, const CommonOptions&);
//     static void execute_plan(const WorkingImage&, const plan::ImagePlan&, const CommonOptions&, float* out);
// and the preflight can_execute says, before anything runs, whether it takes this input
// (CpuPolicy: uint8 channels-last RGB or L and Pillow's convolution filters). Everything
// else runs step by step over the backend's own image operations (execute_views), which also
// raises every error in transformers' words.
//
// op::execute_plans<B>(jobs, options) runs every plan of a recipe call (plan::Job: input,
// plan, output array). A backend that batches plans across images provides
//     static bool can_execute_plans(std::span<const plan::Job>, const CommonOptions&);
//     static void execute_plans(std::span<const plan::Job>, const CommonOptions&);
// (CudaPolicy: every plan of the call on the device at once, grouped by shape); without them,
// or when its preflight declines, each job goes through execute_plan.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/pipeline/backend_ops.hpp"
#include "pixelprep/pipeline/steps.hpp"
#include "pixelprep/plan/image_plan.hpp"
#include "pixelprep/plan/placement.hpp"

namespace pixelprep {

namespace detail {
// A window whose outside pixels take a colour (plan::Derive::fill; zero where it has no
// value), on the host.
template <class T> Image<T> window_with_fill(const Image<T>& img, const geometry::CropWindow& w,
                                             const std::vector<long long>& fill) {
    Image<T> out(w.height, w.width, img.channels(), Layout::chw, T{});
    const std::size_t plane = std::size_t(w.height) * std::size_t(w.width);
    for (std::size_t c = 0; c < fill.size() && c < std::size_t(img.channels()); ++c)
        std::fill_n(out.data() + c * plane, plane, static_cast<T>(fill[c]));
    for (int c = 0; c < img.channels(); ++c)
        for (int y = std::max(0, w.top); y < std::min(img.height(), w.top + w.height); ++y)
            for (int x = std::max(0, w.left); x < std::min(img.width(), w.left + w.width); ++x)
                out.at(y - w.top, x - w.left, c) = img.at(y, x, c);
    return out;
}

// A window of `img` through the backend's operations: the whole image, a slice inside it,
// bottom/right padding, centred padding, or a center crop (which may pad). Any other window
// (one that leaves the image on some sides and not as those do, or pads with a colour) is
// cut on the host: no backend operation pads at an arbitrary offset or with a colour.
template <class B>
WorkingImage apply_window(WorkingImage img, const geometry::CropWindow& w, const std::vector<long long>& fill = {}) {
    const int h = height_of(img), wd = width_of(img);
    const bool inside = w.top >= 0 && w.left >= 0 && w.top + w.height <= h && w.left + w.width <= wd;
    const auto on_host = [&] {
        return std::visit([&](const auto& im) -> WorkingImage { return window_with_fill(im, w, fill); }, img);
    };
    if (!inside && !fill.empty()) return on_host();
    if (w.top == 0 && w.left == 0 && w.height == h && w.width == wd) return img;
    if (inside) return op::crop<B>(img, w.top, w.left, w.height, w.width);
    if (w.top == 0 && w.left == 0 && w.height >= h && w.width >= wd) return op::pad<B>(img, w.height, w.width);
    if (w.height >= h && w.width >= wd && w.top == -((w.height - h) / 2) && w.left == -((w.width - wd) / 2))
        return op::pad_centered<B>(img, w.height, w.width);
    const geometry::CropWindow cc = geometry::center_crop_window(h, wd, w.height, w.width);
    if (cc.top == w.top && cc.left == w.left) return op::center_crop<B>(img, w.height, w.width);
    return on_host();
}
}  // namespace detail

namespace op {

// Whether a backend can run plans: it has every image operation the step-by-step path uses
// (a backend that only provides the generic pipeline, `preprocess`, runs recipes that have a
// step-by-step form through it instead).
template <class B>
concept runs_plans = requires(const WorkingImage& img, geometry::HeightWidth size, Resample filter, int n, double factor,
                              std::span<const double> values) {
    B::resize(img, size, filter);
    B::center_crop(img, n, n);
    B::crop(img, n, n, n, n);
    B::pad(img, n, n);
    B::pad_centered(img, n, n);
    B::rescale(img, factor);
    B::normalize(img, values, values);
};

// The plan's views, each a finished image (resized, windowed, rescaled and normalized), in
// order, through the backend's operations one step at a time.
template <class B>
std::vector<WorkingImage> execute_views(const WorkingImage& input, const plan::ImagePlan& p, const CommonOptions& o) {
    std::vector<WorkingImage> derived;
    derived.reserve(p.derived.size());
    for (const plan::Derive& d : p.derived) {
        const WorkingImage& src = d.from < 0 ? input : derived[std::size_t(d.from)];
        derived.push_back(d.resample ? pixelprep::detail::apply_window<B>(op::resize<B>(src, d.size, *d.resample), d.window, d.fill)
                                     : pixelprep::detail::apply_window<B>(src, d.window, d.fill));
    }
    std::vector<WorkingImage> views;
    views.reserve(p.views.size());
    for (const plan::View& v : p.views) views.push_back(steps::rescale_normalize<B>(derived[std::size_t(v.image)], o));
    return views;
}

template <class B>
void execute_plan(const WorkingImage& input, const plan::ImagePlan& p, const CommonOptions& o, float* out) {
    if constexpr (requires { B::can_execute(input, p, o); B::execute_plan(input, p, o, out); }) {
        if (B::can_execute(input, p, o)) return B::execute_plan(input, p, o, out);
    }
    const std::vector<WorkingImage> views = execute_views<B>(input, p, o);
    for (std::size_t i = 0; i < views.size(); ++i)
        std::visit([&](const auto& img) { plan::place_image(img, p.views[i].placement, out); }, views[i]);
}

template <class B> void execute_plans(std::span<const plan::Job> jobs, const CommonOptions& o) {
    if constexpr (requires { B::can_execute_plans(jobs, o); B::execute_plans(jobs, o); }) {
        if (B::can_execute_plans(jobs, o)) return B::execute_plans(jobs, o);
    }
    for (const plan::Job& j : jobs) execute_plan<B>(*j.input, *j.plan, o, j.out);
}

}  // namespace op

}  // namespace pixelprep
