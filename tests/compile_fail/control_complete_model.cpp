// Must compile: the control case, so that the failures above fail for the right reason.
#include <pixelprep/pixelprep.hpp>

struct CompleteModel : pixelprep::GenericRecipe {
    using options_type = pixelprep::PlainOptions;
    static constexpr std::string_view class_name = "CompleteImageProcessor";
    static options_type defaults() { return pixelprep::base_defaults<options_type>(); }
};

int main() {
    pixelprep::ImageProcessor<CompleteModel, pixelprep::CpuPolicy> p;
    (void)p;
}
