// core/array.hpp: the large blocks an Array lets go are kept (up to the limit) and handed to
// the next array of the same size; small ones are malloc's; a limit of 0 turns it off.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "pixelprep/core/array.hpp"
#include "pixelprep/core/output_storage.hpp"

using namespace pixelprep;

namespace {
constexpr std::size_t mib = std::size_t(1) << 20;
}  // namespace

TEST_CASE("a released large array's memory goes to the next array of its size", "[array][pool]") {
    const OutputPoolLimitScope limit(64 * mib);
    set_output_pool_limit(0);  // start empty
    set_output_pool_limit(64 * mib);
    const float* first = nullptr;
    {
        Array<float> a = output_array<float>({4, 1024, 1024});  // 16 MiB
        a(3, 1023, 1023) = 7.0f;
        first = a.data();
        CHECK(output_pool_held_bytes() == 0);
    }
    CHECK(output_pool_held_bytes() == 16 * mib);
    {
        Array<float> other = output_array<float>({2, 1024, 1024});  // another size: not that block
        CHECK(other.data() != first);
        Array<float> b = output_array<float>({1024, 4096});  // same bytes, other shape: that block
        CHECK(b.data() == first);
        CHECK(output_pool_held_bytes() == 0);
    }
    CHECK(output_pool_held_bytes() == 24 * mib);
}

TEST_CASE("the pool holds at most its limit, oldest blocks evicted first, and 0 turns it off", "[array][pool]") {
    const OutputPoolLimitScope limit(0);
    set_output_pool_limit(20 * mib);
    { Array<std::uint8_t> a = output_array<std::uint8_t>({8 * mib}); }
    { Array<std::uint8_t> b = output_array<std::uint8_t>({10 * mib}); }
    CHECK(output_pool_held_bytes() == 18 * mib);
    { Array<std::uint8_t> c = output_array<std::uint8_t>({6 * mib}); }  // 8 MiB (oldest) evicted
    CHECK(output_pool_held_bytes() == 16 * mib);
    { Array<std::uint8_t> big = output_array<std::uint8_t>({32 * mib}); }  // over the limit: freed
    CHECK(output_pool_held_bytes() == 16 * mib);
    { Array<std::uint8_t> small = output_array<std::uint8_t>({mib}); }  // below 4 MiB: malloc's
    CHECK(output_pool_held_bytes() == 16 * mib);
    set_output_pool_limit(0);
    CHECK(output_pool_held_bytes() == 0);
    { Array<std::uint8_t> d = output_array<std::uint8_t>({8 * mib}); }
    CHECK(output_pool_held_bytes() == 0);
}

TEST_CASE("pooled memory carries no values into the next array that are not written", "[array][pool]") {
    // An Array is uninitialised either way; what must hold is that arrays built with values
    // (zeros, copies) get exactly those values from recycled memory.
    const OutputPoolLimitScope limit(64 * mib);
    { Array<float> a = output_array<float>({2 * mib}); std::fill(a.begin(), a.end(), 3.0f); }
    Array<float> z = xt::zeros<float>({2 * mib});
    CHECK(std::all_of(z.begin(), z.end(), [](float v) { return v == 0.0f; }));
}

TEST_CASE("PIXELPREP_OUTPUT_POOL_MIB sets the limit; a value that is not a whole number is warned about", "[array][pool]") {
    const char* saved = std::getenv("PIXELPREP_OUTPUT_POOL_MIB");
    const std::string restore = saved ? saved : "";
    std::vector<std::string> warnings;
    const Logger previous = set_logger([&](LogLevel, std::string_view m) { warnings.emplace_back(m); });
    ::setenv("PIXELPREP_OUTPUT_POOL_MIB", "12", 1);
    CHECK(detail::pool_limit_from_environment() == 12 * mib);
    ::setenv("PIXELPREP_OUTPUT_POOL_MIB", "0", 1);
    CHECK(detail::pool_limit_from_environment() == 0);
    CHECK(warnings.empty());
    for (const char* bad : {"12MiB", "-1", "", "lots"}) {
        ::setenv("PIXELPREP_OUTPUT_POOL_MIB", bad, 1);
        CHECK(detail::pool_limit_from_environment() == detail::default_pool_limit_bytes);
    }
    REQUIRE(warnings.size() == 4);
    CHECK(warnings[0] == "PIXELPREP_OUTPUT_POOL_MIB='12MiB' is not a whole number of MiB; the array pool keeps its "
                         "default limit of 128 MiB");
    ::unsetenv("PIXELPREP_OUTPUT_POOL_MIB");
    CHECK(detail::pool_limit_from_environment() == detail::default_pool_limit_bytes);
    if (saved) ::setenv("PIXELPREP_OUTPUT_POOL_MIB", restore.c_str(), 1);
    set_logger(previous);
}
