// What a processor accepts, as transformers accepts it: numpy-like arrays (2-D gray or 3-D
// with the channel axis first or last, inferred unless given), 4-D stacks, decoded files
// (load_image's RGB images), single images, batches and nested per-sample batches.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"

namespace pixelprep {

// The mode of a PIL image handed over (the formats Pillow decodes files to that matter here).
enum class PilMode { L, LA, RGB, RGBA };

constexpr int pil_mode_channels(PilMode m) noexcept {
    return m == PilMode::L ? 1 : m == PilMode::LA ? 2 : m == PilMode::RGB ? 3 : 4;
}
constexpr const char* pil_mode_name(PilMode m) noexcept {
    return m == PilMode::L ? "L" : m == PilMode::LA ? "LA" : m == PilMode::RGB ? "RGB" : "RGBA";
}

class InputImage {
public:
    enum class Kind { array, pil };

    // A C-contiguous numpy-like array. Shape (H, W), (a, b, c) or (N, a, b, c).
    template <class T> static InputImage array(const T* data, std::vector<long long> shape) {
        InputImage in;
        in.kind_ = Kind::array;
        in.dtype_ = dtype_of<T>();
        in.data_ = data;
        in.shape_ = std::move(shape);
        in.validate();  // before the strides: they multiply the axes
        in.strides_.assign(in.shape_.size(), 1);
        for (std::size_t i = in.shape_.size(); i-- > 1;) in.strides_[i - 1] = in.strides_[i] * in.shape_[i];
        return in;
    }

    // A described image: the layout is explicit, nothing is inferred.
    static InputImage view(const ImageView& v) {
        InputImage in;
        in.kind_ = Kind::array;
        in.dtype_ = v.dtype;
        in.data_ = v.data;
        if (v.layout == Layout::hwc) {
            in.shape_ = {v.height, v.width, v.channels};
            in.strides_ = {v.stride_y, v.stride_x, v.stride_c};
        } else {
            in.shape_ = {v.channels, v.height, v.width};
            in.strides_ = {v.stride_c, v.stride_y, v.stride_x};
        }
        in.layout_ = v.layout;
        in.validate();
        return in;
    }

    // A PIL image of the given mode (pixels HWC, owned here). transformers treats these
    // differently from arrays: do_convert_rgb uses Pillow's convert / alpha_composite.
    static InputImage pil(ImageU8 hwc, PilMode mode) {
        if (hwc.layout() != Layout::hwc || hwc.channels() != pil_mode_channels(mode))
            throw ImageError(std::string("InputImage::pil: mode ") + pil_mode_name(mode) + " needs an HWC image with " +
                             std::to_string(pil_mode_channels(mode)) + " channels, got " +
                             std::to_string(hwc.channels()) + " " + layout_name(hwc.layout()));
        InputImage in;
        auto owned = std::make_shared<ImageU8>(std::move(hwc));
        in.kind_ = Kind::pil;
        in.mode_ = mode;
        in.dtype_ = DType::uint8;
        in.data_ = owned->data();
        in.shape_ = {owned->height(), owned->width(), owned->channels()};
        in.strides_ = {std::ptrdiff_t(owned->width()) * owned->channels(), owned->channels(), 1};
        in.layout_ = Layout::hwc;
        in.owned_ = std::move(owned);
        return in;
    }

    // The result of transformers' load_image(path): an RGB PIL image.
    static InputImage decoded(ImageU8 rgb_hwc) { return pil(std::move(rgb_hwc), PilMode::RGB); }

    // The same pixels with an explicit channel layout (transformers' input_data_format).
    InputImage with_layout(Layout l) const {
        InputImage copy = *this;
        copy.layout_ = l;
        return copy;
    }

    Kind kind() const noexcept { return kind_; }
    PilMode pil_mode() const noexcept { return mode_; }
    DType dtype() const noexcept { return dtype_; }
    const void* data() const noexcept { return data_; }
    const std::vector<long long>& shape() const noexcept { return shape_; }
    const std::vector<long long>& strides() const noexcept { return strides_; }
    std::size_t ndim() const noexcept { return shape_.size(); }
    std::optional<Layout> layout() const noexcept { return layout_; }
    // What keeps the pixels alive when this input owns them (a PIL/decoded image); null for
    // arrays and views, whose memory the caller keeps alive.
    std::shared_ptr<const void> owner() const noexcept { return owned_; }

    std::string shape_string() const {
        std::string s = "(";
        for (std::size_t i = 0; i < shape_.size(); ++i) s += (i ? ", " : "") + std::to_string(shape_[i]);
        return s + (shape_.size() == 1 ? ",)" : ")");
    }

    template <class T> T at(long long i0, long long i1, long long i2) const noexcept {
        return static_cast<const T*>(data_)[i0 * strides_[0] + i1 * strides_[1] + i2 * strides_[2]];
    }

    // The N images of a 4-D stack, each a view into this one's memory.
    std::vector<InputImage> split_batch() const {
        std::vector<InputImage> out;
        const std::size_t elem = dtype_ == DType::uint8 ? 1 : 4;
        for (long long n = 0; n < shape_[0]; ++n) {
            InputImage img = *this;
            img.data_ = static_cast<const std::uint8_t*>(data_) + std::size_t(n * strides_[0]) * elem;
            img.shape_.erase(img.shape_.begin());
            img.strides_.erase(img.strides_.begin());
            out.push_back(std::move(img));
        }
        return out;
    }

private:
    Kind kind_ = Kind::array;
    PilMode mode_ = PilMode::RGB;
    DType dtype_ = DType::uint8;
    const void* data_ = nullptr;
    std::vector<long long> shape_;
    std::vector<long long> strides_;
    std::optional<Layout> layout_;
    std::shared_ptr<const ImageU8> owned_;

    void validate() const {
        if (data_ == nullptr) throw InvalidArgument("InputImage: data pointer is null");
        if (shape_.size() < 2 || shape_.size() > 4)
            throw ImageError("Unsupported number of image dimensions: " + std::to_string(shape_.size()) + " (shape " +
                             shape_string() + ")");
        for (long long d : shape_)
            if (d <= 0 || d > max_image_side)
                throw ImageError("InputImage: invalid shape " + shape_string() + " (every axis must be in 1.." +
                                 std::to_string(max_image_side) + ")");
        // Element offsets are 64-bit: no array can have more elements than that (each axis
        // alone can be 2^24, so three or four of them could overflow).
        long long elements = 1;
        for (long long d : shape_) {
            if (elements > (std::numeric_limits<std::ptrdiff_t>::max() / 4) / d)
                throw ImageError("InputImage: shape " + shape_string() + " has more elements than any array can hold");
            elements *= d;
        }
    }
};

// A batch as transformers receives it: a flat list, or per-sample lists (nested).
class ImageBatch {
public:
    ImageBatch() = default;
    ImageBatch(InputImage single) { add(std::move(single)); }
    ImageBatch(std::vector<InputImage> flat) {
        for (auto& img : flat) add(std::move(img));
    }
    static ImageBatch nested(std::vector<std::vector<InputImage>> samples) {
        ImageBatch b;
        b.nested_ = true;
        for (auto& s : samples) {
            std::vector<InputImage> expanded;
            for (auto& img : s) append_expanded(expanded, std::move(img));
            b.samples_.push_back(std::move(expanded));
        }
        return b;
    }

    // Appends one image; a 4-D stack counts as several (make_flat_list_of_images).
    void add(InputImage img) {
        if (samples_.empty() || nested_) samples_.emplace_back();
        append_expanded(samples_.back(), std::move(img));
    }

    bool is_nested() const noexcept { return nested_; }
    const std::vector<std::vector<InputImage>>& samples() const noexcept { return samples_; }

    std::vector<InputImage> flat() const {
        std::vector<InputImage> out;
        for (const auto& s : samples_) out.insert(out.end(), s.begin(), s.end());
        return out;
    }
    std::size_t size() const noexcept {
        std::size_t n = 0;
        for (const auto& s : samples_) n += s.size();
        return n;
    }

private:
    std::vector<std::vector<InputImage>> samples_;
    bool nested_ = false;

    static void append_expanded(std::vector<InputImage>& into, InputImage img) {
        if (img.kind() == InputImage::Kind::array && img.ndim() == 2)  // make_flat_list_of_images(expected_ndims=3)
            throw ImageError("Could not make a flat list of images from a 2-D array of shape " + img.shape_string() +
                             "; give a gray image as (H, W, 1)");
        if (img.ndim() == 4) {
            for (auto& part : img.split_batch()) into.push_back(std::move(part));
        } else {
            into.push_back(std::move(img));
        }
    }
};

}  // namespace pixelprep
