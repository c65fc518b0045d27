// The boundary between CudaPolicy's host code and the device code in src/cuda: plain,
// non-template functions over raw host pointers and sizes. Each call uploads its input,
// runs its kernels on one stream of a reused device workspace, downloads the result and
// waits for it; a CUDA failure throws pixelprep::CudaError naming the kernel or call.
//
// Host-only: no CUDA header, so g++ compiles every file that includes this one.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pixelprep/core/image.hpp"

namespace pixelprep::cuda {

// A contiguous image in host memory, elements in `layout` order.
struct ImageShape {
    int height;
    int width;
    int channels;
    Layout layout;
};

template <class T> ImageShape shape_of(const Image<T>& img) {
    return {img.height(), img.width(), img.channels(), img.layout()};
}

// One axis' quantised coefficients, as pixelprep::numerics::AxisCoefficients holds them.
struct AxisTable {
    int out_size;
    int ksize;                    // row stride of `weights`
    const int* first;             // out_size first source taps
    const int* count;             // out_size tap counts
    const std::int32_t* weights;  // out_size x ksize 22-bit weights
};

// Which separable passes a convolution resize runs, in which order (as cpu::detail::convolve).
enum class PassOrder : std::uint8_t {
    horizontal,                // only the width changes
    vertical,                  // only the height changes
    vertical_then_horizontal,  // numerics::vertical_pass_first
    horizontal_then_vertical,  // the usual order; the first pass covers only the rows the second reads
};

struct ConvolutionPlan {
    PassOrder order;
    AxisTable horizontal;  // unused when order == vertical
    AxisTable vertical;    // unused when order == horizontal
    int first_row;         // horizontal_then_vertical: the source rows [first_row, first_row + row_count)
    int row_count;         //   the horizontal pass produces
    bool premultiplied;    // LA/RGBA: premultiply alpha before, unpremultiply after
};

namespace launch {

// Convolution resize of a uint8 image with 1..4 channels; dst holds out_h x out_w pixels in
// the input's layout.
void resize_convolution_u8(const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                           const ConvolutionPlan& plan);

// NEAREST resize: source_x[out_w] and source_y[out_h] are the source indices, -1 = zero.
void resize_nearest_u8(const std::uint8_t* src, ImageShape in, std::uint8_t* dst, int out_h, int out_w,
                       const int* source_x, const int* source_y);

// dst(y, x, c) = src(y + top, x + left, c), or zero outside the source: center crop (any
// offsets) and bottom/right padding (top = left = 0). Same layout in and out.
// element_size is 1 (uint8) or 4 (float32; copied as bits).
void copy_window(const void* src, ImageShape in, std::size_t element_size, void* dst, int out_h, int out_w, int top,
                 int left);

// Qwen2-VL's patch flattening (pixelprep/numerics/patch_index.hpp): dst is the float32
// patch_rows x patch_row_length array. element_size 1 (uint8, converted to float32 exactly)
// or 4 (float32, copied as bits). The grid is checked by the caller (geometry::patch_grid).
void patchify(const void* src, ImageShape in, std::size_t element_size, int patch, int merge, int temporal,
              float* dst);

// The same pixels in the other memory order.
void change_layout(const void* src, ImageShape in, std::size_t element_size, void* dst, Layout out_layout);

// dst[i] = float32(float64(src[i]) * factor), numpy's rescale.
void rescale_u8(const std::uint8_t* src, std::size_t count, double factor, float* dst);
void rescale_f32(const float* src, std::size_t count, double factor, float* dst);

// dst = (x - mean[c]) / std[c] in float32; a uint8 x is first converted as rescale(x, 1.0).
void normalize_u8(const std::uint8_t* src, ImageShape in, const float* mean, const float* std_dev, float* dst);
void normalize_f32(const float* src, ImageShape in, const float* mean, const float* std_dev, float* dst);

}  // namespace launch

}  // namespace pixelprep::cuda
