#include <catch2/catch.hpp>

#include "pixelprep/core/resample.hpp"

using pixelprep::Resample;

TEST_CASE("Resample uses Pillow's integer codes", "[resample]") {
    CHECK(int(Resample::nearest) == 0);
    CHECK(int(Resample::lanczos) == 1);
    CHECK(int(Resample::bilinear) == 2);
    CHECK(int(Resample::bicubic) == 3);
    CHECK(int(Resample::box) == 4);
    CHECK(int(Resample::hamming) == 5);
}

TEST_CASE("Resample codes and names round-trip; unknown ones are rejected", "[resample]") {
    for (Resample r : pixelprep::all_resample_filters) {
        CHECK(pixelprep::resample_from_code(int(r)) == r);
        CHECK(pixelprep::resample_from_name(pixelprep::resample_name(r)) == r);
    }
    CHECK(pixelprep::resample_from_name("bicubic") == Resample::bicubic);
    CHECK(pixelprep::resample_from_name("ANTIALIAS") == Resample::lanczos);
    CHECK_FALSE(pixelprep::resample_from_code(6).has_value());  // Pillow 13's MKS2013 is not a transformers filter
    CHECK_FALSE(pixelprep::resample_from_code(-1).has_value());
    CHECK_FALSE(pixelprep::resample_from_name("bicubicc").has_value());
}
