// Must NOT compile: a model that declares no option struct is rejected with a readable sentence.
#include <pixelprep/pixelprep.hpp>

struct NoOptionsModel : pixelprep::GenericRecipe {
    static constexpr std::string_view class_name = "NoOptionsImageProcessor";
};

int main() {
    pixelprep::ImageProcessor<NoOptionsModel, pixelprep::CpuPolicy> p;
    (void)p;
}
