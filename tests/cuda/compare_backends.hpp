// CudaPolicy against CpuPolicy, byte for byte: every operation over random images and
// sizes, every built-in model's whole pipeline (the models registered in
// src/processor/builtin_registry.cpp; add new ones to pipeline_cases), matching errors,
// steady-state allocations and concurrent callers. Shared by the 'cuda' test (real GPU) and the 'cuda-emulated' test
// (the same device code run by a host executor); each supplies the launchers it links.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include <pixelprep/cuda/batch.hpp>
#include <pixelprep/cuda/dlpack.hpp>
#include <pixelprep/cuda/runtime.hpp>
#include <pixelprep/cuda_policy.hpp>
#include <pixelprep/models/gemma3.hpp>
#include <pixelprep/models/idefics3.hpp>
#include <pixelprep/models/llava_next.hpp>
#include <pixelprep/models/mllama.hpp>
#include <pixelprep/models/pixtral.hpp>
#include <pixelprep/models/qwen2_vl.hpp>
#include <pixelprep/models/siglip2.hpp>
#include <pixelprep/pipeline/plan_executor.hpp>
#include <pixelprep/pixelprep.hpp>

#include "../support/same_bits.hpp"

namespace pixelprep::cuda_test {

class Tally {
public:
    void record(bool same, const std::function<std::string()>& describe) {
        ++cases_;
        if (same) return;
        if (++mismatches_ <= 25) std::printf("MISMATCH: %s\n", describe().c_str());
    }
    void count_error() { ++errors_; }
    long cases() const { return cases_; }
    long mismatches() const { return mismatches_; }
    long errors() const { return errors_; }

private:
    long cases_ = 0;
    long mismatches_ = 0;
    long errors_ = 0;  // cases where both backends threw (the same error, unless a mismatch)
};

// ---- bitwise comparison ------------------------------------------------------------------

template <class T> bool same_bits(const Image<T>& a, const Image<T>& b) {
    return a.height() == b.height() && a.width() == b.width() && a.channels() == b.channels() &&
           a.layout() == b.layout() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

inline bool same_bits(const WorkingImage& a, const WorkingImage& b) {
    if (a.index() != b.index()) return false;
    return std::visit([&](const auto& x) { return same_bits(x, std::get<std::decay_t<decltype(x)>>(b)); }, a);
}

using pixelprep_test::same_bits;  // Tensor and BatchFeature: tests/support/same_bits.hpp

// The result of an operation, or the error it threw (type and message), so that failures
// are compared as well as results.
template <class R> struct Outcome {
    std::variant<R, std::string> value;
};

template <class F> auto outcome_of(F&& f) -> Outcome<decltype(f())> {
    try {
        return {f()};
    } catch (const std::exception& e) {
        return {std::string(typeid(e).name()) + ": " + e.what()};
    }
}

template <class R> bool same_outcome(const Outcome<R>& a, const Outcome<R>& b) {
    if (a.value.index() != b.value.index()) return false;
    if (a.value.index() == 1) return std::get<1>(a.value) == std::get<1>(b.value);
    return same_bits(std::get<0>(a.value), std::get<0>(b.value));
}

template <class R> std::string outcome_text(const Outcome<R>& o) {
    if (o.value.index() == 1) return "threw " + std::get<1>(o.value);
    return "a result";
}

// Where two images of equal shape first differ.
inline std::string first_difference(const WorkingImage& a, const WorkingImage& b) {
    if (a.index() != b.index() || height_of(a) != height_of(b) || width_of(a) != width_of(b) ||
        channels_of(a) != channels_of(b) || layout_of(a) != layout_of(b))
        return "shapes/dtypes differ";
    return std::visit(
        [&](const auto& x) -> std::string {
            const auto& y = std::get<std::decay_t<decltype(x)>>(b);
            for (int yy = 0; yy < x.height(); ++yy)
                for (int xx = 0; xx < x.width(); ++xx)
                    for (int c = 0; c < x.channels(); ++c)
                        if (std::memcmp(&x.at(yy, xx, c), &y.at(yy, xx, c), sizeof(x.at(0, 0, 0))) != 0)
                            return "first difference at (y=" + std::to_string(yy) + ", x=" + std::to_string(xx) +
                                   ", c=" + std::to_string(c) + "): cpu " + std::to_string(double(x.at(yy, xx, c))) +
                                   ", cuda " + std::to_string(double(y.at(yy, xx, c)));
            return "no element differs";
        },
        a);
}

template <class F>
void compare(Tally& t, const std::string& what, F&& run_cpu_and_cuda) {
    const auto results = run_cpu_and_cuda();
    const auto& cpu = results.first;
    const auto& gpu = results.second;
    if (cpu.value.index() == 1 && gpu.value.index() == 1) t.count_error();
    t.record(same_outcome(cpu, gpu), [&] {
        std::string s = what + ": cpu " + outcome_text(cpu) + ", cuda " + outcome_text(gpu);
        if constexpr (std::is_same_v<std::decay_t<decltype(cpu)>, Outcome<WorkingImage>>)
            if (cpu.value.index() == 0 && gpu.value.index() == 0)
                s += "; " + first_difference(std::get<0>(cpu.value), std::get<0>(gpu.value));
        return s;
    });
}

// ---- random inputs -----------------------------------------------------------------------

inline int uniform(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

inline ImageU8 random_u8(std::mt19937& rng, int h, int w, int c, Layout layout) {
    ImageU8 img(h, w, c, layout);
    for (auto& v : img.storage()) v = std::uint8_t(rng() & 0xff);
    if (c == 2 || c == 4) {
        // Alpha: often fully transparent or opaque, the unpremultiply special cases.
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const unsigned r = rng() % 8;
                if (r == 0) img.at(y, x, c - 1) = 0;
                if (r == 1) img.at(y, x, c - 1) = 255;
            }
    }
    return img;
}

// Values a pipeline meets: [0, 1], [0, 255], negatives, large, denormals, signed zeros.
inline ImageF32 random_f32(std::mt19937& rng, int h, int w, int c, Layout layout, bool unit_range) {
    ImageF32 img(h, w, c, layout);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f), wide(-1000.0f, 1000.0f);
    for (auto& v : img.storage()) {
        if (unit_range) {
            v = unit(rng);
            continue;
        }
        switch (rng() % 10) {
            case 0: v = std::numeric_limits<float>::denorm_min() * float(1 + rng() % 1000); break;
            case 1: v = -0.0f; break;
            case 2: v = float(rng() % 256); break;
            case 3: v = 1e30f * unit(rng); break;
            default: v = wide(rng);
        }
    }
    return img;
}

// ---- operations --------------------------------------------------------------------------

// Output sizes that exercise every pass order: both axes, one axis only (single pass),
// upscaling, strong downscaling and tall shrinks (numerics::vertical_pass_first).
struct ResizeCase {
    int in_h, in_w, out_h, out_w;
};

inline ResizeCase random_resize_case(std::mt19937& rng, int i) {
    switch (i % 6) {
        case 0: return {uniform(rng, 1, 160), uniform(rng, 1, 160), uniform(rng, 1, 160), uniform(rng, 1, 160)};
        case 1: {
            const int h = uniform(rng, 60, 400), w = uniform(rng, 60, 400);
            return {h, w, uniform(rng, 1, h), uniform(rng, 1, w)};
        }
        case 2: return {uniform(rng, 1, 24), uniform(rng, 1, 24), uniform(rng, 1, 260), uniform(rng, 1, 260)};
        case 3: {  // one axis unchanged: a single pass
            const int h = uniform(rng, 1, 200), w = uniform(rng, 1, 200);
            return rng() % 2 ? ResizeCase{h, w, h, uniform(rng, 1, 200)} : ResizeCase{h, w, uniform(rng, 1, 200), w};
        }
        case 4: {  // tall shrink: the height loses more than twice the width's pixels
            const int h = uniform(rng, 100, 500), w = uniform(rng, 2, 60);
            return {h, w, uniform(rng, 1, h / 3), uniform(rng, std::max(1, w - 10), w + 10)};
        }
        default: {  // 1-pixel edges
            const int h = uniform(rng, 1, 3), w = uniform(rng, 1, 300);
            return rng() % 2 ? ResizeCase{h, w, uniform(rng, 1, 5), uniform(rng, 1, 300)}
                             : ResizeCase{w, h, uniform(rng, 1, 300), uniform(rng, 1, 5)};
        }
    }
}

inline void resize_cases(Tally& t, std::mt19937& rng, int sizes) {
    for (int i = 0; i < sizes; ++i) {
        const ResizeCase rc = random_resize_case(rng, i);
        const Layout layout = i % 2 ? Layout::chw : Layout::hwc;
        for (int c = 1; c <= 4; ++c) {
            const WorkingImage img = random_u8(rng, rc.in_h, rc.in_w, c, layout);
            for (Resample f : all_resample_filters) {
                const geometry::HeightWidth size{rc.out_h, rc.out_w};
                compare(t,
                        "resize " + std::string(resample_name(f)) + " " + std::to_string(rc.in_h) + "x" +
                            std::to_string(rc.in_w) + "x" + std::to_string(c) + " " + layout_name(layout) + " -> " +
                            std::to_string(rc.out_h) + "x" + std::to_string(rc.out_w),
                        [&] {
                            return std::pair{outcome_of([&] { return CpuPolicy::resize(img, size, f); }),
                                             outcome_of([&] { return CudaPolicy::resize(img, size, f); })};
                        });
            }
        }
    }
    // Float inputs: [0, 1] (resized as value*255 and scaled back) and integral [0, 255].
    for (int i = 0; i < 40; ++i) {
        const ResizeCase rc = random_resize_case(rng, i);
        ImageF32 f = random_f32(rng, rc.in_h, rc.in_w, 3, i % 2 ? Layout::chw : Layout::hwc, true);
        if (i % 4 == 3)
            for (auto& v : f.storage()) v = float(int(v * 255.0f));
        const WorkingImage img = f;
        const Resample filter = all_resample_filters[std::size_t(i) % all_resample_filters.size()];
        compare(t, "float resize " + std::to_string(i), [&] {
            const geometry::HeightWidth size{rc.out_h, rc.out_w};
            return std::pair{outcome_of([&] { return CpuPolicy::resize(img, size, filter); }),
                             outcome_of([&] { return CudaPolicy::resize(img, size, filter); })};
        });
    }
    // Errors must be the CPU's, word for word.
    const WorkingImage five = random_u8(rng, 8, 8, 5, Layout::chw);
    const WorkingImage three = random_u8(rng, 8, 8, 3, Layout::chw);
    const WorkingImage out_of_range = random_f32(rng, 8, 8, 3, Layout::chw, false);
    const std::pair<const WorkingImage*, geometry::HeightWidth> bad[] = {
        {&five, {4, 4}}, {&three, {0, 4}}, {&three, {4, -1}}, {&out_of_range, {4, 4}}};
    for (const auto& b : bad)
        compare(t, "resize error", [&] {
            return std::pair{outcome_of([&] { return CpuPolicy::resize(*b.first, b.second, Resample::bicubic); }),
                             outcome_of([&] { return CudaPolicy::resize(*b.first, b.second, Resample::bicubic); })};
        });
}

inline WorkingImage random_working(std::mt19937& rng, int i, int max_side) {
    const int h = uniform(rng, 1, max_side), w = uniform(rng, 1, max_side), c = uniform(rng, 1, 5);
    const Layout layout = i % 2 ? Layout::chw : Layout::hwc;
    if (i % 3 == 0) return random_f32(rng, h, w, c, layout, i % 6 == 0);
    return random_u8(rng, h, w, c, layout);
}

inline void elementwise_cases(Tally& t, std::mt19937& rng, int count) {
    const double factors[] = {1.0 / 255.0, 0.5, 3.7, 1.0 / 127.5, 1e-30, -2.0, 1.0};
    for (int i = 0; i < count; ++i) {
        const WorkingImage img = random_working(rng, i, 90);
        const int h = height_of(img), w = width_of(img), c = channels_of(img);
        const std::string what = std::string(img.index() ? "f32 " : "u8 ") + std::to_string(h) + "x" +
                                 std::to_string(w) + "x" + std::to_string(c) + " " + layout_name(layout_of(img));

        const int ch = uniform(rng, 1, h + 20), cw = uniform(rng, 1, w + 20);  // larger crops pad with zeros
        compare(t, "center_crop " + what + " -> " + std::to_string(ch) + "x" + std::to_string(cw), [&] {
            return std::pair{outcome_of([&] { return CpuPolicy::center_crop(img, ch, cw); }),
                             outcome_of([&] { return CudaPolicy::center_crop(img, ch, cw); })};
        });

        const int ph = h + uniform(rng, 0, 15) - (i % 17 == 0 ? 20 : 0), pw = w + uniform(rng, 0, 15);
        compare(t, "pad " + what + " -> " + std::to_string(ph) + "x" + std::to_string(pw), [&] {
            return std::pair{outcome_of([&] { return CpuPolicy::pad(img, ph, pw); }),
                             outcome_of([&] { return CudaPolicy::pad(img, ph, pw); })};
        });

        const double factor = factors[std::size_t(i) % std::size(factors)];
        compare(t, "rescale " + what + " by " + std::to_string(factor), [&] {
            return std::pair{outcome_of([&] { return WorkingImage(CpuPolicy::rescale(img, factor)); }),
                             outcome_of([&] { return WorkingImage(CudaPolicy::rescale(img, factor)); })};
        });

        std::vector<double> mean, sd;
        for (int k = 0; k < c; ++k) {
            mean.push_back(i % 5 == 0 ? 0.0 : std::uniform_real_distribution<double>(-1.0, 1.0)(rng));
            sd.push_back(i % 5 == 0 ? 3.0 : std::uniform_real_distribution<double>(0.05, 2.0)(rng));
        }
        if (i % 23 == 0) mean.push_back(0.5);  // wrong length: the CPU's error
        compare(t, "normalize " + what, [&] {
            return std::pair{outcome_of([&] { return WorkingImage(CpuPolicy::normalize(img, mean, sd)); }),
                             outcome_of([&] { return WorkingImage(CudaPolicy::normalize(img, mean, sd)); })};
        });

        const Layout other = layout_of(img) == Layout::hwc ? Layout::chw : Layout::hwc;
        compare(t, "to_layout " + what, [&] {
            // The device layout change (cuda/copy_ops.hpp) against the host's (core/image.hpp).
            auto with = [&](auto change) {
                return outcome_of([&] { return std::visit([&](const auto& x) -> WorkingImage { return change(x); }, img); });
            };
            return std::pair{with([&](const auto& x) { return pixelprep::to_layout(x, other); }),
                             with([&](const auto& x) { return cuda::to_layout(x, other); })};
        });
    }
    const WorkingImage img = random_u8(rng, 10, 10, 3, Layout::chw);
    compare(t, "center_crop error", [&] {
        return std::pair{outcome_of([&] { return CpuPolicy::center_crop(img, 0, 4); }),
                         outcome_of([&] { return CudaPolicy::center_crop(img, 0, 4); })};
    });
}

// ---- the VLM operations: crop, pad_centered, patchify -------------------------------------

inline std::string image_text(const WorkingImage& img) {
    return std::string(img.index() ? "f32 " : "u8 ") + std::to_string(height_of(img)) + "x" +
           std::to_string(width_of(img)) + "x" + std::to_string(channels_of(img)) + " " + layout_name(layout_of(img));
}

// Random windows inside random images (uint8 and float32, both layouts), every edge case of
// the window (whole image, one pixel, touching each border), centred padding, and the
// errors of windows that leave the image.
inline void window_cases(Tally& t, std::mt19937& rng, int count) {
    for (int i = 0; i < count; ++i) {
        const WorkingImage img = random_working(rng, i, 120);
        const int h = height_of(img), w = width_of(img);
        int top = uniform(rng, 0, h - 1), left = uniform(rng, 0, w - 1);
        int ch = uniform(rng, 1, h - top), cw = uniform(rng, 1, w - left);
        switch (i % 7) {
            case 0: top = left = 0, ch = h, cw = w; break;           // the whole image
            case 1: ch = cw = 1; break;                              // one pixel
            case 2: ch = h - top, cw = w - left; break;              // to the bottom/right edges
            default: break;
        }
        compare(t, "crop " + image_text(img) + " at " + std::to_string(top) + "," + std::to_string(left) + " " +
                       std::to_string(ch) + "x" + std::to_string(cw), [&] {
            return std::pair{outcome_of([&] { return CpuPolicy::crop(img, top, left, ch, cw); }),
                             outcome_of([&] { return CudaPolicy::crop(img, top, left, ch, cw); })};
        });
        const int th = h + uniform(rng, 0, 9) - (i % 19 == 0 ? 3 : 0), tw = w + uniform(rng, 0, 9);
        compare(t, "pad_centered " + image_text(img) + " -> " + std::to_string(th) + "x" + std::to_string(tw), [&] {
            return std::pair{outcome_of([&] { return CpuPolicy::pad_centered(img, th, tw); }),
                             outcome_of([&] { return CudaPolicy::pad_centered(img, th, tw); })};
        });
    }
    const WorkingImage img = random_u8(rng, 12, 9, 3, Layout::chw);
    const int bad[][4] = {{-1, 0, 2, 2}, {0, -1, 2, 2}, {11, 0, 2, 2}, {0, 8, 1, 2}, {0, 0, 0, 3}, {0, 0, 3, -2},
                          {2147483000, 0, 2000, 1}};
    for (const auto& b : bad)
        compare(t, "crop error " + std::to_string(b[0]) + "," + std::to_string(b[1]) + " " + std::to_string(b[2]) +
                       "x" + std::to_string(b[3]), [&] {
            return std::pair{outcome_of([&] { return CpuPolicy::crop(img, b[0], b[1], b[2], b[3]); }),
                             outcome_of([&] { return CudaPolicy::crop(img, b[0], b[1], b[2], b[3]); })};
        });
}

// Qwen2-VL's flattening over random grids: several patch / merge / temporal values, 1..4
// channels, both layouts, float32 (NaN payloads and signed zeros included: moved as bits)
// and uint8; then grids that cannot be cut.
inline void patchify_cases(Tally& t, std::mt19937& rng, int count) {
    const int patches[] = {1, 2, 3, 5, 14, 16};
    for (int i = 0; i < count; ++i) {
        const int p = patches[std::size_t(i) % std::size(patches)], m = uniform(rng, 1, 3), temporal = uniform(rng, 1, 3);
        const int most = std::max(1, 96 / (p * m));
        const int h = p * m * uniform(rng, 1, most), w = p * m * uniform(rng, 1, most), c = uniform(rng, 1, 4);
        const Layout layout = i % 2 ? Layout::chw : Layout::hwc;
        WorkingImage img;
        if (i % 3 == 2) {
            img = random_u8(rng, h, w, c, layout);
        } else {
            ImageF32 f = random_f32(rng, h, w, c, layout, i % 3 == 1);
            if (i % 10 == 0) {
                const std::uint32_t nan_bits = 0x7fc01234u;  // a NaN with a payload
                std::memcpy(&f.storage()[0], &nan_bits, sizeof nan_bits);
            }
            img = std::move(f);
        }
        compare(t, "patchify " + image_text(img) + " p=" + std::to_string(p) + " m=" + std::to_string(m) +
                       " t=" + std::to_string(temporal), [&] {
            return std::pair{outcome_of([&] { return Tensor(CpuPolicy::patchify(img, p, m, temporal)); }),
                             outcome_of([&] { return Tensor(CudaPolicy::patchify(img, p, m, temporal)); })};
        });
    }
    const WorkingImage img = random_f32(rng, 28, 42, 3, Layout::chw, true);
    const int bad[][3] = {{14, 2, 2}, {0, 2, 2}, {14, 0, 1}, {14, 1, 0}, {-14, -1, 1}, {3, 1, 1}};
    for (const auto& b : bad)
        compare(t, "patchify error p=" + std::to_string(b[0]) + " m=" + std::to_string(b[1]) + " t=" +
                       std::to_string(b[2]), [&] {
            return std::pair{outcome_of([&] { return Tensor(CpuPolicy::patchify(img, b[0], b[1], b[2])); }),
                             outcome_of([&] { return Tensor(CudaPolicy::patchify(img, b[0], b[1], b[2])); })};
        });
}

// ---- plans ---------------------------------------------------------------------------------

// A random plan for an image of c channels: a resize padded onto a canvas, tiles of it
// (some leaving it), a coloured second resize, Qwen2-VL patches, each view with its channels
// in order or reversed (plan placements' reverse_channels), written from `offset` on;
// `offset` comes back past its last element. `what` describes it.
inline plan::ImagePlan random_plan(std::mt19937& rng, int c, std::size_t& offset, std::string& what) {
    const Resample filter = all_resample_filters[rng() % std::size(all_resample_filters)];
    const int fh = uniform(rng, 1, 60), fw = uniform(rng, 1, 60), side = std::max(fh, fw);
    plan::ImagePlan p;
    const int fit = p.derive(-1, {fh, fw}, filter, {-(side - fh) / 2, -(side - fw) / 2, side, side});
    const int tile = uniform(rng, 1, side);
    auto slot = [&](int image) {
        const auto size = p.size_of(image);
        const bool reverse = rng() % 2 != 0;
        p.views.push_back({image, plan::ChannelsFirst{offset, size.height + 1, size.width + 2, reverse}});
        offset += std::size_t(c) * std::size_t(size.height + 1) * std::size_t(size.width + 2);
    };
    slot(p.derive(fit, {side, side}, std::nullopt, {0, 0, tile, tile}));
    slot(p.derive(fit, {side, side}, std::nullopt, {side - tile + 3, side - tile, tile, tile + 1}));
    slot(p.derive(fit, {uniform(rng, 1, 40), uniform(rng, 1, 40)}, filter, {-1, -2, 30, 31}, {200, 17, 99}));
    const int pm = 14 * uniform(rng, 1, 2), ph = pm * uniform(rng, 1, 3), pw = pm * uniform(rng, 1, 3);
    p.views.push_back({p.derive(-1, {ph, pw}, filter, {0, 0, ph, pw}), plan::Patches{offset, 14, pm / 14, 2, rng() % 3 == 0}});
    offset += std::size_t(ph / 14) * std::size_t(pw / 14) * std::size_t(c) * 2 * 14 * 14;
    what = std::string(resample_name(filter)) + " fit " + std::to_string(fh) + "x" + std::to_string(fw) + " tile " +
           std::to_string(tile) + " patches " + std::to_string(ph) + "x" + std::to_string(pw);
    return p;
}

inline CommonOptions plan_value_options(int c, bool rescale) {
    CommonOptions v;
    v.do_rescale = rescale;
    v.rescale_factor = 1.0 / 255.0;
    v.do_normalize = true;
    v.image_mean = c == 3 ? ChannelValues{{0.48145466, 0.4578275, 0.40821073}} : ChannelValues{{0.5}};
    v.image_std = c == 3 ? ChannelValues{{0.26862954, 0.26130258, 0.27577711}} : ChannelValues{{0.25}};
    return v;
}

// One random plan at a time through op::execute_plans on both backends; uint8 and float32
// inputs, 1 or 3 channels.
inline void plan_cases(Tally& t, std::mt19937& rng, int count) {
    for (int i = 0; i < count; ++i) {
        const int c = i % 2 ? 3 : 1;
        const int h = uniform(rng, 1, 90), w = uniform(rng, 1, 90);
        const WorkingImage img = i % 4 == 3 ? WorkingImage(random_f32(rng, h, w, c, Layout::hwc, true))
                                            : WorkingImage(random_u8(rng, h, w, c, Layout::hwc));
        std::size_t offset = 0;
        std::string what;
        const plan::ImagePlan p = random_plan(rng, c, offset, what);
        const CommonOptions o = plan_value_options(c, img.index() == 0);
        const auto run = [&](auto backend) {
            using B = decltype(backend);
            Array<float> out = xt::zeros<float>({offset});
            const plan::Job job{&img, &p, out.data()};
            op::execute_plans<B>(std::span(&job, 1), o);
            return Tensor(std::move(out));
        };
        compare(t, "plan " + image_text(img) + " " + what, [&] {
            return std::pair{outcome_of([&] { return run(CpuPolicy{}); }), outcome_of([&] { return run(CudaPolicy{}); })};
        });
    }
}

// Several random plans in one op::execute_plans call, as a recipe makes them: uint8 inputs
// of one channel count, HWC or CHW, some sharing a shape (so the batched executor groups
// their resizes), their outputs in one array with gaps left untouched between jobs. The
// batched executor must take every such call (plan_batch_count), and give CpuPolicy's bits.
inline void plan_batch_cases(Tally& t, std::mt19937& rng, int count) {
    for (int i = 0; i < count; ++i) {
        const int c = i % 2 ? 3 : 1, jobs_count = uniform(rng, 2, 6);
        std::vector<WorkingImage> images;
        std::vector<plan::ImagePlan> plans;
        std::vector<std::size_t> starts;
        std::size_t offset = 0;
        std::string what = "plan batch of " + std::to_string(jobs_count) + ":";
        const int shared_h = uniform(rng, 1, 90), shared_w = uniform(rng, 1, 90);
        for (int j = 0; j < jobs_count; ++j) {
            const bool shared = rng() % 2 == 0;
            const int h = shared ? shared_h : uniform(rng, 1, 90), w = shared ? shared_w : uniform(rng, 1, 90);
            images.emplace_back(random_u8(rng, h, w, c, rng() % 2 ? Layout::chw : Layout::hwc));
            offset += rng() % 3;  // a gap neither backend may write
            starts.push_back(offset);
            std::size_t end = 0;
            std::string plan_text;
            plans.push_back(random_plan(rng, c, end, plan_text));
            offset += end;
            what += " [" + image_text(images.back()) + " " + plan_text + "]";
        }
        const CommonOptions o = plan_value_options(c, true);
        const auto run = [&](auto backend) {
            using B = decltype(backend);
            Array<float> out = xt::zeros<float>({offset + 1});
            std::vector<plan::Job> jobs;
            for (std::size_t j = 0; j < plans.size(); ++j) jobs.push_back({&images[j], &plans[j], out.data() + starts[j]});
            op::execute_plans<B>(jobs, o);
            return Tensor(std::move(out));
        };
        const std::uint64_t before = cuda::plan_batch_count();
        compare(t, what, [&] {
            return std::pair{outcome_of([&] { return run(CpuPolicy{}); }), outcome_of([&] { return run(CudaPolicy{}); })};
        });
        t.record(cuda::plan_batch_count() == before + 1, [&] { return what + ": not run by the batched plan executor"; });
    }
}

// ---- whole pipelines ---------------------------------------------------------------------

// Raw inputs as users hand them over; the pixel buffers outlive the InputImages.
struct InputSet {
    std::vector<std::vector<std::uint8_t>> bytes;
    std::vector<std::vector<float>> floats;
    std::vector<InputImage> images;
};

inline InputSet random_inputs(std::mt19937& rng) {
    InputSet s;
    auto u8_array = [&](std::vector<long long> shape) {
        std::size_t n = 1;
        for (long long d : shape) n *= std::size_t(d);
        s.bytes.emplace_back(n);
        for (auto& v : s.bytes.back()) v = std::uint8_t(rng() & 0xff);
        s.images.push_back(InputImage::array(s.bytes.back().data(), shape));
    };
    u8_array({480, 640, 3});
    u8_array({37, 53, 3});
    u8_array({300, 200, 3});
    u8_array({3, 64, 96});
    u8_array({20, 300, 1});
    s.floats.emplace_back(50 * 70 * 3);
    for (auto& v : s.floats.back()) v = std::uniform_real_distribution<float>(0.0f, 1.0f)(rng);
    s.images.push_back(InputImage::array(s.floats.back().data(), {50, 70, 3}));
    s.images.push_back(InputImage::pil(random_u8(rng, 40, 60, 4, Layout::hwc), PilMode::RGBA));
    s.images.push_back(InputImage::pil(random_u8(rng, 33, 47, 1, Layout::hwc), PilMode::L));
    s.images.push_back(InputImage::pil(random_u8(rng, 29, 31, 2, Layout::hwc), PilMode::LA));
    return s;
}

// Whether a family's CudaPolicy calls went through the batched plan executor
// (cuda/plan_batch.hpp) is counted, not assumed: each family prints how many of its calls
// did. Where the family's output is float32 (rescale or normalize on, Batched::required),
// every successful call on uint8 inputs must have used it; float32 inputs run step by step
// (the batched executor resizes uint8 only).
enum class Batched { required, reported };

template <class Model>
void model_cases(Tally& t, const InputSet& inputs, const std::string& label,
                 const typename Model::options_type& call = {}, Batched batched = Batched::required) {
    const ImageProcessor<Model, CpuPolicy> cpu;
    const ImageProcessor<Model, CudaPolicy> gpu;
    long succeeded = 0, through_plans = 0, uint8_missed = 0;
    auto run_pair = [&](const ImageBatch& batch, bool all_uint8) {
        auto cpu_result = outcome_of([&] { return cpu(batch, call); });
        const std::uint64_t before = cuda::plan_batch_count();
        auto gpu_result = outcome_of([&] { return gpu(batch, call); });
        if (gpu_result.value.index() == 0) {  // a call that threw is not counted
            const bool batched_call = cuda::plan_batch_count() != before;
            ++succeeded;
            through_plans += batched_call;
            uint8_missed += all_uint8 && !batched_call;
        }
        return std::pair{std::move(cpu_result), std::move(gpu_result)};
    };
    const auto is_uint8 = [](const InputImage& img) { return img.dtype() == DType::uint8; };
    for (std::size_t i = 0; i < inputs.images.size(); ++i)
        compare(t, label + " image " + std::to_string(i) + " " + inputs.images[i].shape_string(),
                [&] { return run_pair(ImageBatch(inputs.images[i]), is_uint8(inputs.images[i])); });
    compare(t, label + " whole batch",
            [&] { return run_pair(ImageBatch(inputs.images), std::ranges::all_of(inputs.images, is_uint8)); });
    std::printf("%s: batched plan executor ran %ld of %ld successful calls\n", label.c_str(), through_plans, succeeded);
    if (batched == Batched::required)
        t.record(uint8_missed == 0 && through_plans > 0, [&] {
            return label + ": " + std::to_string(uint8_missed) + " successful calls on uint8 inputs did not run " +
                   "through the batched plan executor (" + std::to_string(through_plans) + " did)";
        });
}

inline void pipeline_cases(Tally& t, std::mt19937& rng) {
    const InputSet inputs = random_inputs(rng);
    model_cases<ClipModel>(t, inputs, "CLIP");
    model_cases<VitModel>(t, inputs, "ViT");
    model_cases<SiglipModel>(t, inputs, "SigLIP");
    model_cases<BitModel>(t, inputs, "BiT");
    model_cases<ConvNextModel>(t, inputs, "ConvNeXt");
    model_cases<DeitModel>(t, inputs, "DeiT");
    model_cases<BeitModel>(t, inputs, "BEiT");
    model_cases<LlavaModel>(t, inputs, "LLaVA");
    model_cases<LlavaNextModel>(t, inputs, "LLaVA-NeXT");
    model_cases<Qwen2VLModel>(t, inputs, "Qwen2-VL");
    model_cases<PixtralModel>(t, inputs, "Pixtral");
    model_cases<Siglip2Model>(t, inputs, "SigLIP2");
    model_cases<Gemma3Model>(t, inputs, "Gemma3");
    model_cases<Idefics3Model>(t, inputs, "Idefics3");
    model_cases<SmolVLMModel>(t, inputs, "SmolVLM");
    model_cases<MllamaModel>(t, inputs, "Mllama");
    model_cases<BlipModel>(t, inputs, "BLIP");
    model_cases<ChineseClipModel>(t, inputs, "ChineseCLIP");
    model_cases<MobileNetV1Model>(t, inputs, "MobileNetV1");
    model_cases<PvtModel>(t, inputs, "PVT");
    model_cases<MobileNetV2Model>(t, inputs, "MobileNetV2");
    model_cases<SegformerModel>(t, inputs, "Segformer");
    model_cases<ChameleonModel>(t, inputs, "Chameleon");
    model_cases<CohereCompassModel>(t, inputs, "CohereCompass");
    model_cases<OwlViTModel>(t, inputs, "OWL-ViT");
    model_cases<LevitModel>(t, inputs, "LeViT");
    model_cases<PPChart2TableModel>(t, inputs, "PP-Chart2Table");
    model_cases<TextNetModel>(t, inputs, "TextNet");
    // GLPN neither converts to RGB nor normalizes, so an RGBA input succeeds with 4 channels,
    // which the batched executor leaves to the step-by-step path (it takes 1 or 3).
    model_cases<GLPNModel>(t, inputs, "GLPN", {}, Batched::reported);
    model_cases<DPTModel>(t, inputs, "DPT");
    model_cases<MobileViTModel>(t, inputs, "MobileViT", {}, Batched::reported);  // RGBA stays 4-channel, as GLPN's
    model_cases<PoolFormerModel>(t, inputs, "PoolFormer");
    // The detection, ViLT and SAM classes at small sizes (their defaults resize to 800-1333).
    DetrOptions detr;
    detr.size = SizeSpec::shortest_longest(40, 64);
    model_cases<DetrModel>(t, inputs, "DETR", detr);
    model_cases<YolosModel>(t, inputs, "YOLOS", detr);
    DetrOptions detr_fixed_pad;
    detr_fixed_pad.size = SizeSpec::exact(30, 50);
    detr_fixed_pad.do_pad = true;
    detr_fixed_pad.pad_size = SizeSpec::exact(40, 56);
    // RT-DETR does not normalize: an RGBA input stays 4-channel, as GLPN's.
    model_cases<RTDetrModel>(t, inputs, "RT-DETR", detr_fixed_pad, Batched::reported);
    SizeDivisorOptions vilt;
    vilt.size = SizeSpec::shortest(40);
    model_cases<ViltModel>(t, inputs, "ViLT", vilt);
    vilt.crop_size = SizeSpec::shortest(32);
    model_cases<BridgeTowerModel>(t, inputs, "BridgeTower", vilt);
    SamOptions sam;
    sam.size = SizeSpec::longest(50);
    sam.pad_size = SizeSpec::exact(64, 64);
    model_cases<SamModel>(t, inputs, "SAM", sam);
    // EfficientNet's extra value steps and Perceiver's crop before the resize run step by step.
    EfficientNetOptions efficientnet;
    efficientnet.size = SizeSpec::exact(40, 36);
    efficientnet.rescale_offset = true;
    model_cases<EfficientNetModel>(t, inputs, "EfficientNet", efficientnet, Batched::reported);
    PlainOptions perceiver;
    perceiver.size = SizeSpec::exact(40, 36);
    model_cases<PerceiverModel>(t, inputs, "Perceiver", perceiver, Batched::reported);
    LayoutLMOptions layoutlm;
    layoutlm.apply_ocr = false;  // OCR is refused; the pixels run
    layoutlm.size = SizeSpec::exact(40, 36);
    model_cases<LayoutLMv2Model>(t, inputs, "LayoutLMv2", layoutlm, Batched::reported);  // uint8 BGR, step by step
    model_cases<LayoutLMv3Model>(t, inputs, "LayoutLMv3", layoutlm);
    JanusOptions janus;
    janus.size = SizeSpec::exact(48, 48);
    model_cases<JanusModel>(t, inputs, "Janus", janus);
    GotOcr2Options got;
    got.size = SizeSpec::exact(24, 32);
    got.crop_to_patches = true;
    got.max_patches = 6;
    model_cases<GotOcr2Model>(t, inputs, "GOT-OCR2 tiles", got);
    FlavaOptions flava;
    flava.size = flava.crop_size = SizeSpec::exact(32, 32);
    flava.return_codebook_pixels = true;
    flava.codebook_size = flava.codebook_crop_size = SizeSpec::exact(16, 16);
    model_cases<FlavaModel>(t, inputs, "FLAVA codebook", flava);
    PlainOptions video;
    video.size = SizeSpec::shortest(40);
    video.crop_size = SizeSpec::exact(32, 36);
    model_cases<VideoMAEModel>(t, inputs, "VideoMAE frames", video);
    Qwen2VLOptions glm;
    glm.size = SizeSpec::shortest_longest(100, 3000);  // GLM's budget over two frames, small sides scaled up
    model_cases<Glm4vModel>(t, inputs, "GLM-4V", glm);
    Qwen2VLOptions cosmos;  // channels-last columns, rows by merge block, each value twice
    cosmos.size = SizeSpec::shortest_longest(100, 3000);
    cosmos.patch_size = 4;
    cosmos.temporal_patch_size = 2;
    model_cases<Cosmos3EdgeModel>(t, inputs, "Cosmos3-Edge", cosmos);
    DeepseekOcr2Options deepseek_ocr2;  // tiles of a canvas resize, a centred square on grey
    deepseek_ocr2.size = SizeSpec::exact(40, 40);
    deepseek_ocr2.tile_size = 24;
    model_cases<DeepseekOcr2Model>(t, inputs, "DeepSeek-OCR-2", deepseek_ocr2);
    MiniCPMV4_6Options minicpm;  // the whole image and its slices, strips of patch rows
    minicpm.scale_resolution = 24;
    minicpm.patch_size = 4;
    minicpm.downsample_mode = "4x";
    model_cases<MiniCPMV4_6Model>(t, inputs, "MiniCPM-V 4.6", minicpm);
    AriaOptions aria;  // anyres crops of 490, each resized and padded bottom/right, pixel_mask
    aria.max_image_size = 490;
    aria.min_image_size = 20;
    aria.split_image = true;
    aria.split_resolutions = Resolutions{{490, 980}, {980, 490}, {490, 490}};
    model_cases<AriaModel>(t, inputs, "Aria split", aria);
    GraniteDoclingOptions granite;  // tiles of a canvas resize and a thumbnail, in padded slots
    granite.size = SizeSpec::exact(16, 24);
    granite.max_patches = 6;
    model_cases<GraniteDoclingModel>(t, inputs, "Granite-Docling", granite);
    Qwen2VLOptions video_llama;
    video_llama.size = SizeSpec::shortest_longest(196, 4000);
    model_cases<VideoLlama3Model>(t, inputs, "VideoLLaMA3", video_llama);
    Ovis2Options ovis2;
    ovis2.size = SizeSpec::exact(40, 36);
    model_cases<Ovis2Model>(t, inputs, "Ovis2", ovis2);
    ovis2.size = SizeSpec::exact(16, 16);
    ovis2.crop_to_patches = true;
    ovis2.max_patches = 6;
    model_cases<Ovis2Model>(t, inputs, "Ovis2 covering-area tiles", ovis2, Batched::reported);
    SuperPointOptions superpoint;
    superpoint.size = SizeSpec::exact(30, 40);
    superpoint.do_grayscale = true;
    // No normalize and no RGB conversion: an RGBA input stays 4-channel, as GLPN's.
    model_cases<SuperPointModel>(t, inputs, "SuperPoint grey", superpoint, Batched::reported);
    // SuperGlue takes pairs: each single image is refused on both backends, the two-image
    // batch (viewing the first two inputs, whose storage `inputs` keeps) is one pair.
    InputSet pair;
    pair.images = {inputs.images[0], inputs.images[1]};
    model_cases<SuperGlueModel>(t, pair, "SuperGlue pair", superpoint, Batched::reported);
    IdeficsOptions idefics;
    idefics.size = SizeSpec::exact(40, 36);
    model_cases<IdeficsModel>(t, inputs, "IDEFICS", idefics);
    Gemma4Options gemma4;
    gemma4.max_soft_tokens = 70;
    gemma4.patch_size = 4;  // 70 * 9 patches of 4x4: a small budget
    model_cases<Gemma4Model>(t, inputs, "Gemma4 patch rows", gemma4);
    LlavaOnevisionOptions onevision;
    onevision.size = SizeSpec::exact(24, 24);
    onevision.image_grid_pinpoints = Resolutions{{24, 24}, {24, 48}, {48, 24}, {48, 48}};
    model_cases<LlavaOnevisionModel>(t, inputs, "LLaVA-OneVision tiles", onevision);
    Idefics2Options idefics2;
    idefics2.size = SizeSpec::shortest_longest(12, 40);
    idefics2.do_image_splitting = true;
    model_cases<Idefics2Model>(t, inputs, "Idefics2 quadrants", idefics2);
    EomtOptions eomt;
    eomt.size = SizeSpec::shortest_longest(16, 24);
    eomt.do_split_image = eomt.do_pad = true;
    model_cases<EomtModel>(t, inputs, "EoMT windows", eomt, Batched::reported);
    DonutOptions donut;
    donut.size = SizeSpec::exact(40, 30);
    donut.do_align_long_axis = true;
    model_cases<DonutModel>(t, inputs, "Donut page", donut);
    donut.do_convert_rgb = true;
    model_cases<NougatModel>(t, inputs, "Nougat page", donut);
    PromptDepthAnythingOptions prompt_depth;
    prompt_depth.size = SizeSpec::exact(40, 48);
    prompt_depth.keep_aspect_ratio = true;
    prompt_depth.ensure_multiple_of = 7;
    model_cases<PromptDepthAnythingModel>(t, inputs, "Prompt Depth Anything", prompt_depth);
    MaskFormerOptions maskformer;
    maskformer.size = SizeSpec::shortest_longest(40, 64);
    maskformer.size_divisor = 16;
    model_cases<Mask2FormerModel>(t, inputs, "Mask2Former", maskformer);
    OneFormerOptions oneformer;
    oneformer.size = SizeSpec::shortest_longest(40, 64);
    model_cases<OneFormerModel>(t, inputs, "OneFormer", oneformer);
    Qwen2VLOptions paddle;
    paddle.size = SizeSpec::shortest_longest(196, 4000);
    model_cases<PaddleOCRVLModel>(t, inputs, "PaddleOCR-VL raster patches", paddle);
    Qwen2VLOptions hunyuan;
    hunyuan.size = SizeSpec::shortest_longest(256, 6000);
    hunyuan.patch_size = 8;
    model_cases<HunYuanVLModel>(t, inputs, "HunYuan-VL raster patches", hunyuan);
    Qwen2VLOptions glm_image;
    glm_image.size = SizeSpec::shortest_longest(1024, 4096);
    glm_image.patch_size = 4;
    model_cases<GlmImageModel>(t, inputs, "GLM-Image", glm_image);
    DeepseekVLHybridOptions hybrid;
    hybrid.size = SizeSpec::exact(24, 24);
    hybrid.high_res_size = SizeSpec::exact(40, 40);
    model_cases<DeepseekVLHybridModel>(t, inputs, "DeepSeek-VL hybrid", hybrid);
    // OWLv2's Gaussian filter and zoom run on the host after the backend's rescale and pad.
    PlainOptions owlv2;
    owlv2.size = SizeSpec::exact(20, 28);
    model_cases<Owlv2Model>(t, inputs, "OWLv2", owlv2, Batched::reported);
    // Pix2Struct's standardisation, torch-style resize and patches all run on the host.
    Pix2StructOptions pix2struct;
    pix2struct.max_patches = 20;
    pix2struct.patch_size = SizeSpec::exact(4, 6);
    model_cases<Pix2StructModel>(t, inputs, "Pix2Struct", pix2struct, Batched::reported);
    Kosmos2_5Options kosmos2_5;  // Pix2Struct's patches, with a sqrt grid and the sizes returned
    kosmos2_5.max_patches = 24;
    kosmos2_5.patch_size = SizeSpec::exact(6, 4);
    model_cases<Kosmos2_5Model>(t, inputs, "Kosmos-2.5", kosmos2_5, Batched::reported);
    Glm5NextOptions glm5_next;  // the resize inside a zero-padded canvas
    glm5_next.patch_size = 4;
    glm5_next.merge_size = 2;
    glm5_next.min_image_tokens = 3;
    glm5_next.max_image_tokens = 20;
    model_cases<Glm5NextModel>(t, inputs, "GLM-5-Next", glm5_next);
    ImageGPTOptions imagegpt;  // the backend's resize and value map, then the host's nearest clusters
    imagegpt.size = SizeSpec::exact(10, 12);
    imagegpt.clusters = ColorClusters{{{-1.0, -1.0, -1.0}, {0.25, -0.5, 0.75}, {1.0, 1.0, 1.0}, {0.0, 0.1, -0.1}}};
    model_cases<ImageGPTModel>(t, inputs, "ImageGPT", imagegpt);
    VideoLlavaOptions video_llava;  // CLIP's steps with the legacy input handling
    video_llava.size = SizeSpec::shortest(14);
    video_llava.crop_size = SizeSpec::exact(12, 10);
    model_cases<VideoLlavaModel>(t, inputs, "Video-LLaVA", video_llava);
    Emu3Options emu3;  // smart_resize, then the batch pad with image_sizes
    emu3.min_pixels = 100;
    emu3.max_pixels = 600;
    emu3.spatial_factor = 4;
    model_cases<Emu3Model>(t, inputs, "Emu3", emu3);
    TvpOptions tvp;  // frames: the plans' zero pad and channel flip
    tvp.size = SizeSpec::longest(16);
    tvp.crop_size = SizeSpec::exact(14, 12);
    tvp.pad_size = SizeSpec::exact(18, 16);
    model_cases<TvpModel>(t, inputs, "TVP", tvp);
    tvp.pad_mode = "symmetric";  // numpy's symmetric pad runs on the host
    model_cases<TvpModel>(t, inputs, "TVP symmetric pad", tvp, Batched::reported);
    FuyuOptions fuyu;  // the uint8 pad with 1 before the value map runs on the host
    fuyu.size = SizeSpec::exact(16, 20);
    model_cases<FuyuModel>(t, inputs, "Fuyu", fuyu, Batched::reported);
    // Swin2SR's symmetric pad runs on the host; no RGB conversion: RGBA stays 4-channel.
    model_cases<Swin2SRModel>(t, inputs, "Swin2SR", {}, Batched::reported);

    // The VLM recipes' tiles and crops in more shapes: many small Idefics3 tiles, Mllama
    // tiles of odd size, Gemma3's pan-and-scan crops (wide and tall inputs), Qwen2-VL with
    // other patch/merge/temporal values and without rescale/normalize (uint8 patches).
    Idefics3Options tiles;
    tiles.size = SizeSpec::longest(150);
    tiles.max_image_size = SizeSpec::longest(37);
    model_cases<Idefics3Model>(t, inputs, "Idefics3 37-pixel tiles", tiles);
    Idefics3Options unpadded = tiles;
    unpadded.do_pad = false;
    unpadded.do_image_splitting = false;
    model_cases<SmolVLMModel>(t, inputs, "SmolVLM no split, no pad", unpadded);
    MllamaOptions odd;
    odd.size = SizeSpec::exact(45, 45);
    odd.max_image_tiles = 6;
    model_cases<MllamaModel>(t, inputs, "Mllama 45-pixel tiles", odd);
    Gemma3Options pan;
    pan.do_pan_and_scan = true;
    pan.pan_and_scan_min_crop_size = 8;
    pan.pan_and_scan_max_num_crops = 5;
    pan.pan_and_scan_min_ratio_to_activate = 1.2;
    pan.size = SizeSpec::exact(64, 64);
    model_cases<Gemma3Model>(t, inputs, "Gemma3 pan-and-scan", pan);
    Qwen2VLOptions qwen;
    qwen.patch_size = 7;
    qwen.merge_size = 3;
    qwen.temporal_patch_size = 3;
    qwen.max_pixels = 200 * 200;
    model_cases<Qwen2VLModel>(t, inputs, "Qwen2-VL p7 m3 t3", qwen);
    Qwen2VLOptions raw;
    raw.do_rescale = false;
    raw.do_normalize = false;
    raw.max_pixels = 150 * 150;
    model_cases<Qwen2VLModel>(t, inputs, "Qwen2-VL uint8 patches", raw, Batched::reported);
    LlavaNextOptions pinpoints;  // centred padding with odd room, tiles of uneven size
    pinpoints.image_grid_pinpoints = Resolutions{{100, 130}, {130, 100}, {161, 97}};
    pinpoints.size = SizeSpec::shortest(50);
    pinpoints.crop_size = SizeSpec::exact(50, 50);
    model_cases<LlavaNextModel>(t, inputs, "LLaVA-NeXT small pinpoints", pinpoints);

    PlainOptions padded;  // batch padding after an uncropped resize: images of different sizes
    padded.do_center_crop = false;
    padded.do_pad = true;
    model_cases<ClipModel>(t, inputs, "CLIP do_pad", padded);
    DPTOptions centred;  // DPT's pad_image: each image centred on its own canvas, odd room
    centred.size = SizeSpec::exact(61, 45);
    centred.keep_aspect_ratio = true;
    centred.ensure_multiple_of = 3;
    centred.do_pad = true;
    centred.size_divisor = 8;
    model_cases<DPTModel>(t, inputs, "DPT centred pad", centred);
    PlainOptions nearest;
    nearest.resample = Resample::nearest;
    nearest.size = SizeSpec::exact(97, 131);
    model_cases<VitModel>(t, inputs, "ViT nearest 97x131", nearest);
    ConvNextOptions small;  // below 384: resize to 224 / crop_pct, then crop
    small.size = SizeSpec::shortest(224);
    model_cases<ConvNextModel>(t, inputs, "ConvNeXt 224", small);
    PlainOptions square;
    square.do_pad = true;
    model_cases<LlavaModel>(t, inputs, "LLaVA pad-to-square", square);
}


// ---- the batched path (pixelprep/cuda/batch.hpp) ------------------------------------------

// Grouping and chunking, on the host: groups in order of first appearance, members in input
// order, large groups split into chunks, outputs packed in input order.
inline void grouping_cases(Tally& t) {
    CommonOptions o = ClipModel::defaults();
    const cuda::ImageShape a{40, 50, 3, Layout::chw}, b{60, 20, 3, Layout::chw}, a_hwc{40, 50, 3, Layout::hwc};
    const std::vector<cuda::ImageShape> shapes{a, b, a, a_hwc, b, a};
    const cuda::BatchPlan plan = cuda::plan_batch(shapes, o, std::nullopt);
    const bool groups_ok = plan.groups.size() == 3 && plan.groups[0].members == std::vector<int>{0, 2, 5} &&
                           plan.groups[1].members == std::vector<int>{1, 4} && plan.groups[2].members == std::vector<int>{3};
    t.record(groups_ok, [&] { return "grouping: " + std::to_string(plan.groups.size()) + " groups, expected 3"; });
    bool offsets_ok = plan.out_elements == 6u * 3u * 224u * 224u;
    for (std::size_t i = 0; i < shapes.size(); ++i)
        offsets_ok = offsets_ok && plan.out_offsets[i] == i * 3u * 224u * 224u &&
                     plan.out_shapes[i].layout == shapes[i].layout;
    for (const auto& g : plan.groups)
        for (std::size_t k = 0; k < g.members.size(); ++k)
            offsets_ok = offsets_ok && g.out_offsets[k] == plan.out_offsets[std::size_t(g.members[k])];
    t.record(offsets_ok, [] { return std::string("grouping: output offsets not packed in input order"); });

    // 1920x1080x3 = 6 MiB per image: 32 MiB chunks hold 5; 12 images -> 5 + 5 + 2.
    const std::vector<cuda::ImageShape> big(12, cuda::ImageShape{1080, 1920, 3, Layout::hwc});
    const cuda::BatchPlan chunks = cuda::plan_batch(big, o);
    t.record(chunks.groups.size() == 3 && chunks.groups[0].members.size() == 5 && chunks.groups[2].members.size() == 2,
             [&] { return "chunking: " + std::to_string(chunks.groups.size()) + " chunks for 12 full-HD images"; });

    // What the batched path refuses (CudaPolicy then runs per operation).
    auto refuses = [&](const std::string& what, const std::vector<cuda::ImageShape>& s, const CommonOptions& opts) {
        bool threw = false;
        try {
            (void)cuda::plan_batch(s, opts);
        } catch (const InvalidArgument&) {
            threw = true;
        }
        t.record(threw, [&] { return "plan_batch accepted " + what; });
    };
    refuses("RGBA", {{10, 10, 4, Layout::hwc}}, o);
    refuses("mixed channels", {{10, 10, 3, Layout::hwc}, {10, 10, 1, Layout::hwc}}, o);
    CommonOptions padded = o;
    padded.do_pad = true;
    refuses("do_pad", {a}, padded);
    CommonOptions raw = o;
    raw.do_rescale = false;
    raw.do_normalize = false;
    refuses("uint8 output", {a}, raw);
}

// A batch of uint8 working images (1 or 3 channels, CHW or HWC) of a few shapes, repeated.
inline std::vector<WorkingImage> random_batch(std::mt19937& rng, int images, int shapes, int max_side, int channels) {
    std::vector<ResizeCase> sizes;
    for (int s = 0; s < shapes; ++s) sizes.push_back({uniform(rng, 1, max_side), uniform(rng, 1, max_side), 0, 0});
    std::vector<WorkingImage> out;
    for (int i = 0; i < images; ++i) {
        const ResizeCase& rc = sizes[std::size_t(rng() % sizes.size())];
        out.emplace_back(random_u8(rng, rc.in_h, rc.in_w, channels, rng() % 4 == 0 ? Layout::hwc : Layout::chw));
    }
    return out;
}

// The generic recipe on CudaPolicy (its plans through the batched plan executor) against
// CpuPolicy's step-by-step generic pipeline: every filter, random sizes, crops larger and
// smaller than the image, rescale or normalize off. Each batch must run batched: one
// executor call, at most 4 launches per group of same-shaped images whatever their count
// (two resize passes, a crop window that leaves the image, the placement).
inline void batched_generic_cases(Tally& t, std::mt19937& rng, int batches) {
    for (int i = 0; i < batches; ++i) {
        CommonOptions o = ClipModel::defaults();
        o.resample = all_resample_filters[std::size_t(i) % all_resample_filters.size()];
        switch (i % 5) {
            case 0: o.size = SizeSpec::shortest(uniform(rng, 1, 120)); break;
            case 1: o.size = SizeSpec::exact(uniform(rng, 1, 120), uniform(rng, 1, 120)); break;
            case 2: o.do_resize = false; break;
            case 3: o.size = SizeSpec::shortest(uniform(rng, 100, 200)); break;  // upscaling
            default: o.size = SizeSpec::exact(uniform(rng, 1, 40), uniform(rng, 150, 300)); break;
        }
        if (i % 3 == 0) o.do_center_crop = false;
        else o.crop_size = SizeSpec::exact(uniform(rng, 1, 140), uniform(rng, 1, 140));
        if (i % 7 == 1) o.do_rescale = false;
        if (i % 7 == 2) o.do_normalize = false;
        if (i % 7 == 3) o.rescale_factor = -1.0 / 127.5;
        const int channels = i % 6 == 5 ? 1 : 3;
        if (channels == 1) {
            o.image_mean = ChannelValues{{0.25}, true};
            o.image_std = ChannelValues{{0.5}, true};
        }
        const int shapes = uniform(rng, 1, 4);
        const std::vector<WorkingImage> images = random_batch(rng, uniform(rng, 1, 24), shapes, 150, channels);
        const std::uint64_t launches_before = cuda::kernel_launch_count(), calls_before = cuda::plan_batch_count();
        compare(t, "batched generic " + std::to_string(i) + " " + std::string(resample_name(*o.resample)) + ", " +
                       std::to_string(images.size()) + " images of " + std::to_string(shapes) + " shapes", [&] {
            return std::pair{outcome_of([&] { return steps::generic<CpuPolicy>(images, o); }),
                             outcome_of([&] { return GenericRecipe::run<CudaPolicy>(images, o); })};
        });
        // Groups: distinct (height, width, layout); at most 4 launches each, where the
        // per-operation path would need 3+ per image.
        std::vector<std::tuple<int, int, int>> groups;
        for (const WorkingImage& w : images) {
            const auto key = std::make_tuple(height_of(w), width_of(w), int(layout_of(w)));
            if (std::find(groups.begin(), groups.end(), key) == groups.end()) groups.push_back(key);
        }
        const std::uint64_t launches = cuda::kernel_launch_count() - launches_before;
        t.record(cuda::plan_batch_count() == calls_before + 1,
                 [&] { return "batched generic " + std::to_string(i) + ": not one batched plan executor call"; });
        t.record(launches <= std::uint64_t(4 * groups.size()), [&] {
            return "batched generic " + std::to_string(i) + ": " + std::to_string(launches) + " launches for " +
                   std::to_string(images.size()) + " images in " + std::to_string(groups.size()) + " groups";
        });
    }
    {  // 64 images of one shape: one group, a handful of launches.
        std::vector<WorkingImage> images;
        for (int k = 0; k < 64; ++k) images.emplace_back(random_u8(rng, 61, 83, 3, Layout::chw));
        const CommonOptions o = ClipModel::defaults();
        const std::uint64_t before = cuda::kernel_launch_count();
        compare(t, "batched generic: 64 images of one shape", [&] {
            return std::pair{outcome_of([&] { return steps::generic<CpuPolicy>(images, o); }),
                             outcome_of([&] { return GenericRecipe::run<CudaPolicy>(images, o); })};
        });
        const std::uint64_t launches = cuda::kernel_launch_count() - before;
        t.record(launches <= 3, [&] { return "64 same-shaped images: " + std::to_string(launches) + " launches"; });
    }
}

// preprocess_to_device: the stacked pixel_values of CpuPolicy, left on the device, for host
// and device inputs; the DLPack view; the output buffer pool.
inline void device_output_cases(Tally& t, std::mt19937& rng, dlpack::DLDeviceType expected_device) {
    const ImageProcessor<ClipModel, CpuPolicy> cpu;
    std::vector<std::vector<std::uint8_t>> pixels;
    std::vector<InputImage> inputs;
    std::vector<cuda::BatchImage> host_images;
    const std::pair<int, int> sizes[] = {{480, 640}, {37, 53}, {480, 640}, {300, 200}, {224, 224}, {480, 640}};
    for (const auto& [h, w] : sizes) {
        pixels.emplace_back(std::size_t(h) * std::size_t(w) * 3);
        for (auto& v : pixels.back()) v = std::uint8_t(rng() & 0xff);
        inputs.push_back(InputImage::array(pixels.back().data(), {h, w, 3}));
        host_images.push_back({pixels.back().data(), h, w, 3, Layout::hwc, false});
    }
    const BatchFeature expected = cpu(ImageBatch(inputs));
    const Tensor stacked = expected.stacked("pixel_values");
    const auto& want = std::get<pixelprep::Array<float>>(stacked);
    auto matches = [&](const std::vector<float>& got) {
        return got.size() == want.size() && std::memcmp(got.data(), want.data(), got.size() * sizeof(float)) == 0;
    };

    // Host inputs.
    const cuda::DeviceTensor out = cuda::preprocess_to_device(host_images, cpu.options());
    const std::vector<std::int64_t> shape{6, 3, 224, 224};
    t.record(out.shape() == shape && out.strides() == std::vector<std::int64_t>{3 * 224 * 224, 224 * 224, 224, 1},
             [] { return std::string("device tensor: wrong shape or strides"); });
    t.record(matches(out.copy_to_host()), [] { return std::string("preprocess_to_device (host inputs) != CpuPolicy"); });

    // Device inputs: the same pixels copied into device buffers first.
    std::vector<cuda::DeviceBuffer> on_device;
    std::vector<cuda::BatchImage> device_images = host_images;
    for (std::size_t i = 0; i < host_images.size(); ++i) {
        on_device.push_back(cuda::launch::acquire_device_buffer(pixels[i].size()));
        cuda::launch::copy_host_to_device(on_device.back().memory.get(), pixels[i].data(), pixels[i].size());
        device_images[i].data = static_cast<const std::uint8_t*>(on_device.back().memory.get());
        device_images[i].on_device = true;
    }
    t.record(matches(cuda::preprocess_to_device(device_images, cpu.options()).copy_to_host()),
             [] { return std::string("preprocess_to_device (device inputs) != CpuPolicy"); });

    // The DLPack view: fields, no copy, lifetime, one release.
    dlpack::DLManagedTensor* m = nullptr;
    const void* data = nullptr;
    {
        const cuda::DeviceTensor local = cuda::preprocess_to_device(host_images, cpu.options());
        m = local.to_dlpack();
        data = local.data();
    }  // the DeviceTensor is gone; the export keeps the memory
    const dlpack::DLTensor& d = m->dl_tensor;
    const bool fields = d.data == data && d.device.device_type == expected_device && d.device.device_id >= 0 &&
                        d.ndim == 4 && d.dtype.code == dlpack::kDLFloat && d.dtype.bits == 32 && d.dtype.lanes == 1 &&
                        d.byte_offset == 0 && std::vector<std::int64_t>(d.shape, d.shape + 4) == shape &&
                        std::vector<std::int64_t>(d.strides, d.strides + 4) ==
                            std::vector<std::int64_t>{3 * 224 * 224, 224 * 224, 224, 1} &&
                        m->manager_ctx != nullptr && m->deleter != nullptr;
    t.record(fields, [&] {
        return "DLPack fields: device " + std::to_string(int(d.device.device_type)) + " (expected " +
               std::to_string(int(expected_device)) + "), ndim " + std::to_string(d.ndim);
    });
    std::vector<float> through_view(want.size());
    cuda::launch::copy_device_to_host(through_view.data(), d.data, through_view.size() * sizeof(float));
    t.record(matches(through_view), [] { return std::string("DLPack view: data differs after the producer died"); });
    const std::uint64_t before_release = cuda::workspace_allocation_count();
    m->deleter(m);  // releases the buffer to the pool, exactly once:
    const cuda::DeviceBuffer reused = cuda::launch::acquire_device_buffer(want.size() * sizeof(float));
    const std::uint64_t after_first = cuda::workspace_allocation_count();
    const cuda::DeviceBuffer fresh = cuda::launch::acquire_device_buffer(want.size() * sizeof(float));
    const std::uint64_t after_second = cuda::workspace_allocation_count();
    t.record(reused.memory.get() == data && after_first == before_release && after_second == before_release + 1, [&] {
        return "DLPack deleter: buffer not returned to the pool exactly once (" +
               std::to_string(after_first - before_release) + ", " + std::to_string(after_second - after_first) +
               " allocations)";
    });

    // Steady state: the same call again and again, outputs released each time.
    (void)cuda::preprocess_to_device(host_images, cpu.options());
    const std::uint64_t steady = cuda::workspace_allocation_count();
    for (int r = 0; r < 4; ++r) {
        const cuda::DeviceTensor again = cuda::preprocess_to_device(host_images, cpu.options());
        dlpack::DLManagedTensor* e = again.to_dlpack();
        e->deleter(e);
    }
    t.record(cuda::workspace_allocation_count() == steady, [&] {
        return "preprocess_to_device steady state: " + std::to_string(cuda::workspace_allocation_count() - steady) +
               " allocations in 4 repeated calls";
    });

    // Refusals, with a reason.
    auto refuses = [&](const std::string& what, const std::function<void()>& f) {
        bool threw = false;
        try {
            f();
        } catch (const InvalidArgument&) {
            threw = true;
        }
        t.record(threw, [&] { return "preprocess_to_device accepted " + what; });
    };
    refuses("mixed host and device inputs", [&] {
        std::vector<cuda::BatchImage> mixed{host_images[0], device_images[1]};
        (void)cuda::preprocess_to_device(mixed, cpu.options());
    });
    refuses("outputs of different sizes", [&] {
        CommonOptions uncropped = cpu.options();
        uncropped.do_center_crop = false;
        (void)cuda::preprocess_to_device(host_images, uncropped);
    });
}

// ---- workspace behaviour -----------------------------------------------------------------

inline void steady_state_case(Tally& t, std::mt19937& rng) {
    const InputSet inputs = random_inputs(rng);
    const ImageBatch batch(inputs.images);
    const ImageProcessor<ClipModel, CudaPolicy> clip;
    const WorkingImage rgba = random_u8(rng, 300, 400, 4, Layout::chw);
    auto workload = [&] {
        (void)clip(batch);
        (void)CudaPolicy::resize(rgba, {123, 77}, Resample::lanczos);
    };
    workload();
    workload();
    const std::uint64_t before = cuda::workspace_allocation_count();
    for (int i = 0; i < 5; ++i) workload();
    const std::uint64_t after = cuda::workspace_allocation_count();
    t.record(before > 0 && after == before, [&] {
        return "steady state: " + std::to_string(after - before) + " device allocations in 5 repeated workloads (" +
               std::to_string(before) + " before)";
    });
}

inline void concurrency_case(Tally& t, std::mt19937& rng) {
    const InputSet inputs = random_inputs(rng);
    const ImageBatch batch(inputs.images);
    const BatchFeature expected = ImageProcessor<ClipModel, CpuPolicy>()(batch);
    const ImageProcessor<ClipModel, CudaPolicy> gpu;
    std::vector<int> ok(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < ok.size(); ++k)
        threads.emplace_back([&, k] {
            bool all = true;
            for (int r = 0; r < 3; ++r) all = all && same_bits(gpu(batch), expected);
            ok[k] = all;
        });
    for (auto& th : threads) th.join();
    for (std::size_t k = 0; k < ok.size(); ++k)
        t.record(ok[k] != 0, [&] { return "concurrent CLIP calls, thread " + std::to_string(k); });
}

// Runs everything and prints "<label>: N cases, M mismatches"; the test's exit status.
inline int run_all(const char* label, int resize_sizes, dlpack::DLDeviceType device_type) {
    std::mt19937 rng(20240611);
    Tally t;
    try {
        resize_cases(t, rng, resize_sizes);
        elementwise_cases(t, rng, 300);
        window_cases(t, rng, 260);
        patchify_cases(t, rng, 260);
        plan_cases(t, rng, 160);
        plan_batch_cases(t, rng, 80);
        pipeline_cases(t, rng);
        grouping_cases(t);
        batched_generic_cases(t, rng, 120);
        device_output_cases(t, rng, device_type);
        steady_state_case(t, rng);
        concurrency_case(t, rng);
    } catch (const std::exception& e) {
        std::printf("%s: aborted after %ld cases: %s\n", label, t.cases(), e.what());
        return 1;
    }
    std::printf("%s: %ld cases, %ld mismatches (%ld cases compared errors, both backends threw)\n", label, t.cases(),
                t.mismatches(), t.errors());
    return t.mismatches() == 0 ? 0 : 1;
}

}  // namespace pixelprep::cuda_test
