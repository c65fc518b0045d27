// One raw input to a channels-first working image, as transformers' PilBackend.process_image
// does it: optional convert_to_rgb, 2-D arrays get a channel axis, channel order inferred
// (1, 3 or 4 channels; the first axis wins when both fit) unless input_data_format says.
// Classes still on the legacy BaseImageProcessor (Video-LLaVA, Emu3) read inputs their own
// way: every input -- a PIL image's pixels too -- goes through infer_channel_dimension_format
// with its default channel counts (1, 3), after an RGB conversion of PIL images only
// (Video-LLaVA) or of arrays too (Emu3's convert_to_rgb, which infers from (1, 3, 4)).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/numerics/pixel_math.hpp"
#include "pixelprep/core/input.hpp"
#include "pixelprep/core/logger.hpp"

namespace pixelprep {

// Which legacy input handling a class has (above).
enum class LegacyInputs { none, rgb_for_pil_only, rgb_for_arrays_too };

struct ProcessImageOptions {
    bool do_convert_rgb = false;
    std::optional<Layout> input_data_format;  // explicit override; otherwise inferred
    LegacyInputs legacy = LegacyInputs::none;
};

namespace detail {

// infer_channel_dimension_format(image, num_channels) for a 3-D array: PilBackend asks for
// (1, 3, 4), the legacy classes for the default (1, 3).
inline Layout infer_layout(const InputImage& in, bool legacy_channel_counts = false) {
    if (in.ndim() != 3) throw ImageError("Unsupported number of image dimensions: " + std::to_string(in.ndim()));
    const auto is_channel_count = [&](long long n) { return n == 1 || n == 3 || (n == 4 && !legacy_channel_counts); };
    const char* counts = legacy_channel_counts ? "1 or 3" : "1, 3 or 4";
    const long long first = in.shape()[0], last = in.shape()[2];
    if (is_channel_count(first) && is_channel_count(last)) {
        log_warning("The channel dimension is ambiguous. Got image shape " + in.shape_string() +
                    ". Assuming channels are the first dimension. Pass input_data_format to choose.");
        return Layout::chw;
    }
    if (is_channel_count(first)) return Layout::chw;
    if (is_channel_count(last)) return Layout::hwc;
    throw ImageError("Unable to infer channel dimension format for an image of shape " + in.shape_string() +
                     " (expected " + counts + " channels on the first or last axis; pass input_data_format)");
}

// A legacy class turns a PIL image into its (height, width, channels) array and then infers
// the layout as for any array: a height of 1 or 3 reads as the channel axis, and the image
// is then processed transposed (or fails on the channel count). pixelprep refuses it rather
// than give that garbage; a mode without channels after conversion (L) is a 2-D array,
// which the inference rejects.
inline void check_legacy_pil_layout(const InputImage& in, int channels) {
    const long long height = in.shape()[0];
    const std::string shape = "(" + std::to_string(height) + ", " + std::to_string(in.shape()[1]) +
                              (channels == 1 ? "" : ", " + std::to_string(channels)) + ")";
    if (channels == 1 && in.pil_mode() == PilMode::L)
        throw ImageError("Unsupported number of image dimensions: 2 (a mode L image without do_convert_rgb is the "
                         "2-D array " + shape + ", which this legacy image processor cannot read)");
    if (height == 1 || height == 3)
        throw ImageError("this legacy image processor infers the channel axis of the image's array " + shape +
                         " and takes its height " + std::to_string(height) +
                         " for the channels (transformers' infer_channel_dimension_format, channel counts 1 and 3), "
                         "so transformers processes the image transposed or fails; pixelprep refuses it");
    if (channels != 1 && channels != 3)
        throw ImageError("Unable to infer channel dimension format for the image's array " + shape +
                         " (this legacy image processor expects 1 or 3 channels; set do_convert_rgb)");
}

// A 3-D input of known layout as a contiguous image of element type T. Working images are
// kept channels-last (what Pillow resizes, so no transposes around resize); the layout
// becomes channels-first once, on the small output (to_tensor). An input that is already
// contiguous channels-last is borrowed, not copied (Image::borrow): a decoded/PIL input's
// pixels are kept alive by the image itself; an array input is a view of the caller's
// memory already, and the image is a view of the same memory. A step that would modify the
// image copies it first.
template <class T> Image<T> gather_image(const InputImage& in, Layout layout) {
    const bool hwc = layout == Layout::hwc;
    const int c = int(hwc ? in.shape()[2] : in.shape()[0]);
    const int h = int(hwc ? in.shape()[0] : in.shape()[1]);
    const int w = int(hwc ? in.shape()[1] : in.shape()[2]);
    const auto& st = in.strides();
    const T* src = static_cast<const T*>(in.data());
    if (hwc && st[2] == 1 && st[1] == c && st[0] == std::ptrdiff_t(w) * c)  // already contiguous HWC
        return Image<T>::borrow(src, h, w, c, Layout::hwc, in.owner());
    Image<T> out(h, w, c, Layout::hwc, uninitialized);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int ci = 0; ci < c; ++ci) out.at(y, x, ci) = hwc ? in.at<T>(y, x, ci) : in.at<T>(ci, y, x);
    return out;
}

// convert_to_rgb for arrays: gray is repeated, RGBA is blended onto white.
template <class T> Image<T> array_to_rgb(Image<T> img) {
    const int c = img.channels(), h = img.height(), w = img.width();
    if (c == 1) {
        Image<T> out(h, w, 3, img.layout());
        for (int ci = 0; ci < 3; ++ci)
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) out.at(y, x, ci) = img.at(y, x, 0);
        return out;
    }
    if (c != 4) return img;
    if constexpr (std::is_same_v<T, float>) {
        const Image<T>& pixels = img;  // read only: a borrowed input is not copied for this
        float lo = pixels.data()[0], hi = lo;
        for (float v : pixels) {
            lo = std::fmin(lo, v);
            hi = std::fmax(hi, v);
        }
        if (lo < 0.0f || hi > 1.0f)
            throw ImageError("The image to be converted to RGB contains values outside the range [0, 1], got [" +
                             std::to_string(lo) + ", " + std::to_string(hi) + "].");
    }
    Image<T> out(h, w, 3, img.layout());
    for (int ci = 0; ci < 3; ++ci)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                if constexpr (std::is_same_v<T, float>)
                    out.at(y, x, ci) = numerics::blend_on_white_f32(img.at(y, x, ci), img.at(y, x, 3));
                else
                    out.at(y, x, ci) = numerics::blend_on_white_u8(img.at(y, x, ci), img.at(y, x, 3));
            }
    return out;
}

// A PIL image: with do_convert_rgb, convert("RGB") (gray replicated) or, when the mode has
// alpha, alpha_composite onto white; without, np.array(image) keeps the mode's channels.
inline WorkingImage process_pil(const InputImage& in, const ProcessImageOptions& opts) {
    if (opts.legacy != LegacyInputs::none)
        check_legacy_pil_layout(in, opts.do_convert_rgb ? 3 : pil_mode_channels(in.pil_mode()));
    ImageU8 img = gather_image<std::uint8_t>(in, Layout::hwc);
    if (!opts.do_convert_rgb) return img;
    switch (in.pil_mode()) {
        case PilMode::RGB: return img;
        case PilMode::L: return array_to_rgb(std::move(img));
        case PilMode::RGBA: return array_to_rgb(std::move(img));
        case PilMode::LA: {
            ImageU8 rgba(img.height(), img.width(), 4, img.layout());
            for (int y = 0; y < img.height(); ++y)
                for (int x = 0; x < img.width(); ++x) {
                    for (int c = 0; c < 3; ++c) rgba.at(y, x, c) = img.at(y, x, 0);
                    rgba.at(y, x, 3) = img.at(y, x, 1);
                }
            return array_to_rgb(std::move(rgba));
        }
    }
    return img;
}

template <class T> WorkingImage process_array(const InputImage& in, const ProcessImageOptions& opts) {
    if (in.ndim() != 3) throw ImageError("Unsupported number of image dimensions: " + std::to_string(in.ndim()));
    const std::optional<Layout> given = in.layout() ? in.layout() : opts.input_data_format;
    const bool convert = opts.do_convert_rgb && opts.legacy != LegacyInputs::rgb_for_pil_only;
    // The layout the channels are read in: PilBackend's (and Emu3's conversion's) inference
    // over (1, 3, 4), or the legacy (1, 3) where nothing converts first.
    const Layout layout = given ? *given : infer_layout(in, opts.legacy != LegacyInputs::none && !convert);
    Image<T> img = gather_image<T>(in, layout);
    if (convert) img = array_to_rgb(std::move(img));
    if (opts.legacy == LegacyInputs::rgb_for_arrays_too && !given) {
        // Emu3 infers the layout again, over (1, 3), from the converted array.
        // Only a channels-last array can be read the other way round: its height (its first
        // axis) counts as channels when it is 1 or 3, and the first axis wins.
        if (layout == Layout::hwc && (img.height() == 1 || img.height() == 3))
            throw ImageError("this legacy image processor infers the channel axis of the converted array (" +
                             std::to_string(img.height()) + ", " + std::to_string(img.width()) + ", " +
                             std::to_string(img.channels()) + ") again and reads its height " +
                             std::to_string(img.height()) + " as the channels, so transformers processes the image "
                             "transposed; pixelprep refuses it (pass input_data_format)");
    }
    return img;
}

}  // namespace detail

inline WorkingImage process_input_image(const InputImage& in, const ProcessImageOptions& opts) {
    if (in.kind() == InputImage::Kind::pil) return detail::process_pil(in, opts);
    return in.dtype() == DType::uint8 ? detail::process_array<std::uint8_t>(in, opts)
                                      : detail::process_array<float>(in, opts);
}

}  // namespace pixelprep
