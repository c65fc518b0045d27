// A host stand-in for GpuExecutor (src/cuda/executor.cuh) with the same interface: a
// grow-only arena, memcpy for the copies, and a plain loop for each element functor. It
// runs src/cuda/pipelines.hpp unchanged, so the device code's indexing, pass order and
// buffer layout are tested on machines without a GPU.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>

namespace pixelprep::cuda_test {

struct HostArena {
    std::mutex mutex;  // one call at a time, as if every caller shared one GPU stream
    std::unique_ptr<unsigned char[]> data;
    std::size_t capacity = 0;
    std::atomic<std::uint64_t> allocations{0};
    std::atomic<std::uint64_t> launches{0};
    std::atomic<std::uint64_t> groups{0};         // batched groups run
    std::atomic<std::uint64_t> grouped_images{0}; // images in them
    std::atomic<std::uint64_t> plan_batches{0};   // batched plan executor calls

    static HostArena& instance() {
        static HostArena arena;
        return arena;
    }
};

class HostExecutor {
public:
    HostExecutor() : lock_(HostArena::instance().mutex) {}

    void reserve(std::size_t bytes) {
        HostArena& a = HostArena::instance();
        if (bytes <= a.capacity) return;
        const std::size_t generous = bytes + bytes / 2;  // as Workspace::reserve
        a.data.reset(new unsigned char[generous]);
        std::memset(a.data.get(), 0xA5, generous);  // like fresh device memory: not zero
        a.capacity = generous;
        a.allocations.fetch_add(1);
    }
    unsigned char* at(std::size_t offset) const { return HostArena::instance().data.get() + offset; }
    void upload(std::size_t offset, const void* host, std::size_t bytes) {
        if (bytes != 0) std::memcpy(at(offset), host, bytes);
    }
    void download(void* host, std::size_t offset, std::size_t bytes) {
        if (bytes != 0) std::memcpy(host, at(offset), bytes);
    }
    template <class F> void run(const F& f, std::size_t count) {
        if (count == 0) return;  // as GpuExecutor: no launch
        HostArena::instance().launches.fetch_add(1);
        for (std::size_t i = 0; i < count; ++i) f(i);
    }
    void finish() {}

    // The batched path: staging is the arena itself here (a plain copy).
    void reserve_staging(std::size_t) {}
    void stage_upload(std::size_t offset, std::size_t /*stage_offset*/, const void* host, std::size_t bytes) {
        upload(offset, host, bytes);
    }
    void inputs_ready() {}
    void note_group(std::size_t images) {
        HostArena::instance().groups.fetch_add(1);
        HostArena::instance().grouped_images.fetch_add(images);
    }

private:
    std::unique_lock<std::mutex> lock_;
};

}  // namespace pixelprep::cuda_test
