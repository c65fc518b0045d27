// How many threads CpuPolicy uses for one batch call, and the loop that spreads work over
// them: the images of a batch, or, for an image that has the threads to itself (a batch of
// one, or fewer images than threads), bands of its output rows (resize.hpp). Default 1: a
// server usually runs one request per core already, and one thread keeps single-image
// latency free of thread start-up. set_cpu_threads(0) means one thread per hardware thread.
// Results never depend on the count: every output pixel is computed by the same code from
// the same taps whichever thread runs it, and outputs keep their input order.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
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

namespace detail {
// True on a thread that runs parallel_for work with other threads: nested loops (the row
// bands of an image inside a batch spread over images) then stay sequential.
inline bool& inside_parallel_work() noexcept {
    thread_local bool inside = false;
    return inside;
}
}  // namespace detail

// Threads kept between calls (starting one costs tens of microseconds, a fair share of a
// small image's time). A caller queues `helpers` references to its job, runs the job
// itself, then takes back the references no worker has started and waits for the started
// ones. Workers never wait on other jobs (nested loops run inline, inside_parallel_work), so
// a job always finishes even if no worker ever helps. Grows to the largest count asked for.
class WorkerPool {
public:
    static WorkerPool& instance() {
        static WorkerPool pool;
        return pool;
    }

    void run(std::size_t helpers, const std::function<void()>& work) {
        Job job{&work, helpers};
        {
            std::lock_guard<std::mutex> lock(mutex_);
            while (threads_.size() < helpers) threads_.emplace_back([this] { serve(); });
            for (std::size_t i = 0; i < helpers; ++i) queue_.push_back(&job);
        }
        work_ready_.notify_all();
        work();
        std::unique_lock<std::mutex> lock(mutex_);
        const auto unstarted = std::remove(queue_.begin(), queue_.end(), &job);
        job.pending -= std::size_t(queue_.end() - unstarted);
        queue_.erase(unstarted, queue_.end());
        job_done_.wait(lock, [&] { return job.pending == 0; });
    }

    ~WorkerPool() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        work_ready_.notify_all();
        for (auto& t : threads_) t.join();
    }

private:
    struct Job {
        const std::function<void()>* work;
        std::size_t pending;  // queued or running references; guarded by mutex_
    };

    void serve() {
        detail::inside_parallel_work() = true;  // for good: a worker's loops never nest
        for (;;) {
            Job* job = nullptr;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) return;  // stopping
                job = queue_.front();
                queue_.pop_front();
            }
            (*job->work)();
            std::lock_guard<std::mutex> lock(mutex_);
            if (--job->pending == 0) job_done_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable work_ready_, job_done_;
    std::deque<Job*> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

// Calls fn(i) for i in [0, n), on up to cpu_threads() threads (this one and pool workers),
// taking indices from a shared counter; inline when already inside parallel work. If some
// calls throw, the exception of the lowest index is rethrown after all have finished, so
// the error does not depend on scheduling.
template <class Fn> void parallel_for(std::size_t n, Fn&& fn) {
    const std::size_t threads = std::min<std::size_t>(std::size_t(cpu_threads()), n);
    if (threads <= 1 || detail::inside_parallel_work()) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(n);
    const std::function<void()> work = [&] {
        bool& inside = detail::inside_parallel_work();
        const bool was_inside = inside;
        inside = true;
        struct Restore {
            bool& flag;
            bool value;
            ~Restore() { flag = value; }
        } restore{inside, was_inside};
        for (std::size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) {
            try {
                fn(i);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    WorkerPool::instance().run(threads - 1, work);
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

// How many bands of rows a single piece of work of `pixels` source pixels and `rows`
// output rows is split into: one unless this thread is free to use the others (not inside
// parallel work) and the work is large enough to pay for handing bands to other threads.
inline int row_bands(std::size_t pixels, int rows) noexcept {
    constexpr std::size_t min_pixels_per_band = 1u << 18;  // ~0.1 ms of resampling
    if (detail::inside_parallel_work() || rows < 2) return 1;
    const std::size_t by_size = pixels / min_pixels_per_band;
    return int(std::max<std::size_t>(1, std::min({std::size_t(cpu_threads()), by_size, std::size_t(rows)})));
}

}  // namespace cpu
}  // namespace pixelprep
