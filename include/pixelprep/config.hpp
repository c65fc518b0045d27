// Project-wide configuration macros. Safe to include from host C++ and from nvcc.
#pragma once

#define PIXELPREP_VERSION_MAJOR 0
#define PIXELPREP_VERSION_MINOR 1
#define PIXELPREP_VERSION_PATCH 0
#define PIXELPREP_VERSION_STRING "0.1.0"

// PIXELPREP_HD marks the plain arithmetic functions that CpuPolicy and CudaPolicy share.
// Under nvcc they become __host__ __device__ so both backends run the same instructions
// and therefore produce the same bits; elsewhere they are ordinary inline functions.
#if defined(__CUDACC__)
#define PIXELPREP_HD __host__ __device__ inline
#else
#define PIXELPREP_HD inline
#endif
