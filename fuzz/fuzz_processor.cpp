// fuzz_processor: a whole processor call (every registered class, cpu backend) on random
// inputs of random sizes with random per-call options.
//
// The input drives a FuzzedDataProvider:
//   class        one of the registered classes (built with its defaults)
//   images       1 or 2 inputs; sides 1..4096 (log-uniform) with height * width capped at 2^20; PIL modes
//                L/LA/RGB/RGBA, uint8 or float32 arrays HWC/CHW (1, 3 or 4 channels), float
//                values in [0, 1], integral in [0, 255] or anything, 4-D stacks
//   options      up to 6 named options: a real option name (or a call-time no-op name) or a
//                random one; the value either --set-style text (JSON, else a bare string,
//                through parse_option_text) or a generated JSON value (bools, ints, floats,
//                size dicts, lists, filter names, null)
// Checks: nothing but pixelprep::Error is thrown; outputs are well-formed.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_support.hpp"

namespace {

using pixelprep::JsonValue;

constexpr std::uint64_t max_input_pixels = std::uint64_t(1) << 20;

struct Pixels {
    std::vector<std::uint8_t> u8;
    std::vector<float> f32;
};

// Inputs keep pointers into their pixel buffers; the buffers live as long as the call.
struct InputSet {
    std::vector<std::unique_ptr<Pixels>> buffers;
    std::vector<pixelprep::InputImage> images;
};

std::uint32_t next(std::uint32_t& x) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

void add_input(FuzzedDataProvider& fdp, InputSet& set) {
    // Sides 1..4096, log-uniform (most inputs small, so that many run per second).
    auto side = [&] {
        const int e = fdp.ConsumeIntegralInRange<int>(0, 12);
        return fdp.ConsumeIntegralInRange<int>(e == 0 ? 1 : (1 << (e - 1)) + 1, 1 << e);
    };
    const int h = side();
    int w = side();
    if (std::uint64_t(h) * std::uint64_t(w) > max_input_pixels) w = std::max<int>(1, int(max_input_pixels / std::uint64_t(h)));
    const int kind = fdp.ConsumeIntegralInRange<int>(0, 9);
    std::uint32_t seed = fdp.ConsumeIntegral<std::uint32_t>() | 1u;
    const int value_style = fdp.ConsumeIntegralInRange<int>(0, 3);

    if (kind <= 3) {  // a PIL image of mode L, LA, RGB or RGBA
        static constexpr pixelprep::PilMode modes[4] = {pixelprep::PilMode::L, pixelprep::PilMode::LA,
                                                         pixelprep::PilMode::RGB, pixelprep::PilMode::RGBA};
        const pixelprep::PilMode mode = modes[kind];
        pixelprep::ImageU8 img(h, w, pixelprep::pil_mode_channels(mode));
        for (std::size_t i = 0; i < img.size(); ++i) img.data()[i] = std::uint8_t(next(seed) >> 24);
        if (value_style == 0)  // flat regions (alpha 0 and 255 are special cases of premultiply)
            for (std::size_t i = 0; i < img.size(); ++i) img.data()[i] = (img.data()[i] & 0x80) ? 255 : 0;
        set.images.push_back(pixelprep::InputImage::pil(std::move(img), mode));
        return;
    }
    static constexpr int channel_choices[3] = {1, 3, 4};
    const int c = channel_choices[fdp.ConsumeIntegralInRange<int>(0, 2)];
    const bool chw = fdp.ConsumeBool();
    const bool as_float = kind >= 7;
    const bool stack = kind == 6;
    const long long n = stack ? 2 : 1;
    const std::size_t count = std::size_t(n) * std::size_t(h) * std::size_t(w) * std::size_t(c);
    auto px = std::make_unique<Pixels>();
    std::vector<long long> shape = chw ? std::vector<long long>{c, h, w} : std::vector<long long>{h, w, c};
    if (stack) shape.insert(shape.begin(), n);
    if (!as_float) {
        px->u8.resize(count);
        for (auto& v : px->u8) v = std::uint8_t(next(seed) >> 24);
        set.images.push_back(pixelprep::InputImage::array(px->u8.data(), shape));
    } else {
        px->f32.resize(count);
        for (auto& v : px->f32) {
            const std::uint32_t r = next(seed);
            switch (kind == 9 ? value_style : kind - 7) {
                case 0: v = float(r >> 8) / float(1u << 24); break;           // [0, 1)
                case 1: v = float(r >> 24); break;                            // integral 0..255
                case 2: v = float(std::int32_t(r)) / 65536.0f; break;         // anything
                default: v = (r & 1) ? 1.0f : 0.0f; break;                    // 0 / 1 only
            }
        }
        set.images.push_back(pixelprep::InputImage::array(px->f32.data(), shape));
    }
    set.buffers.push_back(std::move(px));
}

JsonValue random_value(FuzzedDataProvider& fdp, int depth = 0) {
    switch (fdp.ConsumeIntegralInRange<int>(0, 11)) {
        case 0: return JsonValue(nullptr);
        case 1: return JsonValue(fdp.ConsumeBool());
        case 2: return JsonValue(fdp.ConsumeIntegralInRange<long long>(-4, 600));
        case 3: return JsonValue(fdp.ConsumeIntegral<long long>());
        case 4: return JsonValue(fdp.ConsumeFloatingPoint<double>());
        case 5: return JsonValue(fdp.ConsumeFloatingPointInRange<double>(-2.0, 2.0));
        case 6: {  // a size dict
            static const char* const keys[] = {"height", "width", "shortest_edge", "longest_edge",
                                               "max_height", "max_width", "min_pixels", "max_pixels"};
            JsonValue::Object o;
            const int nkeys = fdp.ConsumeIntegralInRange<int>(0, 3);
            for (int i = 0; i < nkeys; ++i)
                o[keys[fdp.ConsumeIntegralInRange<int>(0, 7)]] =
                    fdp.ConsumeBool() ? JsonValue(fdp.ConsumeIntegralInRange<long long>(-2, 1100))
                                      : JsonValue(fdp.ConsumeIntegralInRange<long long>(-2, 1LL << 25));
            return JsonValue(std::move(o));
        }
        case 7: {  // a list (mean/std, [h, w], pinpoints)
            JsonValue::Array a;
            const int len = fdp.ConsumeIntegralInRange<int>(0, 5);
            for (int i = 0; i < len; ++i) a.push_back(depth < 2 ? random_value(fdp, depth + 1) : JsonValue(1));
            return JsonValue(std::move(a));
        }
        case 8: {
            static const char* const names[] = {"bicubic", "NEAREST", "lanczos", "box", "hamming", "linear", "bogus",
                                                "channels_first", "channels_last", "np", "pt"};
            return JsonValue(names[fdp.ConsumeIntegralInRange<int>(0, 10)]);
        }
        case 9: return JsonValue(fdp.ConsumeIntegralInRange<long long>(0, 5));  // filter codes
        case 10: {  // [[h, w], ...] pinpoints
            JsonValue::Array a;
            const int len = fdp.ConsumeIntegralInRange<int>(1, 3);
            for (int i = 0; i < len; ++i)
                a.emplace_back(JsonValue::Array{JsonValue(fdp.ConsumeIntegralInRange<long long>(0, 2048)),
                                                JsonValue(fdp.ConsumeIntegralInRange<long long>(0, 2048))});
            return JsonValue(std::move(a));
        }
        default: return JsonValue(fdp.ConsumeRandomLengthString(12));
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    pixelprep_fuzz::init_process();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider fdp(data, size);
    pixelprep::Registry& registry = pixelprep::Registry::global();
    const std::vector<std::string> classes = registry.class_names();
    const std::string& cls = classes[fdp.ConsumeIntegralInRange<std::size_t>(0, classes.size() - 1)];
    const pixelprep::AnyProcessor processor =
        registry.factory(cls, "cpu")(JsonValue(JsonValue::Object{}), "class defaults");
    std::vector<std::string> names = processor.option_names();
    for (auto n : pixelprep::call_time_no_op_options) names.emplace_back(n);

    InputSet inputs;
    const int n_images = fdp.ConsumeIntegralInRange<int>(1, 2);
    try {
        for (int i = 0; i < n_images; ++i) add_input(fdp, inputs);
    } catch (const pixelprep::Error&) {
        return 0;  // e.g. a 4-D stack of 2-D arrays: rejected when the input is described
    }

    JsonValue::Object named;
    const int n_options = fdp.ConsumeIntegralInRange<int>(0, 6);
    for (int i = 0; i < n_options; ++i) {
        std::string name = fdp.ConsumeIntegralInRange<int>(0, 7) == 0
                               ? fdp.ConsumeRandomLengthString(16)
                               : names[fdp.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)];
        if (fdp.ConsumeBool())
            named[name] = pixelprep::parse_option_text(fdp.ConsumeRandomLengthString(48));  // --set NAME=TEXT
        else
            named[name] = random_value(fdp);
    }

    try {
        (void)processor.effective_options(named);
    } catch (const pixelprep::Error&) {
    }
    try {
        pixelprep_fuzz::consume(processor(pixelprep::ImageBatch(inputs.images), named));
    } catch (const pixelprep::Error&) {
    }
    return 0;
}
