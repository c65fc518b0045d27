// Batched CUDA preprocessing: transformers' generic pipeline (resize -> center crop ->
// rescale -> normalize, channels first) over a whole batch at once, bit-exact with
// CpuPolicy.
//
//  * Images are grouped by input shape on the host; a group shares its coefficient tables
//    and crop window, and each step is one kernel launch for all of its images (groups are
//    split into chunks of about batch_chunk_bytes of input, so that the upload of one chunk
//    overlaps the kernels of the previous one).
//  * Inputs come from host memory (staged through pinned memory, copied on a copy stream)
//    or are device pointers (read in place).
//  * preprocess_to_device leaves the result on the device as a DeviceTensor: to_dlpack()
//    hands it to PyTorch / ONNX Runtime / TensorRT without a copy; copy_to_host() on request.
//  * CudaPolicy::preprocess uses the same path (host output) whenever a batch fits it, and
//    the per-operation path otherwise.
//
// Host-only: no CUDA header.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/cuda/batch_launchers.hpp"
#include "pixelprep/cuda/dlpack.hpp"
#include "pixelprep/cuda/resize.hpp"
#include "pixelprep/geometry/output_size.hpp"
#include "pixelprep/geometry/windows.hpp"
#include "pixelprep/numerics/channel_values.hpp"
#include "pixelprep/options/common_options.hpp"
#include "pixelprep/options/validate.hpp"

namespace pixelprep::cuda {

// Input bytes per chunk (at least one image per chunk).
inline constexpr std::size_t batch_chunk_bytes = std::size_t(32) << 20;

// One input image of the batched path: uint8, 1 (L) or 3 (RGB) channels, contiguous.
struct BatchImage {
    const std::uint8_t* data = nullptr;
    int height = 0;
    int width = 0;
    int channels = 3;
    Layout layout = Layout::hwc;
    bool on_device = false;  // data is a device pointer on the current device
};

// ---- planning (host) -------------------------------------------------------------------------

struct PlannedGroup {
    ImageShape in{};
    BatchResize resize = BatchResize::none;
    int resized_h = 0, resized_w = 0;
    detail::ConvolutionTables convolution;
    detail::NearestTables nearest;
    int out_h = 0, out_w = 0, top = 0, left = 0;
    Layout out_layout = Layout::chw;
    std::vector<int> members;
    std::vector<std::size_t> out_offsets;
};

struct BatchPlan {
    std::vector<PlannedGroup> groups;     // chunks, in order of first appearance
    std::vector<ImageShape> out_shapes;   // per image (float32)
    std::vector<std::size_t> out_offsets; // per image, element offset in the packed output
    std::size_t out_elements = 0;
    BatchFinish finish;
};

// Plans transformers' generic pipeline (steps::generic without batch padding) over images
// of the given shapes. Throws InvalidArgument when the batch does not fit the batched path
// (the reason says why), or the CPU backend's own error for invalid sizes and options.
// out_layout: each image's own layout (CudaPolicy), or always CHW (preprocess_to_device).
inline BatchPlan plan_batch(std::span<const ImageShape> shapes, const CommonOptions& o,
                            std::optional<Layout> out_layout = Layout::chw) {
    if (shapes.empty()) throw InvalidArgument("CUDA batch: no images");
    if (truthy(o.do_pad)) throw InvalidArgument("CUDA batch: do_pad is not supported by the batched path");
    if (!truthy(o.do_rescale) && !truthy(o.do_normalize))
        throw InvalidArgument("CUDA batch: needs do_rescale or do_normalize (float32 output)");
    if (truthy(o.do_rescale) && !o.rescale_factor) throw InvalidArgument("CUDA batch: rescale_factor is unset");
    if (truthy(o.do_normalize) && (!o.image_mean || !o.image_std))
        throw InvalidArgument("CUDA batch: image_mean / image_std are unset");
    if (truthy(o.do_resize) && (!o.size || !o.resample))
        throw InvalidArgument("CUDA batch: size / resample are unset");
    if (truthy(o.do_center_crop) && (!o.crop_size || !o.crop_size->height || !o.crop_size->width))
        throw InvalidArgument("CUDA batch: crop_size needs height and width");

    BatchPlan plan;
    const int channels = shapes.front().channels;
    for (const ImageShape& s : shapes) {
        if (s.channels != 1 && s.channels != 3)
            throw InvalidArgument("CUDA batch: " + std::to_string(s.channels) +
                                  " channels (the batched path takes 1 or 3; alpha goes through CudaPolicy)");
        if (s.channels != channels) throw InvalidArgument("CUDA batch: images with different channel counts");
        if (s.height <= 0 || s.width <= 0 || s.height > max_image_side || s.width > max_image_side)
            throw InvalidArgument("CUDA batch: image size " + std::to_string(s.height) + "x" + std::to_string(s.width) +
                                  " out of range");
    }

    // rescale + normalize parameters, converted as the CPU backend converts them.
    plan.finish.factor = truthy(o.do_rescale) ? *o.rescale_factor : 1.0;
    plan.finish.normalize = truthy(o.do_normalize);
    if (plan.finish.normalize) {
        const std::vector<float> m = numerics::per_channel(o.image_mean->for_channels(channels), channels, "mean");
        const std::vector<float> s = numerics::per_channel(o.image_std->for_channels(channels), channels, "std");
        for (int c = 0; c < channels; ++c) {
            plan.finish.mean[c] = m[std::size_t(c)];
            plan.finish.std_dev[c] = s[std::size_t(c)];
        }
    }

    // Group by shape (and layout), in order of first appearance.
    std::map<std::tuple<int, int, int, int>, std::size_t> index;
    std::vector<std::vector<int>> members;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        const ImageShape& s = shapes[i];
        const auto key = std::make_tuple(s.height, s.width, s.channels, int(s.layout));
        auto [it, fresh] = index.try_emplace(key, members.size());
        if (fresh) members.emplace_back();
        members[it->second].push_back(int(i));
    }

    plan.out_shapes.resize(shapes.size());
    plan.out_offsets.resize(shapes.size());
    std::vector<PlannedGroup> groups;
    for (const std::vector<int>& m : members) {
        PlannedGroup g;
        g.in = shapes[std::size_t(m.front())];
        g.out_layout = out_layout.value_or(g.in.layout);
        g.resized_h = g.in.height;
        g.resized_w = g.in.width;
        if (truthy(o.do_resize)) {
            const geometry::HeightWidth hw = geometry::resize_output_size(g.in.height, g.in.width, *o.size);
            if (hw.height <= 0 || hw.width <= 0 || hw.height > max_image_side || hw.width > max_image_side)
                throw InvalidArgument("CUDA batch: resize output size " + std::to_string(hw.height) + "x" +
                                      std::to_string(hw.width) + " out of range");
            if (hw.height != g.in.height || hw.width != g.in.width) {
                g.resized_h = hw.height;
                g.resized_w = hw.width;
                if (*o.resample == Resample::nearest) {
                    g.resize = BatchResize::nearest;
                    g.nearest = detail::plan_nearest(g.in.height, g.in.width, hw.height, hw.width);
                } else {
                    g.resize = BatchResize::convolution;
                    g.convolution =
                        detail::plan_convolution(*o.resample, g.in.height, g.in.width, hw.height, hw.width);
                }
            }
        }
        g.out_h = g.resized_h;
        g.out_w = g.resized_w;
        if (truthy(o.do_center_crop)) {
            const geometry::CropWindow w =
                geometry::center_crop_window(g.resized_h, g.resized_w, *o.crop_size->height, *o.crop_size->width);
            g.out_h = w.height;
            g.out_w = w.width;
            g.top = w.top;
            g.left = w.left;
        }
        // Chunks of about batch_chunk_bytes of input each.
        const std::size_t image_bytes = std::size_t(g.in.height) * std::size_t(g.in.width) * std::size_t(channels);
        const std::size_t per_chunk = std::max<std::size_t>(1, batch_chunk_bytes / std::max<std::size_t>(1, image_bytes));
        for (std::size_t first = 0; first < m.size(); first += per_chunk) {
            PlannedGroup chunk = g;
            chunk.members.assign(m.begin() + std::ptrdiff_t(first),
                                 m.begin() + std::ptrdiff_t(std::min(m.size(), first + per_chunk)));
            groups.push_back(std::move(chunk));
        }
    }

    // Output offsets: images packed in input order.
    std::size_t offset = 0;
    std::vector<std::pair<std::size_t, std::size_t>> where(shapes.size());  // (group, slot)
    for (std::size_t gi = 0; gi < groups.size(); ++gi)
        for (std::size_t k = 0; k < groups[gi].members.size(); ++k) where[std::size_t(groups[gi].members[k])] = {gi, k};
    for (PlannedGroup& g : groups) g.out_offsets.resize(g.members.size());
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        PlannedGroup& g = groups[where[i].first];
        plan.out_shapes[i] = {g.out_h, g.out_w, channels, g.out_layout};
        plan.out_offsets[i] = offset;
        g.out_offsets[where[i].second] = offset;
        offset += std::size_t(g.out_h) * std::size_t(g.out_w) * std::size_t(channels);
    }
    plan.out_elements = offset;
    plan.groups = std::move(groups);
    return plan;
}

// Runs a plan: inputs[i] is image i's data (host memory, or device memory when
// inputs_on_device); the output goes to device_out (device memory) or host_out.
inline void run_plan(const BatchPlan& plan, std::span<const std::uint8_t* const> inputs, bool inputs_on_device,
                     float* device_out, float* host_out) {
    std::vector<BatchGroup> groups;
    groups.reserve(plan.groups.size());
    for (const PlannedGroup& g : plan.groups) {
        BatchGroup b{};
        b.in = g.in;
        b.resize = g.resize;
        b.resized_h = g.resized_h;
        b.resized_w = g.resized_w;
        if (g.resize == BatchResize::convolution) b.convolution = g.convolution.plan(false);
        if (g.resize == BatchResize::nearest) {
            b.source_x = g.nearest.source_x.data();
            b.source_y = g.nearest.source_y.data();
        }
        b.out_h = g.out_h;
        b.out_w = g.out_w;
        b.top = g.top;
        b.left = g.left;
        b.out_layout = g.out_layout;
        b.members = g.members.data();
        b.member_count = int(g.members.size());
        b.out_offsets = g.out_offsets.data();
        groups.push_back(b);
    }
    BatchJob job{};
    job.groups = groups.data();
    job.group_count = groups.size();
    job.inputs = inputs.data();
    job.inputs_on_device = inputs_on_device;
    job.finish = plan.finish;
    job.out_elements = plan.out_elements;
    job.device_out = device_out;
    job.host_out = host_out;
    launch::preprocess_batch(job);
}

// ---- device-resident output ------------------------------------------------------------------

// A float32 tensor in device memory (or, in the host-emulation test, host memory), shared
// ownership: copies share the buffer, and a DLPack export keeps it alive until its deleter.
class DeviceTensor {
public:
    DeviceTensor() = default;
    DeviceTensor(DeviceBuffer buffer, std::vector<std::int64_t> shape)
        : buffer_(std::move(buffer)), shape_(std::move(shape)) {}

    float* data() const { return static_cast<float*>(buffer_.memory.get()); }
    const std::vector<std::int64_t>& shape() const { return shape_; }
    dlpack::DLDevice device() const { return buffer_.device; }
    std::size_t size() const {
        if (shape_.empty()) return 0;
        std::size_t n = 1;
        for (std::int64_t d : shape_) n *= std::size_t(d);
        return n;
    }
    bool empty() const { return !buffer_.memory; }

    // Compact row-major strides, in elements.
    std::vector<std::int64_t> strides() const {
        std::vector<std::int64_t> s(shape_.size(), 1);
        for (std::size_t i = shape_.size(); i-- > 1;) s[i - 1] = s[i] * shape_[i];
        return s;
    }

    // A new DLPack reference to the same memory (no copy). The consumer calls
    // `deleter(self)` exactly once when done; the memory is released (to the pool) when
    // that and every DeviceTensor sharing it are gone. The data is ready: the producing
    // call waited for its stream.
    dlpack::DLManagedTensor* to_dlpack() const {
        if (empty()) throw InvalidArgument("DeviceTensor::to_dlpack: empty tensor");
        auto* ctx = new Export{buffer_.memory, shape_, strides(), {}};
        dlpack::DLTensor& t = ctx->managed.dl_tensor;
        t.data = buffer_.memory.get();
        t.device = buffer_.device;
        t.ndim = std::int32_t(shape_.size());
        t.dtype = {dlpack::kDLFloat, 32, 1};
        t.shape = ctx->shape.data();
        t.strides = ctx->strides.data();
        t.byte_offset = 0;
        ctx->managed.manager_ctx = ctx;
        ctx->managed.deleter = [](dlpack::DLManagedTensor* self) { delete static_cast<Export*>(self->manager_ctx); };
        return &ctx->managed;
    }

    // The values in host memory (row-major, shape()).
    std::vector<float> copy_to_host() const {
        std::vector<float> out(size());
        if (!out.empty()) launch::copy_device_to_host(out.data(), data(), out.size() * sizeof(float));
        return out;
    }

private:
    struct Export {
        std::shared_ptr<void> memory;
        std::vector<std::int64_t> shape;
        std::vector<std::int64_t> strides;
        dlpack::DLManagedTensor managed;
    };

    DeviceBuffer buffer_{};
    std::vector<std::int64_t> shape_;
};

// transformers' generic pipeline over `images` with `options` (a model's merged options,
// e.g. ImageProcessor<ClipModel, CudaPolicy>().options()), result left on the device as
// pixel_values [N, C, H, W] float32 -- bit for bit CpuPolicy's stacked pixel_values for
// the same uint8 images. Every output must have the same size (use a center crop or an
// exact size). Throws InvalidArgument when the batch does not fit this path, and
// BackendUnavailable / CudaError as every CUDA call does.
inline DeviceTensor preprocess_to_device(std::span<const BatchImage> images, const CommonOptions& options) {
    std::vector<ImageShape> shapes;
    std::vector<const std::uint8_t*> inputs;
    const bool on_device = !images.empty() && images.front().on_device;
    for (const BatchImage& b : images) {
        if (b.data == nullptr) throw InvalidArgument("CUDA batch: an image has no data");
        if (b.on_device != on_device)
            throw InvalidArgument("CUDA batch: mix of host and device inputs (pass one kind per call)");
        shapes.push_back({b.height, b.width, b.channels, b.layout});
        inputs.push_back(b.data);
    }
    const BatchPlan plan = plan_batch(shapes, options, Layout::chw);
    for (const ImageShape& s : plan.out_shapes)
        if (s.height != plan.out_shapes.front().height || s.width != plan.out_shapes.front().width)
            throw InvalidArgument("CUDA batch: outputs differ in size (" + std::to_string(s.height) + "x" +
                                  std::to_string(s.width) + " vs " + std::to_string(plan.out_shapes.front().height) +
                                  "x" + std::to_string(plan.out_shapes.front().width) +
                                  "); a device tensor needs one size: set a center crop or an exact size");
    DeviceBuffer buffer = launch::acquire_device_buffer(plan.out_elements * sizeof(float));
    run_plan(plan, inputs, on_device, static_cast<float*>(buffer.memory.get()), nullptr);
    const ImageShape& s = plan.out_shapes.front();
    return DeviceTensor(std::move(buffer), {std::int64_t(images.size()), s.channels, s.height, s.width});
}

}  // namespace pixelprep::cuda
