// DLPack's C ABI (https://github.com/dmlc/dlpack, include/dlpack/dlpack.h), the legacy
// unversioned `DLManagedTensor` that torch.utils.dlpack.from_dlpack (capsule name
// "dltensor"), ONNX Runtime's DLPack bridge, CuPy and TensorRT tooling accept. pixelprep
// does not depend on dlpack.h (Debian's libdlpack-dev provides it, but it is one more
// package for four structs): these definitions are layout-identical to it, checked below
// by size and offset, and live in their own namespace so that a TU may include both and
// reinterpret_cast a pixelprep::dlpack::DLManagedTensor* to ::DLManagedTensor*.
//
// Host-only, no CUDA header.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pixelprep::dlpack {

// dlpack.h: typedef enum { kDLCPU = 1, kDLCUDA = 2, kDLCUDAHost = 3, ... } DLDeviceType;
// (a C enum: int-sized).
enum DLDeviceType : std::int32_t {
    kDLCPU = 1,
    kDLCUDA = 2,
    kDLCUDAHost = 3,
};

struct DLDevice {
    DLDeviceType device_type;
    std::int32_t device_id;
};

// dlpack.h: typedef enum { kDLInt = 0U, kDLUInt = 1U, kDLFloat = 2U, ... } DLDataTypeCode;
enum DLDataTypeCode : std::uint8_t {
    kDLInt = 0,
    kDLUInt = 1,
    kDLFloat = 2,
};

struct DLDataType {
    std::uint8_t code;
    std::uint8_t bits;
    std::uint16_t lanes;
};

struct DLTensor {
    void* data;
    DLDevice device;
    std::int32_t ndim;
    DLDataType dtype;
    std::int64_t* shape;
    std::int64_t* strides;  // in elements; may be null for a compact row-major tensor
    std::uint64_t byte_offset;
};

struct DLManagedTensor {
    DLTensor dl_tensor;
    void* manager_ctx;
    void (*deleter)(DLManagedTensor* self);
};

static_assert(sizeof(DLDevice) == 8);
static_assert(sizeof(DLDataType) == 4);
static_assert(offsetof(DLTensor, device) == sizeof(void*));
static_assert(offsetof(DLTensor, ndim) == sizeof(void*) + 8);
static_assert(offsetof(DLTensor, dtype) == sizeof(void*) + 12);
static_assert(offsetof(DLTensor, shape) == sizeof(void*) + 16);
static_assert(sizeof(void*) != 8 || sizeof(DLTensor) == 48);
static_assert(sizeof(void*) != 8 || sizeof(DLManagedTensor) == 64);

}  // namespace pixelprep::dlpack
