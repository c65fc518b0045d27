// Image containers: a non-owning, strided ImageView (what callers hand in) and a
// contiguous Image<T> (what the operations produce). An Image<T> normally owns its pixels;
// one made by Image<T>::borrow reads a caller's contiguous buffer instead (the input of a
// processor call, so that a large photo is not copied before its first real pass) and
// takes a private copy the first time anything asks for mutable access.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <xtensor/xstorage.hpp>

#include "pixelprep/core/array.hpp"

#include "pixelprep/core/errors.hpp"

namespace pixelprep {

enum class DType : std::uint8_t { uint8, float32 };
// hwc = transformers' ChannelDimension.LAST, chw = ChannelDimension.FIRST.
enum class Layout : std::uint8_t { hwc, chw };

constexpr const char* dtype_name(DType d) noexcept { return d == DType::uint8 ? "uint8" : "float32"; }
constexpr const char* layout_name(Layout l) noexcept { return l == Layout::hwc ? "HWC" : "CHW"; }

template <class T> constexpr DType dtype_of() noexcept {
    static_assert(std::is_same_v<T, std::uint8_t> || std::is_same_v<T, float>,
                  "pixelprep images hold uint8 or float32 elements");
    return std::is_same_v<T, std::uint8_t> ? DType::uint8 : DType::float32;
}

// Largest side accepted anywhere. Pillow stores sizes in int; we stay well inside that so
// every product of two sides and a channel count fits in 64 bits with room to spare.
inline constexpr int max_image_side = 1 << 24;

// Default of the pixel limit below: Pillow's decompression-bomb threshold
// (2 * Image.MAX_IMAGE_PIXELS), the same value as io::DecodeOptions::max_pixels.
inline constexpr std::uint64_t default_max_image_pixels = 2ull * 89478485ull;

namespace detail {
inline std::atomic<std::uint64_t>& max_image_pixels_slot() noexcept {
    static std::atomic<std::uint64_t> limit{default_max_image_pixels};
    return limit;
}
}  // namespace detail

// The most pixels (height x width) of any image pixelprep allocates: decoded images, resize,
// crop and pad outputs, padded canvases, working copies of inputs. Process-wide, like
// PIL.Image.MAX_IMAGE_PIXELS. Exceeding it throws LimitError (ImageTooLarge when decoding)
// before the memory is allocated, so a config or file cannot ask for terabytes.
inline std::uint64_t max_image_pixels() noexcept { return detail::max_image_pixels_slot().load(std::memory_order_relaxed); }
// Sets the limit (thread-safe) and returns the previous one. UINT64_MAX disables it.
inline std::uint64_t set_max_image_pixels(std::uint64_t pixels) noexcept {
    return detail::max_image_pixels_slot().exchange(pixels, std::memory_order_relaxed);
}

namespace detail {
inline void check_dims(long long h, long long w, long long c, const char* who) {
    if (h <= 0 || w <= 0 || c <= 0 || h > max_image_side || w > max_image_side || c > 64)
        throw InvalidArgument(std::string(who) + ": invalid image dimensions " + std::to_string(h) + "x" +
                              std::to_string(w) + "x" + std::to_string(c) +
                              " (each side must be in 1.." + std::to_string(max_image_side) +
                              ", channels in 1..64)");
}
inline void check_pixel_limit(long long h, long long w, const char* who) {
    const std::uint64_t pixels = std::uint64_t(h) * std::uint64_t(w), limit = max_image_pixels();
    if (pixels > limit)
        throw LimitError(std::string(who) + ": a " + std::to_string(h) + "x" + std::to_string(w) + " image (" +
                         std::to_string(pixels) + " pixels) exceeds the limit of " + std::to_string(limit) +
                         " pixels per image (pixelprep::set_max_image_pixels)");
}
}  // namespace detail

// Non-owning view of pixels somewhere in memory. Strides are in elements, so any
// transposed or cropped window of a larger buffer can be described without a copy.
struct ImageView {
    const void* data = nullptr;
    DType dtype = DType::uint8;
    int height = 0;
    int width = 0;
    int channels = 0;
    Layout layout = Layout::hwc;
    std::ptrdiff_t stride_y = 0;
    std::ptrdiff_t stride_x = 0;
    std::ptrdiff_t stride_c = 0;

    template <class T>
    static ImageView contiguous(const T* data, int height, int width, int channels, Layout layout) {
        detail::check_dims(height, width, channels, "ImageView");
        if (data == nullptr) throw InvalidArgument("ImageView: data pointer is null");
        ImageView v{data, dtype_of<T>(), height, width, channels, layout, 0, 0, 0};
        if (layout == Layout::hwc) {
            v.stride_c = 1;
            v.stride_x = channels;
            v.stride_y = static_cast<std::ptrdiff_t>(width) * channels;
        } else {
            v.stride_x = 1;
            v.stride_y = width;
            v.stride_c = static_cast<std::ptrdiff_t>(height) * width;
        }
        return v;
    }
    template <class T> static ImageView hwc(const T* data, int h, int w, int c) {
        return contiguous(data, h, w, c, Layout::hwc);
    }
    template <class T> static ImageView chw(const T* data, int c, int h, int w) {
        return contiguous(data, h, w, c, Layout::chw);
    }

    template <class T> T at(int y, int x, int c) const noexcept {
        return static_cast<const T*>(data)[y * stride_y + x * stride_x + c * stride_c];
    }
    bool is_contiguous() const noexcept {
        if (layout == Layout::hwc)
            return stride_c == 1 && stride_x == channels && stride_y == std::ptrdiff_t(width) * channels;
        return stride_x == 1 && stride_y == width && stride_c == std::ptrdiff_t(height) * width;
    }
    std::size_t pixel_count() const noexcept { return std::size_t(height) * std::size_t(width); }
};

// Tag for an Image whose every element the caller is about to write: no zero fill (which
// for a large float output costs as much as writing it).
struct Uninitialized {};
inline constexpr Uninitialized uninitialized{};

// Contiguous image in either layout; see the top of this file for borrowed images.
template <class T> class Image {
public:
    using value_type = T;
    // xtensor's uninitialised vector: no zero fill when the caller writes every element, and
    // the same buffer type as Array (core/array.hpp), so a finished image becomes an array
    // without a copy.
    using storage_type = ArrayStorage<T>;

    Image() = default;
    Image(int height, int width, int channels, Layout layout = Layout::hwc, T fill = T{})
        : Image(height, width, channels, layout, uninitialized) {
        std::fill(data_.begin(), data_.end(), fill);
    }
    Image(int height, int width, int channels, Layout layout, Uninitialized)
        : height_(height), width_(width), channels_(channels), layout_(layout) {
        detail::check_dims(height, width, channels, "Image");
        detail::check_pixel_limit(height, width, "Image");
        data_.resize(std::size_t(height) * std::size_t(width) * std::size_t(channels));
    }
    // An image over a buffer the caller supplies (an output's memory: core/output_storage.hpp),
    // which must hold exactly height * width * channels elements.
    Image(int height, int width, int channels, Layout layout, storage_type&& storage)
        : data_(std::move(storage)), height_(height), width_(width), channels_(channels), layout_(layout) {
        detail::check_dims(height, width, channels, "Image");
        detail::check_pixel_limit(height, width, "Image");
        if (data_.size() != std::size_t(height) * std::size_t(width) * std::size_t(channels))
            throw InvalidArgument("Image: a buffer of " + std::to_string(data_.size()) + " elements for a " +
                                  std::to_string(height) + "x" + std::to_string(width) + "x" + std::to_string(channels) +
                                  " image");
    }

    // An image that reads `data` (contiguous in `layout`) without copying it; mutable access
    // copies first. `owner`, when given, keeps the buffer alive for as long as the image or a
    // copy of it exists; without it the caller's buffer must outlive them.
    static Image borrow(const T* data, int height, int width, int channels, Layout layout,
                        std::shared_ptr<const void> owner = nullptr) {
        detail::check_dims(height, width, channels, "Image");
        detail::check_pixel_limit(height, width, "Image");
        if (data == nullptr) throw InvalidArgument("Image::borrow: data pointer is null");
        Image img;
        img.height_ = height;
        img.width_ = width;
        img.channels_ = channels;
        img.layout_ = layout;
        img.borrowed_ = data;
        img.owner_ = std::move(owner);
        return img;
    }

    int height() const noexcept { return height_; }
    int width() const noexcept { return width_; }
    int channels() const noexcept { return channels_; }
    Layout layout() const noexcept { return layout_; }
    bool empty() const noexcept { return size() == 0; }
    std::size_t size() const noexcept {
        return borrowed_ != nullptr ? std::size_t(height_) * std::size_t(width_) * std::size_t(channels_) : data_.size();
    }
    bool is_borrowed() const noexcept { return borrowed_ != nullptr; }

    T* data() {
        own();
        return data_.data();
    }
    const T* data() const noexcept { return borrowed_ != nullptr ? borrowed_ : data_.data(); }
    const T* begin() const noexcept { return data(); }
    const T* end() const noexcept { return data() + size(); }
    storage_type& storage() {
        own();
        return data_;
    }
    // The pixels as a buffer this image no longer holds (an owned copy if it was borrowed).
    storage_type release() && {
        own();
        height_ = width_ = channels_ = 0;
        return std::move(data_);
    }

    std::size_t index(int y, int x, int c) const noexcept {
        if (layout_ == Layout::hwc)
            return (std::size_t(y) * std::size_t(width_) + std::size_t(x)) * std::size_t(channels_) + std::size_t(c);
        return (std::size_t(c) * std::size_t(height_) + std::size_t(y)) * std::size_t(width_) + std::size_t(x);
    }
    T& at(int y, int x, int c) { return data()[index(y, x, c)]; }
    const T& at(int y, int x, int c) const noexcept { return data()[index(y, x, c)]; }

    ImageView view() const { return ImageView::contiguous(data(), height_, width_, channels_, layout_); }

    friend bool operator==(const Image& a, const Image& b) {
        return a.height_ == b.height_ && a.width_ == b.width_ && a.channels_ == b.channels_ &&
               a.layout_ == b.layout_ && std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    void own() {
        if (borrowed_ == nullptr) return;
        storage_type copy(size());
        std::copy(borrowed_, borrowed_ + copy.size(), copy.begin());
        data_ = std::move(copy);
        borrowed_ = nullptr;
        owner_.reset();
    }

    storage_type data_;
    const T* borrowed_ = nullptr;
    std::shared_ptr<const void> owner_;
    int height_ = 0;
    int width_ = 0;
    int channels_ = 0;
    Layout layout_ = Layout::hwc;
};

using ImageU8 = Image<std::uint8_t>;
using ImageF32 = Image<float>;

// Copies any view of element type T into a contiguous image with the requested layout.
template <class T> Image<T> materialize(const ImageView& v, Layout layout) {
    if (v.dtype != dtype_of<T>())
        throw ImageError(std::string("materialize: expected a ") + dtype_name(dtype_of<T>()) + " image, got " +
                         dtype_name(v.dtype));
    Image<T> out(v.height, v.width, v.channels, layout, uninitialized);
    if (v.is_contiguous()) {  // the common cases: a plain copy or a plain transpose, no index math
        const T* src = static_cast<const T*>(v.data);
        T* dst = out.data();
        const std::size_t plane = v.pixel_count(), C = std::size_t(v.channels);
        if (v.layout == layout) {
            std::copy(src, src + plane * C, dst);
        } else if (v.layout == Layout::hwc) {
            for (std::size_t i = 0; i < plane; ++i)
                for (std::size_t c = 0; c < C; ++c) dst[c * plane + i] = src[i * C + c];
        } else {
            for (std::size_t i = 0; i < plane; ++i)
                for (std::size_t c = 0; c < C; ++c) dst[i * C + c] = src[c * plane + i];
        }
        return out;
    }
    for (int y = 0; y < v.height; ++y)
        for (int x = 0; x < v.width; ++x)
            for (int c = 0; c < v.channels; ++c) out.at(y, x, c) = v.at<T>(y, x, c);
    return out;
}

// Same pixels, other memory order (transformers' to_channel_dimension_format).
template <class T> Image<T> to_layout(const Image<T>& img, Layout layout) {
    if (img.layout() == layout) return img;
    return materialize<T>(img.view(), layout);
}

}  // namespace pixelprep
