// Where the memory of output arrays comes from.
//
// A fresh output is the most expensive thing a call touches that is not arithmetic: the
// kernel zeroes every page of fresh memory before pixelprep writes it. Two remedies:
//  * reuse: the caller hands the arrays of an earlier result back (ImageProcessor::
//    process_into, AnyProcessor::process_into). While a RecycledOutputs scope is open on
//    the calling thread, output_storage<T>(n) takes a buffer of exactly n elements of T from
//    those arrays instead of allocating: memory that is already mapped, so no page faults;
//  * otherwise the buffer is an ArrayAllocator's (core/array.hpp): a large block released
//    earlier when one of its size is pooled, else fresh memory with huge pages advised.
// Only final outputs use this (the recipes and the fused paths name them); intermediates
// keep ordinary allocation, so they never take an output's buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include <xtensor/xstrides.hpp>

#include "pixelprep/core/array.hpp"
#include "pixelprep/core/batch_feature.hpp"

namespace pixelprep {

namespace detail {

// The buffers a caller handed back, by element type (the dtypes of Tensor); one list per
// open RecycledOutputs.
struct RecycledBuffers {
    std::vector<ArrayStorage<float>> f32;
    std::vector<ArrayStorage<std::uint8_t>> u8;
    std::vector<ArrayStorage<std::int64_t>> i64;
    std::vector<ArrayStorage<std::int32_t>> i32;

    template <class T> std::vector<ArrayStorage<T>>* list() noexcept {
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
// when the caller handed one back, else ArrayAllocator's memory.
template <class T> ArrayStorage<T> output_storage(std::size_t n) {
    if (auto* pool = detail::recycled_buffers(); pool != nullptr && n != 0) {
        if (auto* list = pool->template list<T>(); list != nullptr)
            for (auto it = list->begin(); it != list->end(); ++it)
                if (it->size() == n) {
                    ArrayStorage<T> out = std::move(*it);
                    list->erase(it);
                    return out;
                }
    }
    return ArrayStorage<T>(n);
}

// An uninitialised row-major output array of `shape` (output_storage's memory).
template <class T> Array<T> output_array(const std::vector<std::size_t>& shape) {
    std::size_t n = 1;
    for (const std::size_t s : shape) n *= s;
    using Out = Array<T>;
    typename Out::inner_shape_type sh(shape.begin(), shape.end());
    typename Out::inner_strides_type strides(shape.size());
    xt::compute_strides(sh, xt::layout_type::row_major, strides);
    return Out(output_storage<T>(n), std::move(sh), std::move(strides));
}

// Opens a scope in which output_storage on this thread takes buffers from `arrays` (each
// holding one Array's buffer). Scopes nest: the inner one hides the outer one.
class RecycledOutputs {
public:
    RecycledOutputs() : previous_(detail::recycled_buffers()) { detail::recycled_buffers() = &buffers_; }
    RecycledOutputs(const RecycledOutputs&) = delete;
    RecycledOutputs& operator=(const RecycledOutputs&) = delete;
    ~RecycledOutputs() { detail::recycled_buffers() = previous_; }

    template <class T> void give(Array<T>&& array) {
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
