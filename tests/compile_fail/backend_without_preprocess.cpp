// Must NOT compile: a backend without preprocess() is rejected with a readable sentence.
#include <pixelprep/pixelprep.hpp>

struct HalfBackend {
    static constexpr std::string_view name = "half";
    static pixelprep::WorkingImage process_image(const pixelprep::InputImage& in, const pixelprep::ProcessImageOptions& o) {
        return pixelprep::CpuPolicy::process_image(in, o);
    }
};

int main() {
    pixelprep::ImageProcessor<pixelprep::ClipModel, HalfBackend> p;
    (void)p;
}
