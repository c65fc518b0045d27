// cpu::parallel_for over the kept worker threads: every index runs exactly once, the error
// of the lowest failing index wins whatever the scheduling, nested loops run inline, and
// many callers can share the pool at once.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pixelprep/cpu/parallel.hpp"

using namespace pixelprep;

namespace {
struct ThreadCount {
    int before;
    explicit ThreadCount(int n) : before(set_cpu_threads(n)) {}
    ~ThreadCount() { set_cpu_threads(before); }
};
}  // namespace

TEST_CASE("parallel_for runs every index once, on more than one thread", "[parallel]") {
    ThreadCount threads(4);
    for (int round = 0; round < 20; ++round) {  // the pool is reused between calls
        std::vector<std::atomic<int>> hits(1000);
        std::atomic<bool> nested_inline{true};
        const auto caller = std::this_thread::get_id();
        std::atomic<bool> other_thread{false};
        cpu::parallel_for(hits.size(), [&](std::size_t i) {
            hits[i].fetch_add(1);
            if (std::this_thread::get_id() != caller) other_thread = true;
            if (i % 100 == 0) {  // a nested loop stays on this thread
                const auto me = std::this_thread::get_id();
                cpu::parallel_for(8, [&](std::size_t) {
                    if (std::this_thread::get_id() != me) nested_inline = false;
                });
            }
            if (i < 64) std::this_thread::sleep_for(std::chrono::microseconds(200));  // leave work for helpers
        });
        for (const auto& h : hits) REQUIRE(h.load() == 1);
        CHECK(nested_inline.load());
        if (round == 19) CHECK(other_thread.load());
    }
}

TEST_CASE("parallel_for rethrows the error of the lowest failing index", "[parallel]") {
    ThreadCount threads(3);
    for (int round = 0; round < 10; ++round) {
        try {
            cpu::parallel_for(200, [](std::size_t i) {
                if (i == 17 || i == 150 || i == 199) throw std::runtime_error("index " + std::to_string(i));
            });
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            CHECK(std::string(e.what()) == "index 17");
        }
    }
}

TEST_CASE("many callers share the worker pool", "[parallel]") {
    ThreadCount threads(3);
    std::vector<std::thread> callers;
    std::vector<long long> sums(6, 0);
    for (int c = 0; c < 6; ++c)
        callers.emplace_back([&, c] {
            std::vector<long long> part(500, 0);
            cpu::parallel_for(part.size(), [&](std::size_t i) { part[i] = (long long)i * (c + 1); });
            for (long long v : part) sums[std::size_t(c)] += v;
        });
    for (auto& t : callers) t.join();
    for (int c = 0; c < 6; ++c) CHECK(sums[std::size_t(c)] == 124750LL * (c + 1));
}
