// A small, bounded, thread-safe cache of coefficient tables. A serving process resizes the
// same few (input size, output size, filter) combinations over and over; the tables cost
// a few sin/cos per tap to build, which is a visible part of a 224x224 resize.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <utility>

#include "pixelprep/core/resample.hpp"
#include "pixelprep/numerics/coefficient_table.hpp"

namespace pixelprep::cpu {

// At most `capacity` entries, oldest evicted first. Values are immutable and shared, so a
// table in use by one thread stays valid while another evicts it. Values are built outside
// the lock; two threads missing at once both build, and the first insert wins (same value).
template <class Key, class Value> class BoundedCache {
public:
    explicit BoundedCache(std::size_t capacity) : capacity_(capacity) {}

    template <class Make> std::shared_ptr<const Value> get(const Key& key, Make&& make) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (auto it = map_.find(key); it != map_.end()) return it->second;
        }
        std::shared_ptr<const Value> made = std::make_shared<const Value>(make());
        std::lock_guard<std::mutex> lock(mutex_);
        auto [it, inserted] = map_.emplace(key, made);
        if (inserted) {
            order_.push_back(key);
            if (order_.size() > capacity_) {
                map_.erase(order_.front());
                order_.pop_front();
            }
        }
        return it->second;
    }

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::map<Key, std::shared_ptr<const Value>> map_;
    std::deque<Key> order_;
};

// Tables above this many weights stay out of the shared caches: they are kept at most for the
// call that built them (shared_or_per_call below), which bounds the shared caches' memory to
// about 64 entries x 1 MiB.
inline constexpr std::size_t max_cached_weights = std::size_t(1) << 18;

// One table from `shared` when it is small enough to be kept there; a larger one from
// `per_call`, a cache that lives for one call, or, without one, built for this use alone.
// Why a per-call cache: a plan runs band by band, and each band asks for the same tables; a
// large one built anew per band cost 11 s of a 15 s TextNet call (1000 -> 213344 rows, 3137
// bands of a 5 ms table).
template <class Key, class Value, class Make>
std::shared_ptr<const Value> shared_or_per_call(BoundedCache<Key, Value>& shared, BoundedCache<Key, Value>* per_call,
                                                bool fits_shared, const Key& key, Make&& make) {
    if (fits_shared) return shared.get(key, make);
    if (per_call != nullptr) return per_call->get(key, make);
    return std::make_shared<const Value>(make());
}

using AxisKey = std::tuple<int, int, int>;  // filter, in_size, out_size

// The whole-axis table for (filter, in_size, out_size), shared between calls and threads.
inline std::shared_ptr<const numerics::AxisCoefficients> cached_axis_coefficients(
    Resample filter, int in_size, int out_size, BoundedCache<AxisKey, numerics::AxisCoefficients>* per_call = nullptr) {
    static BoundedCache<AxisKey, numerics::AxisCoefficients> cache(64);
    auto make = [&] { return numerics::make_axis_coefficients(filter, in_size, out_size); };
    // Size estimate before building: ksize is about 2 * support * max(scale, 1) + 1.
    const double scale = double(in_size) / out_size;
    const double taps = 2.0 * 3.0 * (scale > 1.0 ? scale : 1.0) + 1.0;
    return shared_or_per_call(cache, per_call, taps * out_size <= double(max_cached_weights),
                              AxisKey(int(filter), in_size, out_size), make);
}

}  // namespace pixelprep::cpu
