// Must NOT compile: a backend without process_image() is rejected with a readable sentence.
#include <pixelprep/pixelprep.hpp>

struct HalfBackend {
    static constexpr std::string_view name = "half";
    static pixelprep::BatchFeature preprocess(std::vector<pixelprep::WorkingImage> images, const pixelprep::CommonOptions& o) {
        return pixelprep::CpuPolicy::preprocess(std::move(images), o);
    }
};

int main() {
    pixelprep::ImageProcessor<pixelprep::ClipModel, HalfBackend> p;
    (void)p;
}
