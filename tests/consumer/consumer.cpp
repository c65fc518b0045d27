// A consumer program: includes only <pixelprep/pixelprep.hpp>, loads a model folder, and
// runs both the compile-time ImageProcessor<ClipModel, CpuPolicy> and the run-time
// AnyProcessor; their outputs must be identical.
#include <cstdio>
#include <random>
#include <vector>

#include <pixelprep/pixelprep.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: consumer MODEL_FOLDER\n");
        return 2;
    }
    using namespace pixelprep;
    std::vector<std::uint8_t> pixels(300 * 400 * 3);
    std::mt19937 rng(1);
    for (auto& v : pixels) v = std::uint8_t(rng() & 0xff);
    const InputImage image = InputImage::array(pixels.data(), {300, 400, 3});

    const auto typed = ImageProcessor<ClipModel, CpuPolicy>::from_pretrained(argv[1]);
    const AnyProcessor erased = AutoImageProcessor::from_pretrained(argv[1]);
    const auto a = typed(image).stacked_as<float>("pixel_values");
    const auto b = erased(image).stacked_as<float>("pixel_values");
    const bool same = a == b;
    std::printf("consumer: %s on %s, pixel_values %zux%zux%zux%zu, ImageProcessor and AnyProcessor %s\n",
                std::string(erased.class_name()).c_str(), std::string(erased.backend_name()).c_str(), a.shape()[0],
                a.shape()[1], a.shape()[2], a.shape()[3], same ? "identical" : "DIFFER");
    return same ? 0 : 1;
}
