// Must NOT compile (one test per image operation): a recipe uses an operation the backend
// does not provide. The test defines OPERATION_<name>; compilation must stop at
// pipeline/backend_ops.hpp's sentence for that operation, not inside the recipe.
// With -DWITH_DEFAULTS the backend derives from BackendDefaults and it must compile.
// Only the headers this needs (not pixelprep.hpp): nine of these compiles run in CI.
#ifdef WITH_DEFAULTS
#include <pixelprep/backend_defaults.hpp>
#endif
#include <pixelprep/core/process_image.hpp>
#include <pixelprep/models/defaults.hpp>
#include <pixelprep/models/generic_recipe.hpp>
#include <pixelprep/pipeline/backend_ops.hpp>
#include <pixelprep/pipeline/steps.hpp>
#include <pixelprep/processor/image_processor.hpp>

using namespace pixelprep;

#ifdef WITH_DEFAULTS
struct BareBackend : BackendDefaults<BareBackend> {
    static constexpr std::string_view name = "bare";
};
#else
struct BareBackend {  // the two required members only
    static constexpr std::string_view name = "bare";
    static WorkingImage process_image(const InputImage& in, const ProcessImageOptions& o) {
        return process_input_image(in, o);
    }
    static BatchFeature preprocess(std::vector<WorkingImage> images, const CommonOptions&) {
        return steps::pixel_values(std::move(images));
    }
};
#endif

struct OneStepModel {
    using options_type = PlainOptions;
    static constexpr std::string_view class_name = "OneStepImageProcessor";
    static options_type defaults() { return base_defaults<options_type>(); }
    template <class B> static BatchFeature run(std::vector<WorkingImage> images, const options_type&) {
        std::vector<WorkingImage> out;
        for (const WorkingImage& img : images) {
#if defined(OPERATION_resize) || defined(WITH_DEFAULTS)
            out.push_back(op::resize<B>(img, {2, 2}, Resample::bilinear));
#endif
#if defined(OPERATION_center_crop) || defined(WITH_DEFAULTS)
            out.push_back(op::center_crop<B>(img, 1, 1));
#endif
#if defined(OPERATION_rescale) || defined(WITH_DEFAULTS)
            out.push_back(op::rescale<B>(img, 0.5));
#endif
#if defined(OPERATION_normalize) || defined(WITH_DEFAULTS)
            const double mean[3] = {0, 0, 0}, sd[3] = {1, 1, 1};
            out.push_back(op::normalize<B>(img, mean, sd));
#endif
#if defined(OPERATION_pad) || defined(WITH_DEFAULTS)
            out.push_back(op::pad<B>(img, 8, 8));
#endif
#if defined(OPERATION_crop) || defined(WITH_DEFAULTS)
            out.push_back(op::crop<B>(img, 0, 0, 1, 1));
#endif
#if defined(OPERATION_pad_centered) || defined(WITH_DEFAULTS)
            out.push_back(op::pad_centered<B>(img, 8, 8));
#endif
#if defined(OPERATION_patchify) || defined(WITH_DEFAULTS)
            (void)op::patchify<B>(img, 1, 1, 1);
#endif
        }
        return steps::pixel_values(std::move(out));
    }
};

int main() {
    const ImageProcessor<OneStepModel, BareBackend> p;
    std::vector<std::uint8_t> pixels(4 * 4 * 3, 7);
    (void)p(ImageBatch{InputImage::view(ImageView::hwc(pixels.data(), 4, 4, 3))});
}
