#include <catch2/catch.hpp>

#include "pixelprep/geometry/output_size.hpp"

using namespace pixelprep;
using geometry::HeightWidth;
using geometry::resize_output_size;

TEST_CASE("shortest_edge keeps the aspect ratio with int() truncation", "[size]") {
    CHECK(resize_output_size(480, 640, SizeSpec::shortest(224)) == HeightWidth{224, 298});  // 298.67
    CHECK(resize_output_size(640, 480, SizeSpec::shortest(224)) == HeightWidth{298, 224});
    CHECK(resize_output_size(300, 300, SizeSpec::shortest(224)) == HeightWidth{224, 224});
    CHECK(resize_output_size(1, 1000, SizeSpec::shortest(2)) == HeightWidth{2, 2000});
}

TEST_CASE("shortest+longest uses Python's round (half to even) and the unrounded raw size", "[size]") {
    CHECK(resize_output_size(480, 640, SizeSpec::shortest_longest(800, 1333)) == HeightWidth{800, 1066});
    CHECK(resize_output_size(100, 400, SizeSpec::shortest_longest(50, 100)) == HeightWidth{25, 100});
    // raw = 5 * 1 / 2 = 2.5 -> round() = 2 (half to even), long side int(2.5 * 2 / 1) = 5
    CHECK(resize_output_size(1, 2, SizeSpec::shortest_longest(4, 5)) == HeightWidth{2, 5});
    // raw = 3.5 -> 4
    CHECK(resize_output_size(1, 2, SizeSpec::shortest_longest(4, 7)) == HeightWidth{4, 7});
    // short side already at the target: unchanged
    CHECK(resize_output_size(800, 1000, SizeSpec::shortest_longest(800, 1333)) == HeightWidth{800, 1000});
    // portrait
    CHECK(resize_output_size(400, 100, SizeSpec::shortest_longest(50, 100)) == HeightWidth{100, 25});
}

TEST_CASE("max_height/max_width fits inside and upscales small images", "[size]") {
    CHECK(resize_output_size(100, 200, SizeSpec::max_hw(50, 50)) == HeightWidth{25, 50});
    CHECK(resize_output_size(100, 200, SizeSpec::max_hw(200, 500)) == HeightWidth{200, 400});
}

TEST_CASE("height/width is exact", "[size]") {
    CHECK(resize_output_size(17, 3, SizeSpec::exact(224, 336)) == HeightWidth{224, 336});
}

TEST_CASE("the size forms' key sets are checked exactly", "[size][errors]") {
    CHECK(SizeSpec::exact(1, 2).form() == SizeSpec::Form::height_width);
    CHECK(SizeSpec::shortest(1).form() == SizeSpec::Form::shortest_edge);
    CHECK(SizeSpec::shortest_longest(1, 2).form() == SizeSpec::Form::shortest_longest);
    CHECK(SizeSpec::longest(1).form() == SizeSpec::Form::longest_edge);
    CHECK(SizeSpec::max_hw(1, 2).form() == SizeSpec::Form::max_height_width);
    CHECK(SizeSpec::pixels(1, 2).form() == SizeSpec::Form::min_max_pixels);
    SizeSpec only_height;
    only_height.height = 3;
    CHECK_THROWS_WITH(only_height.form("crop_size"), Catch::Contains("crop_size must have one of") &&
                                                         Catch::Contains("got {'height'}"));
    SizeSpec mixed = SizeSpec::exact(1, 2);
    mixed.shortest_edge = 5;
    CHECK_THROWS_AS(mixed.form(), InvalidArgument);
    CHECK(SizeSpec::from_int(7, true) == SizeSpec::exact(7, 7));
    CHECK(SizeSpec::from_int(7, false) == SizeSpec::shortest(7));
}

TEST_CASE("the generic resize refuses forms that only model overrides understand", "[size][errors]") {
    CHECK_THROWS_WITH(resize_output_size(10, 10, SizeSpec::longest(5)),
                      Catch::Contains("Size must contain 'height' and 'width' keys") &&
                          Catch::Contains("{'longest_edge': 5}"));
    CHECK_THROWS_AS(resize_output_size(10, 10, SizeSpec::pixels(1, 100)), InvalidArgument);
    // 0 counts as absent, as Python truthiness makes it
    CHECK_THROWS_AS(resize_output_size(10, 10, SizeSpec::exact(0, 0)), InvalidArgument);
    // a result below 1 pixel is refused (Pillow would raise)
    CHECK_THROWS_WITH(resize_output_size(1000, 1, SizeSpec::max_hw(10, 10)), Catch::Contains("10x0"));
    CHECK_THROWS_AS(resize_output_size(0, 5, SizeSpec::exact(1, 1)), InvalidArgument);
}

TEST_CASE("Python floor division and round match Python", "[size]") {
    CHECK(geometry::floor_div(-3, 2) == -2);
    CHECK(geometry::floor_div(3, 2) == 1);
    CHECK(geometry::floor_div(-4, 2) == -2);
    CHECK(geometry::python_round(2.5) == 2.0);
    CHECK(geometry::python_round(3.5) == 4.0);
    CHECK(geometry::python_round(-0.5) == -0.0);
}
