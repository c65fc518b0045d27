// How many threads CpuPolicy uses for the images of one batch call, and the loop that
// spreads them. Default 1: a server usually runs one request per core already, and one
// thread keeps single-image latency free of thread start-up. set_cpu_threads(0) means one
// thread per hardware thread. Results never depend on the count: each image is processed
// by exactly one thread with the same code, and outputs keep their input order.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace pixelprep {

namespace detail {
inline std::atomic<int>& cpu_threads_slot() noexcept {
    static std::atomic<int> threads{1};
    return threads;
}
}  // namespace detail

// Threads per batch call (>= 1); 0 selects std::thread::hardware_concurrency(). Returns the
// previous setting. Thread-safe; a call already running keeps its count.
inline int set_cpu_threads(int threads) noexcept {
    return detail::cpu_threads_slot().exchange(threads < 0 ? 1 : threads, std::memory_order_relaxed);
}
inline int cpu_threads() noexcept {
    const int t = detail::cpu_threads_slot().load(std::memory_order_relaxed);
    return t > 0 ? t : int(std::max(1u, std::thread::hardware_concurrency()));
}

namespace cpu {

// Calls fn(i) for i in [0, n), on up to cpu_threads() threads (this one included), taking
// indices from a shared counter. If some calls throw, the exception of the lowest index is
// rethrown after all threads have finished, so the error does not depend on scheduling.
template <class Fn> void parallel_for(std::size_t n, Fn&& fn) {
    const std::size_t threads = std::min<std::size_t>(std::size_t(cpu_threads()), n);
    if (threads <= 1) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(n);
    auto work = [&] {
        for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
            try {
                fn(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& th : pool) th.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace cpu
}  // namespace pixelprep
