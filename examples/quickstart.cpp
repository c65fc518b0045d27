// The README's C++ example: resize, center-crop, rescale and normalize one image the way
// CLIPImageProcessor's PIL backend does, with pixelprep's CpuPolicy operations.
#include <array>
#include <cstdint>
#include <iostream>
#include <vector>

#include <pixelprep/pixelprep.hpp>

int main() {
    using namespace pixelprep;
    // A 480x640 RGB test pattern (a real program would decode a file).
    const int h = 480, w = 640;
    std::vector<std::uint8_t> pixels(std::size_t(h) * w * 3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) pixels[(std::size_t(y) * w + x) * 3 + c] = std::uint8_t((x * 3 + y * 5 + c * 70) & 0xff);

    const ImageView input = ImageView::hwc(pixels.data(), h, w, 3);
    WorkingImage img = to_layout(materialize<std::uint8_t>(input, Layout::hwc), Layout::chw);

    const auto size = geometry::resize_output_size(h, w, SizeSpec::shortest(224));  // 224x298
    img = CpuPolicy::resize(img, size, Resample::bicubic);
    img = CpuPolicy::center_crop(img, 224, 224);
    img = CpuPolicy::rescale(img, 1.0 / 255.0);
    const std::array<double, 3> mean{0.48145466, 0.4578275, 0.40821073};
    const std::array<double, 3> std_dev{0.26862954, 0.26130258, 0.27577711};
    const ImageF32 out = CpuPolicy::normalize(img, mean, std_dev);

    double lo = out.data()[0], hi = lo, sum = 0;
    for (float v : out) {
        lo = std::min(lo, double(v));
        hi = std::max(hi, double(v));
        sum += v;
    }
    std::cout << "pixel_values: shape (" << out.channels() << ", " << out.height() << ", " << out.width()
              << ") float32, min " << lo << ", max " << hi << ", mean " << sum / double(out.size()) << "\n";
}
