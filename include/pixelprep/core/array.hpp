// pixelprep::Array<T>: the arrays of a BatchFeature and the buffers of images. An
// xt::xarray<T> (row-major) whose memory comes from ArrayAllocator, which keeps the large
// blocks a caller lets go and hands them to the next array of the same size.
//
// Why: glibc's malloc gives blocks above 32 MiB straight to mmap and unmaps them on free,
// so each fresh result of that size is memory the kernel zeroes again before pixelprep
// writes it. A Qwen2-VL result from 1920x1080 is 48 MiB: written into fresh (huge) pages
// 7.96 ms, into mapped memory 2.62 ms, on 4 KiB pages 39 ms (this machine, best of 15).
// Smaller blocks malloc already recycles, so only blocks of 4 MiB or more are kept.
//
// The pool is bounded: it holds at most output_pool_limit() bytes (128 MiB unless
// PIXELPREP_OUTPUT_POOL_MIB says otherwise when it is first used, or set_output_pool_limit
// changes it), evicting the oldest blocks first; a limit of 0 turns it off and frees what it
// holds. Large blocks also get transparent huge pages advised (one fault per 2 MiB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include <xtensor/xarray.hpp>

#include "pixelprep/core/logger.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace pixelprep {

namespace detail {

// Blocks below this size are malloc's (which recycles them itself).
inline constexpr std::size_t pooled_block_bytes = std::size_t(4) << 20;
inline constexpr std::size_t default_pool_limit_bytes = std::size_t(128) << 20;

inline void advise_huge_pages(void* data, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::size_t huge = std::size_t(2) << 20;
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

// PIXELPREP_OUTPUT_POOL_MIB, read once: a whole number of MiB; anything else is warned
// about and the default kept.
inline std::size_t pool_limit_from_environment() {
    const char* env = std::getenv("PIXELPREP_OUTPUT_POOL_MIB");
    if (env == nullptr) return default_pool_limit_bytes;
    char* end = nullptr;
    const unsigned long long mib = std::strtoull(env, &end, 10);
    if (*env < '0' || *env > '9' || *end != '\0' || mib > (std::numeric_limits<std::size_t>::max() >> 20)) {
        log_warning(std::string("PIXELPREP_OUTPUT_POOL_MIB='") + env +
                    "' is not a whole number of MiB; the array pool keeps its default limit of " +
                    std::to_string(default_pool_limit_bytes >> 20) + " MiB");
        return default_pool_limit_bytes;
    }
    return std::size_t(mib) << 20;
}

// Large blocks let go of, newest last. Thread-safe; one per process.
class LargeBlockPool {
public:
    static LargeBlockPool& instance() {
        // Never destroyed: arrays that outlive main (statics) still give their blocks back.
        static LargeBlockPool* pool = new LargeBlockPool();
        return *pool;
    }

    void* take(std::size_t bytes) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            for (std::size_t i = held_.size(); i-- > 0;)
                if (held_[i].bytes == bytes) {
                    void* p = held_[i].data;
                    held_.erase(held_.begin() + std::ptrdiff_t(i));
                    held_bytes_ -= bytes;
                    return p;
                }
        }
        void* p = ::operator new(bytes, alignment);
        advise_huge_pages(p, bytes);
        return p;
    }

    void give(void* p, std::size_t bytes) noexcept {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (bytes <= limit_) {
                while (held_bytes_ + bytes > limit_) evict_oldest();
                try {
                    held_.push_back(Block{p, bytes});
                    held_bytes_ += bytes;
                    return;
                } catch (...) {  // no room to remember it: free it instead
                }
            }
        }
        ::operator delete(p, alignment);
    }

    std::size_t limit() const {
        const std::lock_guard<std::mutex> lock(mutex_);
        return limit_;
    }
    void set_limit(std::size_t bytes) {
        const std::lock_guard<std::mutex> lock(mutex_);
        limit_ = bytes;
        while (held_bytes_ > limit_) evict_oldest();
    }
    std::size_t held_bytes() const {
        const std::lock_guard<std::mutex> lock(mutex_);
        return held_bytes_;
    }

private:
    static constexpr std::align_val_t alignment{64};
    struct Block {
        void* data;
        std::size_t bytes;
    };
    LargeBlockPool() : limit_(pool_limit_from_environment()) { held_.reserve(16); }
    void evict_oldest() noexcept {  // caller holds the lock
        ::operator delete(held_.front().data, alignment);
        held_bytes_ -= held_.front().bytes;
        held_.erase(held_.begin());
    }

    mutable std::mutex mutex_;
    std::vector<Block> held_;
    std::size_t held_bytes_ = 0;
    std::size_t limit_;
};

}  // namespace detail

// The most bytes of released large blocks kept for reuse; 0 turns the pool off (and frees
// what it holds).
inline std::size_t output_pool_limit() { return detail::LargeBlockPool::instance().limit(); }
inline void set_output_pool_limit(std::size_t bytes) { detail::LargeBlockPool::instance().set_limit(bytes); }
// Bytes the pool holds now (released blocks waiting for an array of their size).
inline std::size_t output_pool_held_bytes() { return detail::LargeBlockPool::instance().held_bytes(); }

// Sets the pool's limit for as long as it lives, then puts the previous limit back (a test or a
// benchmark that times the pool turned off, inside a process that keeps it on).
class OutputPoolLimitScope {
public:
    explicit OutputPoolLimitScope(std::size_t bytes) : saved_(output_pool_limit()) { set_output_pool_limit(bytes); }
    ~OutputPoolLimitScope() { set_output_pool_limit(saved_); }
    OutputPoolLimitScope(const OutputPoolLimitScope&) = delete;
    OutputPoolLimitScope& operator=(const OutputPoolLimitScope&) = delete;

private:
    std::size_t saved_;
};

// std::allocator for small blocks, the pool for blocks of 4 MiB or more. Stateless.
template <class T> struct ArrayAllocator {
    using value_type = T;
    ArrayAllocator() noexcept = default;
    template <class U> ArrayAllocator(const ArrayAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > std::numeric_limits<std::size_t>::max() / sizeof(T)) throw std::bad_array_new_length();
        const std::size_t bytes = n * sizeof(T);
        if (bytes < detail::pooled_block_bytes) return std::allocator<T>().allocate(n);
        return static_cast<T*>(detail::LargeBlockPool::instance().take(bytes));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < detail::pooled_block_bytes) std::allocator<T>().deallocate(p, n);
        else detail::LargeBlockPool::instance().give(p, bytes);
    }
    friend bool operator==(const ArrayAllocator&, const ArrayAllocator&) noexcept { return true; }
    friend bool operator!=(const ArrayAllocator&, const ArrayAllocator&) noexcept { return false; }
};

// The uninitialised buffer of an Array (and of an Image, so that a finished image becomes an
// array without a copy).
template <class T> using ArrayStorage = xt::uvector<T, ArrayAllocator<T>>;

template <class T> using Array = xt::xarray<T, xt::layout_type::row_major, ArrayAllocator<T>>;

}  // namespace pixelprep
