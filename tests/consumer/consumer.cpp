// A consumer program: includes only <pixelprep/pixelprep.hpp>, loads a model folder, and
// runs both the compile-time ImageProcessor<ClipModel, CpuPolicy> and the run-time
// AnyProcessor; their outputs must be identical. Built with PIXELPREP_CONSUMER_IO (the CMake
// consumer, linked with pixelprep::io) it also decodes IMAGE and checks it the same way.
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <pixelprep/pixelprep.hpp>
#ifdef PIXELPREP_CONSUMER_IO
#include <pixelprep/io/decode.hpp>
#endif

namespace {

using namespace pixelprep;

// Runs both processors on one image and prints one line; true when they agree.
bool typed_and_erased_agree(const ImageProcessor<ClipModel, CpuPolicy>& typed, const AnyProcessor& erased,
                            const InputImage& image, const char* what) {
    const auto a = typed(image).stacked_as<float>("pixel_values");
    const auto b = erased(image).stacked_as<float>("pixel_values");
    const bool same = a == b;
    std::printf("consumer: %s on %s, %s: pixel_values %zux%zux%zux%zu, ImageProcessor and AnyProcessor %s\n",
                std::string(erased.class_name()).c_str(), std::string(erased.backend_name()).c_str(), what,
                a.shape()[0], a.shape()[1], a.shape()[2], a.shape()[3], same ? "identical" : "DIFFER");
    return same;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef PIXELPREP_CONSUMER_IO
    if (argc != 3) {
        std::fprintf(stderr, "usage: consumer MODEL_FOLDER IMAGE\n");
        return 2;
    }
#else
    if (argc != 2) {
        std::fprintf(stderr, "usage: consumer MODEL_FOLDER\n");
        return 2;
    }
#endif
    std::vector<std::uint8_t> pixels(300 * 400 * 3);
    std::mt19937 rng(1);
    for (auto& v : pixels) v = std::uint8_t(rng() & 0xff);

    const auto typed = ImageProcessor<ClipModel, CpuPolicy>::from_pretrained(argv[1]);
    const AnyProcessor erased = AutoImageProcessor::from_pretrained(argv[1]);
    bool ok = typed_and_erased_agree(typed, erased, InputImage::array(pixels.data(), {300, 400, 3}), "random 300x400");
#ifdef PIXELPREP_CONSUMER_IO
    ok = typed_and_erased_agree(typed, erased, InputImage::decoded(io::decode_image_file(argv[2])), argv[2]) && ok;
#endif
    return ok ? 0 : 1;
}
