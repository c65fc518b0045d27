// Must NOT compile: a model without a recipe (run<Backend>) is rejected with a readable sentence.
#include <pixelprep/pixelprep.hpp>

struct NoRecipeModel {
    using options_type = pixelprep::PlainOptions;
    static constexpr std::string_view class_name = "NoRecipeImageProcessor";
    static options_type defaults() { return {}; }
};

int main() {
    pixelprep::ImageProcessor<NoRecipeModel, pixelprep::CpuPolicy> p;
    (void)p;
}
