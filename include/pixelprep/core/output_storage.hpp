// Where the memory of output arrays comes from.
//
// A fresh output is the most expensive thing a call touches that is not arithmetic: a
// 50 MB Qwen2-VL pixel_values is about 12,000 page faults, each one the kernel zeroing a
// 4 KiB page, which costs several times the writing of the values. Two remedies:
//  * reuse: the caller hands the arrays of an earlier result back (ImageProcessor::
//    process_into, AnyProcessor::process_into). While a RecycledOutputs scope is open on
//    the calling thread, output_storage<T>(n) takes a buffer of exactly n elements of T from
//    those arrays instead of allocating: memory that is already mapped, so no page faults;
//  * for a fresh buffer of 4 MiB or more, transparent huge pages are advised (Linux
//    madvise(MADV_HUGEPAGE); a no-op where the kernel's THP mode is "never" or elsewhere):
//    one fault per 2 MiB instead of per 4 KiB.
// Only final outputs use this (the recipes and the fused paths name them); intermediates
// keep ordinary allocation, so they never take an output's buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xstorage.hpp>

#include "pixelprep/core/batch_feature.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace pixelprep {

namespace detail {

inline void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::size_t huge = std::size_t(2) << 20;
    if (bytes < 2 * huge) return;  // below 4 MiB, 4 KiB pages cost little
    // The advice applies to whole pages inside the buffer; it must come before the first
    // write, which is when pages are mapped.
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
    if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

// The buffers a caller handed back, by element type (the dtypes of Tensor); one list per
// open RecycledOutputs.
struct RecycledBuffers {
    std::vector<xt::uvector<float>> f32;
    std::vector<xt::uvector<std::uint8_t>> u8;
    std::vector<xt::uvector<std::int64_t>> i64;
    std::vector<xt::uvector<std::int32_t>> i32;

    template <class T> std::vector<xt::uvector<T>>* list() noexcept {
        if constexpr (std::is_same_v<T, float>) return &f32;
        else if constexpr (std::is_same_v<T, std::uint8_t>) return &u8;
        else if constexpr (std::is_same_v<T, std::int64_t>) return &i64;
        else if constexpr (std::is_same_v<T, std::int32_t>) return &i32;
        else return nullptr;
    }
};

inline RecycledBuffers*& recycled_buffers() noexcept {
    thread_local RecycledBuffers* current = nullptr;
    return current;
}

}  // namespace detail

// n uninitialised elements for an output array: a recycled buffer of exactly n elements
// when the caller handed one back, else fresh memory (huge pages advised when large).
template <class T> xt::uvector<T> output_storage(std::size_t n) {
    if (auto* pool = detail::recycled_buffers(); pool != nullptr && n != 0) {
        if (auto* list = pool->template list<T>(); list != nullptr)
            for (auto it = list->begin(); it != list->end(); ++it)
                if (it->size() == n) {
                    xt::uvector<T> out = std::move(*it);
                    list->erase(it);
                    return out;
                }
    }
    xt::uvector<T> out(n);
    detail::advise_huge_pages(out.data(), n * sizeof(T));
    return out;
}

// An uninitialised row-major output array of `shape` (output_storage's memory).
template <class T> xt::xarray<T> output_array(const std::vector<std::size_t>& shape) {
    std::size_t n = 1;
    for (const std::size_t s : shape) n *= s;
    using Array = xt::xarray<T>;
    typename Array::inner_shape_type sh(shape.begin(), shape.end());
    typename Array::inner_strides_type strides(shape.size());
    xt::compute_strides(sh, xt::layout_type::row_major, strides);
    return Array(output_storage<T>(n), std::move(sh), std::move(strides));
}

// Opens a scope in which output_storage on this thread takes buffers from `arrays` (each
// holding one xt::xarray's buffer). Scopes nest: the inner one hides the outer one.
class RecycledOutputs {
public:
    RecycledOutputs() : previous_(detail::recycled_buffers()) { detail::recycled_buffers() = &buffers_; }
    RecycledOutputs(const RecycledOutputs&) = delete;
    RecycledOutputs& operator=(const RecycledOutputs&) = delete;
    ~RecycledOutputs() { detail::recycled_buffers() = previous_; }

    template <class T> void give(xt::xarray<T>&& array) {
        if (auto* list = buffers_.template list<T>(); list != nullptr && array.size() != 0)
            list->push_back(std::move(array.storage()));
    }
    // Every array of an earlier result (left empty).
    void give(BatchFeature&& previous) {
        for (Tensor& t : std::move(previous).release_arrays()) std::visit([&](auto& a) { give(std::move(a)); }, t);
    }

private:
    detail::RecycledBuffers buffers_;
    detail::RecycledBuffers* previous_;
};

}  // namespace pixelprep
