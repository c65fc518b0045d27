// Writes JPEG variants Pillow cannot save, for the decode-parity test: CMYK with and without
// the Adobe marker, YCCK, RGB-coded (no YCbCr transform), 4:4:0 and 4:1:1 subsampling,
// restart intervals, arithmetic coding. Pillow still provides the expected decode; this
// only makes the inputs. Usage: write_test_jpegs OUTPUT_DIR (prints one file name a line).
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <jpeglib.h>

namespace {

struct Variant {
    const char* name;
    int width, height, components;
    J_COLOR_SPACE in_space, jpeg_space;
    int h0, v0;  // sampling of the first component (others 1x1)
    bool adobe_marker, progressive, arithmetic;
    int restart_rows;
};

// Smooth gradients with a little deterministic noise: exercises upsampling and the IDCT.
std::vector<std::uint8_t> pixels(int w, int h, int c, unsigned seed) {
    std::vector<std::uint8_t> out(std::size_t(w) * std::size_t(h) * std::size_t(c));
    unsigned state = seed;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < c; ++k) {
                state = state * 1103515245u + 12345u;
                const int base = (x * 255 / (w > 1 ? w - 1 : 1) * (k + 1) + y * 255 / (h > 1 ? h - 1 : 1) * (3 - k % 3)) / 3;
                const int v = base + int((state >> 16) % 41) - 20;
                out[(std::size_t(y) * w + x) * c + k] = std::uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
            }
    return out;
}

bool write(const std::string& path, const Variant& v, unsigned seed) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    jpeg_compress_struct cinfo;
    jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);  // default error_exit: fine for a test tool
    jpeg_create_compress(&cinfo);
    jpeg_stdio_dest(&cinfo, f);
    cinfo.image_width = JDIMENSION(v.width);
    cinfo.image_height = JDIMENSION(v.height);
    cinfo.input_components = v.components;
    cinfo.in_color_space = v.in_space;
    jpeg_set_defaults(&cinfo);
    jpeg_set_colorspace(&cinfo, v.jpeg_space);
    jpeg_set_quality(&cinfo, 85, TRUE);
    cinfo.write_Adobe_marker = v.adobe_marker ? TRUE : FALSE;
    cinfo.arith_code = v.arithmetic ? TRUE : FALSE;
    cinfo.restart_in_rows = v.restart_rows;
    cinfo.comp_info[0].h_samp_factor = v.h0;
    cinfo.comp_info[0].v_samp_factor = v.v0;
    for (int i = 1; i < cinfo.num_components; ++i) cinfo.comp_info[i].h_samp_factor = cinfo.comp_info[i].v_samp_factor = 1;
    if (v.progressive) jpeg_simple_progression(&cinfo);
    jpeg_start_compress(&cinfo, TRUE);
    const auto data = pixels(v.width, v.height, v.components, seed);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(data.data() + std::size_t(cinfo.next_scanline) * v.width * v.components);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: write_test_jpegs OUTPUT_DIR\n";
        return 2;
    }
    const Variant variants[] = {
        {"cmyk_adobe", 37, 23, 4, JCS_CMYK, JCS_CMYK, 1, 1, true, false, false, 0},
        {"cmyk_no_adobe", 37, 23, 4, JCS_CMYK, JCS_CMYK, 1, 1, false, false, false, 0},
        {"cmyk_progressive", 40, 31, 4, JCS_CMYK, JCS_CMYK, 1, 1, true, true, false, 0},
        {"ycck", 37, 23, 4, JCS_CMYK, JCS_YCCK, 2, 2, true, false, false, 0},
        {"ycck_422", 33, 20, 4, JCS_CMYK, JCS_YCCK, 2, 1, true, false, false, 0},
        {"rgb_coded", 37, 23, 3, JCS_RGB, JCS_RGB, 1, 1, true, false, false, 0},
        {"ycc_440", 37, 23, 3, JCS_RGB, JCS_YCbCr, 1, 2, false, false, false, 0},
        {"ycc_411", 45, 21, 3, JCS_RGB, JCS_YCbCr, 4, 1, false, false, false, 0},
        {"ycc_420_restart", 50, 41, 3, JCS_RGB, JCS_YCbCr, 2, 2, false, false, false, 1},
        {"ycc_420_arith", 37, 23, 3, JCS_RGB, JCS_YCbCr, 2, 2, false, false, true, 0},
        {"ycc_420_arith_progressive", 37, 23, 3, JCS_RGB, JCS_YCbCr, 2, 2, false, true, true, 0},
        {"gray_restart", 29, 30, 1, JCS_GRAYSCALE, JCS_GRAYSCALE, 1, 1, false, false, false, 2},
    };
    unsigned seed = 7;
    for (const auto& v : variants) {
        const std::string path = std::string(argv[1]) + "/" + v.name + ".jpg";
        if (!write(path, v, seed++)) {
            std::cerr << "cannot write " << path << "\n";
            return 1;
        }
        std::cout << v.name << ".jpg\n";
    }
    return 0;
}
