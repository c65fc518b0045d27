// A recipe's work for one input image, as a value (the "plan"): which images are derived
// from it (each a resize, then a window), and which of those become output views and where
// in the output array they go. Recipes build plans from geometry alone, before any pixel
// moves; backends execute them (pipeline/plan_executor.hpp): the CPU backend fuses a whole
// plan into passes that write the final array, any other backend runs it step by step over
// its own image operations. Both give the same bits, because a plan says only what
// transformers' PIL backend does, in its order.
#pragma once

#include <cstddef>
#include <optional>
#include <variant>
#include <vector>

#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/geometry/resize_request.hpp"
#include "pixelprep/geometry/windows.hpp"

namespace pixelprep::plan {

// Resize the source to `size` with `resample` (none without one: `size` is then the source's
// own), then cut `window` out of the result. Rows and columns of the window outside the
// image are zero in the image's own values (transformers pads before it rescales). A resize
// to the source's own size is kept: for uint8 it is Pillow's copy, but a float image still
// goes through transformers' float -> uint8 -> float round trip.
// `fill` gives those outside pixels another value per channel (LLaVA's pad to a square with
// the mean colour, int(mean * 255)); channels past its end stay zero. The value is cast to
// the image's dtype as transformers' numpy assignment casts it.
struct Derive {
    int from = -1;  // -1: the input image; else an earlier derived image of the same plan
    geometry::HeightWidth size{};
    std::optional<Resample> resample;
    geometry::CropWindow window{};
    std::vector<long long> fill{};
};

// A view's place in a float32 output array; offsets count elements from the array's start.
// Channels-first: C planes of canvas_height x canvas_width, the view at (top, left) (the
// top-left unless a recipe centres it), every other element 0.0f (transformers' padding,
// after normalization).
// reverse_channels: the channels in reverse order (transformers' flip_channel_order, RGB to
// BGR, MobileViT's last step): each value is mapped with its source channel's rescale,
// mean and std, then written to the mirrored channel.
struct ChannelsFirst {
    std::size_t offset = 0;
    int canvas_height = 0;
    int canvas_width = 0;
    bool reverse_channels = false;
    int top = 0;   // the view's first canvas row and column: 0, 0 is the top-left (batch
    int left = 0;  // padding); DPT's pad_image centres the view
    friend bool operator==(const ChannelsFirst&, const ChannelsFirst&) = default;
};
// Qwen2-VL's patch rows (numerics/patch_index.hpp's order), starting at `offset`.
struct Patches {
    std::size_t offset = 0;
    int patch = 0;
    int merge = 0;
    int temporal = 0;
    bool reverse_channels = false;
    friend bool operator==(const Patches&, const Patches&) = default;
};
// SigLIP2's patch rows: one per patch in raster order, columns (py, px, channel), the
// channels last; then rows of 0 up to `rows` (max_num_patches) when the image has fewer.
// Cosmos3-Edge's: the rows grouped by merge x merge block as Qwen2-VL's, and each value
// repeated `temporal` times (columns (py, px, channel, t)).
struct PatchesChannelsLast {
    std::size_t offset = 0;
    int patch = 0;
    std::size_t rows = 0;
    int merge = 1;
    int temporal = 1;
    friend bool operator==(const PatchesChannelsLast&, const PatchesChannelsLast&) = default;
};
using Placement = std::variant<ChannelsFirst, Patches, PatchesChannelsLast>;

// A derived image that becomes output, after the value map (rescale, normalize).
struct View {
    int image = 0;  // index into ImagePlan::derived
    Placement placement;
};

struct ImagePlan {
    std::vector<Derive> derived;
    std::vector<View> views;

    // Adds a derived image and returns its index. The resize target and the window are
    // checked here, as the images the steps would allocate are (sides, the pixel limit):
    // recipes size their outputs from the plan before any step runs.
    int derive(int from, geometry::HeightWidth size, std::optional<Resample> resample, geometry::CropWindow window,
               std::vector<long long> fill = {}) {
        if (resample) {
            geometry::check_resize_request(false, 1, size.height, size.width);
            pixelprep::detail::check_pixel_limit(size.height, size.width, "Image");
        }
        pixelprep::detail::check_dims(window.height, window.width, 1, "Image");
        pixelprep::detail::check_pixel_limit(window.height, window.width, "Image");
        derived.push_back(Derive{from, size, resample, window, std::move(fill)});
        return int(derived.size()) - 1;
    }
    // transformers' center_crop of image `from` (of `size`; -1: the input) to `crop`, as a
    // window (zeros outside where the crop is larger). `size` becomes the crop's.
    int derive_center_crop(int from, geometry::HeightWidth& size, geometry::HeightWidth crop) {
        const int out = derive(from, size, std::nullopt, geometry::center_crop_window(size.height, size.width, crop.height, crop.width));
        size = crop;
        return out;
    }
    // The whole image of `size`, as a window.
    static geometry::CropWindow whole(geometry::HeightWidth size) { return {0, 0, size.height, size.width}; }
    geometry::HeightWidth size_of(int image) const {
        const auto& w = derived[std::size_t(image)].window;
        return {w.height, w.width};
    }
    // The size a derived image is resized from: the input's, or its source image's window.
    geometry::HeightWidth source_size(const Derive& d, geometry::HeightWidth input) const {
        return d.from < 0 ? input : size_of(d.from);
    }
    // The structure every fused or batched executor relies on (their preflights ask it):
    // each image derived from the input or an earlier image, a size change only with a
    // filter, non-empty windows, views of existing images.
    bool well_formed(geometry::HeightWidth input) const {
        for (std::size_t i = 0; i < derived.size(); ++i) {
            const Derive& d = derived[i];
            if (d.from < -1 || d.from >= int(i)) return false;
            if (!d.resample && d.size != source_size(d, input)) return false;
            if (d.window.height <= 0 || d.window.width <= 0) return false;
        }
        for (const View& v : views)
            if (v.image < 0 || v.image >= int(derived.size())) return false;
        return true;
    }
};

// One plan with its input and its output array: what a batched executor takes, many at once
// (op::execute_plans). Non-owning: the recipe keeps the three alive for the call.
struct Job {
    const WorkingImage* input = nullptr;
    const ImagePlan* plan = nullptr;
    float* out = nullptr;
};

}  // namespace pixelprep::plan
