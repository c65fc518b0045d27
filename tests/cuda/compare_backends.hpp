// CudaPolicy against CpuPolicy, byte for byte: every operation over random images and
// sizes, every built-in model's whole pipeline (the models registered in
// src/processor/builtin_registry.cpp; add new ones to pipeline_cases), matching errors,
// steady-state allocations and concurrent callers. Shared by the 'cuda' test (real GPU) and the 'cuda-emulated' test
// (the same device code run by a host executor); each supplies the launchers it links.
#pragma once

#include <cstdio>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include <pixelprep/cuda/runtime.hpp>
#include <pixelprep/cuda_policy.hpp>
#include <pixelprep/models/llava_next.hpp>
#include <pixelprep/models/pixtral.hpp>
#include <pixelprep/models/qwen2_vl.hpp>
#include <pixelprep/models/siglip2.hpp>
#include <pixelprep/pixelprep.hpp>

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

inline bool same_bits(const Tensor& a, const Tensor& b) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](const auto& x) {
            const auto& y = std::get<std::decay_t<decltype(x)>>(b);
            using V = typename std::decay_t<decltype(x)>::value_type;
            return x.shape() == y.shape() && std::memcmp(x.data(), y.data(), x.size() * sizeof(V)) == 0;
        },
        a);
}

inline bool same_bits(const BatchFeature& a, const BatchFeature& b) {
    if (a.keys() != b.keys()) return false;
    for (const auto& key : a.keys()) {
        if (a.is_list(key) != b.is_list(key)) return false;
        if (!a.is_list(key)) {
            if (!same_bits(a.stacked(key), b.stacked(key))) return false;
            continue;
        }
        const auto& la = a.list(key);
        const auto& lb = b.list(key);
        if (la.size() != lb.size()) return false;
        for (std::size_t i = 0; i < la.size(); ++i)
            if (!same_bits(la[i], lb[i])) return false;
    }
    return true;
}

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
            return std::pair{outcome_of([&] { return CpuPolicy::to_layout(img, other); }),
                             outcome_of([&] { return CudaPolicy::to_layout(img, other); })};
        });
    }
    const WorkingImage img = random_u8(rng, 10, 10, 3, Layout::chw);
    compare(t, "center_crop error", [&] {
        return std::pair{outcome_of([&] { return CpuPolicy::center_crop(img, 0, 4); }),
                         outcome_of([&] { return CudaPolicy::center_crop(img, 0, 4); })};
    });
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

template <class Model>
void model_cases(Tally& t, const InputSet& inputs, const std::string& label,
                 const typename Model::options_type& call = {}) {
    const ImageProcessor<Model, CpuPolicy> cpu;
    const ImageProcessor<Model, CudaPolicy> gpu;
    auto run_pair = [&](const ImageBatch& batch) {
        return std::pair{outcome_of([&] { return cpu(batch, call); }), outcome_of([&] { return gpu(batch, call); })};
    };
    for (std::size_t i = 0; i < inputs.images.size(); ++i)
        compare(t, label + " image " + std::to_string(i) + " " + inputs.images[i].shape_string(),
                [&] { return run_pair(ImageBatch(inputs.images[i])); });
    compare(t, label + " whole batch", [&] { return run_pair(ImageBatch(inputs.images)); });
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

    PlainOptions padded;  // batch padding after an uncropped resize: images of different sizes
    padded.do_center_crop = false;
    padded.do_pad = true;
    model_cases<ClipModel>(t, inputs, "CLIP do_pad", padded);
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
inline int run_all(const char* label, int resize_sizes) {
    std::mt19937 rng(20240611);
    Tally t;
    try {
        resize_cases(t, rng, resize_sizes);
        elementwise_cases(t, rng, 300);
        pipeline_cases(t, rng);
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
