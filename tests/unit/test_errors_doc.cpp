// Every entry of docs/errors.md, triggered: one TEST_CASE per `### group: name` heading, with
// exactly that name, checking the exception class and a fragment of the documented message.
// tests/docs/check_errors_doc.py (meson test 'docs-errors') keeps the two lists equal.
//
// The `cli:` cases are hidden ([.cli]): meson's 'errors-doc-cli' test runs them with
// PIXELPREP_CLI set to the built command (`unit_tests "[cli]"`).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <pixelprep/io/decode.hpp>
#include <pixelprep/io/decode_keep_mode.hpp>
#include <pixelprep/pixelprep.hpp>

#include "../io/test_files.hpp"

using namespace pixelprep;
using pixelprep_test::Bytes;
namespace fs = std::filesystem;

namespace {

// Runs f; passes when it throws E (a pixelprep::Error) whose message contains `fragment`.
template <class E, class F> void expect_error(F&& f, const std::string& fragment) {
    static_assert(std::is_base_of_v<Error, E>, "every documented error is a pixelprep::Error");
    try {
        f();
    } catch (const E& e) {
        INFO("message: " << e.what());
        CHECK(std::string(e.what()).find(fragment) != std::string::npos);
        return;
    } catch (const std::exception& e) {
        FAIL("threw another exception type: " << e.what());
    }
    FAIL("did not throw; expected: " << fragment);
}

// Restores the process-wide pixel limit at scope exit.
struct PixelLimitGuard {
    std::uint64_t previous = max_image_pixels();
    ~PixelLimitGuard() { set_max_image_pixels(previous); }
};

ImageBatch rgb(int h, int w) {
    ImageU8 img(h, w, 3);
    for (std::size_t i = 0; i < img.size(); ++i) img.data()[i] = std::uint8_t(i * 7);
    return ImageBatch(InputImage::decoded(std::move(img)));
}

template <class Model> ImageProcessor<Model, CpuPolicy> make(const std::string& json = "{}") {
    return ImageProcessor<Model, CpuPolicy>::from_config(parse_json(json, "test.json"), "test.json");
}

Bytes png_bytes(std::uint32_t w, std::uint32_t h, const std::vector<std::pair<const char*, Bytes>>& extra = {}) {
    using namespace pixelprep_test;
    if (std::uint64_t(w) * h <= 64) return make_png(int(w), int(h), 8, 2, test_pixels(int(w), int(h), 3), extra);
    // Header only (plus a token IDAT): the size checks run before any row is read.
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    add_png_chunk(png, "IHDR", png_ihdr(w, h, 8, 2));
    add_png_chunk(png, "IDAT", {0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    add_png_chunk(png, "IEND", {});
    return png;
}

io::DecodeOptions unlimited() {
    io::DecodeOptions o;
    o.max_pixels = std::numeric_limits<std::uint64_t>::max();
    return o;
}

std::string write_file(const pixelprep_test::ScratchDir& dir, const std::string& name, const std::string& text) {
    return dir.write(name, Bytes(text.begin(), text.end()));
}

}  // namespace

// ---------------------------------------------------------------------------- decoding

TEST_CASE("decode: file cannot be read", "[errors-doc]") {
    pixelprep_test::ScratchDir dir;
    expect_error<FileReadError>([&] { io::decode_image_file(dir.path("missing.png")); }, "cannot read file");
    fs::create_directories(dir.path("folder.png"));
    expect_error<FileReadError>([&] { io::decode_image_file(dir.path("folder.png")); }, "is a directory");
}

TEST_CASE("decode: empty file", "[errors-doc]") {
    expect_error<UnsupportedFormat>([] { io::decode_image_bytes({}, "empty.png"); }, "empty.png: file is empty (0 bytes)");
}

TEST_CASE("decode: unsupported format", "[errors-doc]") {
    const Bytes jp2 = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n'};
    expect_error<UnsupportedFormat>([&] { io::decode_image_bytes(jp2, "a.jp2"); },
                                    "unsupported image format: JPEG 2000 (supported: JPEG, PNG, WebP, GIF, BMP, TIFF, AVIF)");
    const Bytes text = {'h', 'e', 'l', 'l', 'o'};
    expect_error<UnsupportedFormat>([&] { io::decode_image_bytes(text, "a.txt"); },
                                    "not a JPEG, PNG, WebP, GIF, BMP, TIFF or AVIF image");
    // The mode-keeping decode (pixelprep resize) reads a GIF only to RGB, and says so.
    const Bytes gif = pixelprep_test::make_gif(4, 4, Bytes(16, 1), Bytes(12, 7));
    expect_error<UnsupportedFormat>([&] { io::decode_image_bytes_keep_mode(gif, "a.gif"); },
                                    "a.gif: decoding in the file's own Pillow mode (as pixelprep resize does) is "
                                    "supported for JPEG, PNG and WebP only; this file decodes only to RGB");
}

TEST_CASE("decode: truncated file", "[errors-doc]") {
    const Bytes jpeg = pixelprep_test::make_jpeg(32, 32, 3);
    expect_error<CorruptImage>([&] { io::decode_image_bytes(std::span(jpeg.data(), jpeg.size() / 2), "cut.jpg"); },
                               "truncated");
    const Bytes png = pixelprep_test::make_png(4, 4, 8, 2, pixelprep_test::test_pixels(4, 4, 3));
    expect_error<CorruptImage>([&] { io::decode_image_bytes(std::span(png.data(), 20), "cut.png"); }, "truncated");
    const Bytes bmp = pixelprep_test::make_bmp24(4, 4, pixelprep_test::test_pixels(4, 4, 3));
    expect_error<CorruptImage>([&] { io::decode_image_bytes(std::span(bmp.data(), 60), "cut.bmp"); },
                               "truncated BMP data (image file is truncated)");
    const Bytes gif = pixelprep_test::make_gif(4, 4, Bytes(16, 1), Bytes(12, 7));
    expect_error<CorruptImage>([&] { io::decode_image_bytes(std::span(gif.data(), gif.size() - 6), "cut.gif"); },
                               "truncated GIF data (image file is truncated)");
    const Bytes tiff = pixelprep_test::make_tiff(4, 4, 3, 2, pixelprep_test::test_pixels(4, 4, 3));
    expect_error<CorruptImage>([&] { io::decode_image_bytes(std::span(tiff.data(), 30), "cut.tif"); },
                               "corrupt or truncated TIFF");
}

TEST_CASE("decode: corrupt data", "[errors-doc]") {
    Bytes png = pixelprep_test::make_png(4, 4, 8, 2, pixelprep_test::test_pixels(4, 4, 3));
    png[29] ^= 0xFF;  // IHDR's CRC
    expect_error<CorruptImage>([&] { io::decode_image_bytes(png, "crc.png"); }, "bad checksum in IHDR chunk");
    const Bytes gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, ';'};
    expect_error<CorruptImage>([&] { io::decode_image_bytes(gif, "empty.gif"); }, "corrupt GIF (no image in the file)");
}

TEST_CASE("decode: unsupported TIFF, BMP or GIF variant", "[errors-doc]") {
    const Bytes tiff = pixelprep_test::make_tiff(4, 4, 3, 2, pixelprep_test::test_pixels(4, 4, 3), {{339, 3}});
    expect_error<UnsupportedFormat>([&] { io::decode_image_bytes(tiff, "float.tif"); },
                                    "unsupported TIFF variant: photometric 2, 3 samples of 8 bits (0 extra), sample format 3");
    Bytes bmp = pixelprep_test::make_bmp24(4, 4, pixelprep_test::test_pixels(4, 4, 3));
    bmp[28] = 2;  // bits per pixel
    expect_error<CorruptImage>([&] { io::decode_image_bytes(bmp, "two.bmp"); },
                               "unsupported BMP: 2 bits per pixel (Pillow refuses it too)");
}

TEST_CASE("decode: unsupported JPEG variant", "[errors-doc]") {
    Bytes jpeg = pixelprep_test::make_jpeg(8, 8, 3);
    for (std::size_t i = 2; i + 4 < jpeg.size(); ++i)
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {  // SOF0: length (2 bytes), then the sample precision
            jpeg[i + 4] = 12;
            break;
        }
    expect_error<CorruptImage>([&] { io::decode_image_bytes(jpeg, "deep.jpg"); }, "unsupported JPEG: 12-bit samples");
}

TEST_CASE("decode: zero-sized image", "[errors-doc]") {
    // RIFF/WEBP with a lossy VP8 frame header of width 0, height 5.
    Bytes webp = {'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 10, 0, 0, 0,
                  0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0, 0, 5, 0};
    expect_error<CorruptImage>([&] { io::decode_image_bytes(webp, "zero.webp"); }, "declares a zero-sized image (0x5)");
}

TEST_CASE("decode: image over max_pixels", "[errors-doc]") {
    expect_error<ImageTooLarge>([] { io::decode_image_bytes(png_bytes(100000, 100000), "bomb.png"); },
                                "exceeds the limit of 178956970 pixels (DecodeOptions::max_pixels");
    io::DecodeOptions small;
    small.max_pixels = 10;
    expect_error<ImageTooLarge>([&] { io::decode_image_bytes(png_bytes(4, 4), "small.png", small); },
                                "image size 4x4 (16 pixels) exceeds the limit of 10 pixels");
}

TEST_CASE("decode: image over the process-wide pixel limit", "[errors-doc]") {
    expect_error<ImageTooLarge>([] { io::decode_image_bytes(png_bytes(20000, 20000), "big.png", unlimited()); },
                                "exceeds pixelprep's limit of 178956970 pixels per image (pixelprep::set_max_image_pixels)");
    PixelLimitGuard guard;
    set_max_image_pixels(15);
    expect_error<ImageTooLarge>([] { io::decode_image_bytes(png_bytes(4, 4), "small.png"); }, "pixelprep's limit of 15");
}

TEST_CASE("decode: image side too long", "[errors-doc]") {
    expect_error<ImageTooLarge>([] { io::decode_image_bytes(png_bytes(1u << 25, 1), "strip.png", unlimited()); },
                                "has a side longer than 16777216 pixels");
}

TEST_CASE("decode: invalid EXIF", "[errors-doc]") {
    const Bytes not_tiff = {'X', 'X', 0x2A, 0, 8, 0, 0, 0};
    const Bytes png = pixelprep_test::make_png(4, 2, 8, 0, pixelprep_test::test_pixels(4, 2, 1), {{"eXIf", not_tiff}});
    expect_error<CorruptImage>([&] { io::decode_image_bytes(png, "exif.png"); }, "invalid EXIF data (not a TIFF header)");
    io::DecodeOptions off;  // the documented remedy
    off.apply_exif_orientation = false;
    CHECK(io::decode_image_bytes(png, "exif.png", off).width() == 4);
}

TEST_CASE("decode: PNG metadata over Pillow's limits", "[errors-doc]") {
    const std::vector<std::uint8_t> zeros(std::size_t(2) << 20, 0);
    uLongf size = compressBound(uLong(zeros.size()));
    Bytes z(size);
    REQUIRE(compress(z.data(), &size, zeros.data(), uLong(zeros.size())) == Z_OK);
    z.resize(size);
    Bytes ztxt = {'C', 'o', 'm', 'm', 'e', 'n', 't', 0, 0};  // keyword, NUL, method 0
    ztxt.insert(ztxt.end(), z.begin(), z.end());
    const Bytes png = pixelprep_test::make_png(4, 2, 8, 0, pixelprep_test::test_pixels(4, 2, 1), {{"zTXt", ztxt}});
    expect_error<CorruptImage>([&] { io::decode_image_bytes(png, "text.png"); }, "zTXt chunk inflates past Pillow's 1 MiB limit");
}

// ---------------------------------------------------------------------------- config loading

TEST_CASE("config: path not found", "[errors-doc]") {
    expect_error<ConfigError>([] { AutoImageProcessor::from_pretrained("/nonexistent/model"); }, "no such file or folder");
    // A path the OS refuses to examine (too long) is reported the same way, not as a
    // std::filesystem_error.
    expect_error<ConfigError>([] { AutoImageProcessor::from_pretrained(std::string(5000, 'a')); }, "no such file or folder");
}

TEST_CASE("config: folder without a config file", "[errors-doc]") {
    pixelprep_test::ScratchDir dir;
    expect_error<ConfigError>([&] { AutoImageProcessor::from_pretrained(dir.path("")); },
                              "no processor_config.json (with \"image_processor\"), preprocessor_config.json or config.json");
}

TEST_CASE("config: file cannot be opened", "[errors-doc]") {
    expect_error<ConfigError>([] { read_json_file("/nonexistent/preprocessor_config.json"); }, "cannot open the file");
}

TEST_CASE("config: file larger than 16 MiB", "[errors-doc]") {
    pixelprep_test::ScratchDir dir;
    const std::string path = write_file(dir, "huge.json", std::string((std::size_t(16) << 20) + 1, ' '));
    expect_error<ConfigError>([&] { read_json_file(path); }, "config file larger than 16 MiB");
}

TEST_CASE("config: malformed JSON", "[errors-doc]") {
    expect_error<ConfigError>([] { parse_json("{\"size\": ", "bad.json"); }, "bad.json: malformed JSON (");
}

TEST_CASE("config: JSON nested too deeply", "[errors-doc]") {
    expect_error<ConfigError>([] { parse_json(std::string(100, '[') + std::string(100, ']'), "deep.json"); },
                              "JSON nesting deeper than 64");
}

TEST_CASE("config: integer too large", "[errors-doc]") {
    expect_error<ConfigError>([] { parse_json("{\"size\": 18446744073709551615}", "big.json"); },
                              "integer 18446744073709551615 is too large");
}

TEST_CASE("config: not a JSON object", "[errors-doc]") {
    pixelprep_test::ScratchDir dir;
    const std::string path = write_file(dir, "list.json", "[1, 2]");
    expect_error<ConfigError>([&] { AutoImageProcessor::from_pretrained(path); },
                              "the image processor config must be a JSON object, got list");
    expect_error<ConfigError>([] { make<ClipModel>("[1, 2]"); }, "the config must be a JSON object, got list");
}

TEST_CASE("config: processor class cannot be resolved", "[errors-doc]") {
    pixelprep_test::ScratchDir dir;
    expect_error<ConfigError>([&] { AutoImageProcessor::from_pretrained(write_file(dir, "a.json", "{\"size\": 3}")); },
                              "cannot tell which image processor to use");
    expect_error<ConfigError>(
        [&] { AutoImageProcessor::from_pretrained(write_file(dir, "b.json", "{\"image_processor_type\": \"FooImageProcessor\"}")); },
        "image processor class 'FooImageProcessor' is not supported; supported classes: ");
    fs::create_directories(dir.path("model"));
    write_file(dir, "model/config.json", "{\"model_type\": \"foo\"}");
    expect_error<ConfigError>([&] { AutoImageProcessor::from_pretrained(dir.path("model")); },
                              "model_type 'foo' has no image processor in pixelprep");
}

TEST_CASE("config: remote code", "[errors-doc]") {
    pixelprep_test::ScratchDir dir;
    const std::string path = write_file(dir, "remote.json", "{\"auto_map\": {\"AutoImageProcessor\": \"m.FancyImageProcessor\"}}");
    expect_error<ConfigError>([&] { AutoImageProcessor::from_pretrained(path); },
                              "auto_map names remote code (FancyImageProcessor); pixelprep cannot run Python code");
}

TEST_CASE("config: wrong value type", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>("{\"do_resize\": \"yes\"}"); },
                              "test.json: key 'do_resize': expected bool, got \"yes\" (str)");
    pixelprep_test::ScratchDir dir;
    expect_error<ConfigError>(
        [&] { AutoImageProcessor::from_pretrained(write_file(dir, "t.json", "{\"image_processor_type\": 5}")); },
        "key 'image_processor_type': expected str, got 5 (int)");
}

TEST_CASE("config: size out of range", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>("{\"size\": -224}"); }, "key 'size': expected an int size in 0..16777216, got -224");
    expect_error<ConfigError>([] { make<ClipModel>("{\"size\": {\"shortest_edge\": 2000000000}}"); },
                              "expected an int size in 0..1073741824");
}

TEST_CASE("config: invalid size dict", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>("{\"size\": {\"depth\": 3}}"); }, "unknown size key 'depth'");
    expect_error<ConfigError>([] { make<ClipModel>("{\"size\": {\"height\": 1, \"width\": 2, \"shortest_edge\": 3}}"); },
                              "size must have one of the following set of keys");
}

TEST_CASE("config: invalid resample filter", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>("{\"resample\": 7}"); },
                              "key 'resample': expected a resampling filter (int 0..5 or a Pillow name), got 7 (int)");
}

TEST_CASE("config: invalid mean or std", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>("{\"image_mean\": []}"); }, "key 'image_mean': expected a list of 1..64 floats");
    expect_error<ConfigError>([] { make<ClipModel>("{\"image_std\": \"x\"}"); }, "expected a float or a list of floats");
}

TEST_CASE("config: mean, std or rescale_factor that cannot give finite outputs", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>("{\"image_std\": [0.5, 0, 0.5]}"); },
                              "test.json: key 'image_std': expected nonzero values, got [0.5, 0, 0.5] (list)");
    expect_error<ConfigError>([] { make<ClipModel>("{\"image_std\": 0}"); }, "key 'image_std': expected nonzero values");
    expect_error<ConfigError>([] { make<ClipModel>("{\"image_mean\": [0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5]}"); },
                              "key 'image_std': expected as many values as image_mean, got [0.5, 0.5, 0.5] (list) (image_mean has 2");
    expect_error<ConfigError>([] { make<ClipModel>("{\"image_mean\": [0.5]}"); },
                              "key 'image_mean': expected 3 values (one per RGB channel) or one float, got [0.5] (list)");
    // Per-call options (and the command's --set) pass the same check.
    expect_error<ConfigError>([] { make<ClipModel>()(rgb(5, 7), {{"image_std", JsonValue(0.0)}}); },
                              "per-call options: key 'image_std': expected nonzero values, got 0.0 (float)");
    // JSON cannot hold NaN or infinity; typed C++ options can.
    ClipModel::options_type nan_mean;
    nan_mean.image_mean = ChannelValues{{std::nan(""), 0.5, 0.5}, false};
    expect_error<ConfigError>([&] { make<ClipModel>()(rgb(5, 7), nan_mean); },
                              "per-call options: key 'image_mean': expected finite floats, got [NaN, 0.5, 0.5] (list)");
    ClipModel::options_type inf_factor;
    inf_factor.rescale_factor = std::numeric_limits<double>::infinity();
    expect_error<ConfigError>([&] { ImageProcessor<ClipModel, CpuPolicy>{inf_factor}; },
                              "ImageProcessor options: key 'rescale_factor': expected a finite float, got Infinity (float)");
    // What can work still loads: one float for every channel, one value per channel of an
    // image that is not converted to RGB.
    CHECK_NOTHROW(make<ClipModel>("{\"image_mean\": 0.5, \"image_std\": [0.5, 0.5, 0.5]}"));
    CHECK_NOTHROW(make<VitModel>("{\"do_convert_rgb\": false, \"image_mean\": [0.5], \"image_std\": [0.5]}"));
    // With do_normalize off nothing reads mean or std (transformers runs such a config), so
    // it loads and runs; a call that turns normalize on is refused with the merged options.
    const auto unnormalized = make<ClipModel>("{\"do_normalize\": false, \"image_mean\": [0.5], \"image_std\": [0, 0, 0]}");
    CHECK_NOTHROW(unnormalized(rgb(5, 7)));
    expect_error<ConfigError>([&] { unnormalized(rgb(5, 7), {{"do_normalize", JsonValue(true)}}); },
                              "per-call options: key 'image_mean': expected 3 values (one per RGB channel) or one float");
}

TEST_CASE("config: invalid input_data_format", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>("{\"input_data_format\": \"channels_middle\"}"); },
                              "key 'input_data_format': expected \"channels_first\" or \"channels_last\"");
}

TEST_CASE("config: invalid image_grid_pinpoints", "[errors-doc]") {
    expect_error<ConfigError>([] { make<LlavaNextModel>("{\"image_grid_pinpoints\": []}"); },
                              "expected a non-empty list of [height, width] pairs");
    expect_error<ConfigError>([] { make<LlavaNextModel>("{\"image_grid_pinpoints\": [[0, 5]]}"); }, "sides must be positive");
}

TEST_CASE("config: negative min_pixels or max_pixels", "[errors-doc]") {
    expect_error<ConfigError>([] { make<Qwen2VLModel>("{\"min_pixels\": -5}"); }, "min_pixels must be a pixel count >= 0, got -5");
    expect_error<ConfigError>([] { make<Qwen2VLModel>("{\"max_pixels\": -10}"); }, "max_pixels must be a pixel count >= 0");
}

TEST_CASE("config: save_pretrained cannot write", "[errors-doc]") {
    pixelprep_test::ScratchDir dir;
    const std::string file = write_file(dir, "occupied", "x");
    expect_error<InvalidArgument>([&] { make<ClipModel>().save_pretrained(file); }, "should be a directory, not a file");
    // A folder that cannot be created is a pixelprep::Error, not a std::filesystem_error.
    expect_error<Error>([&] { make<ClipModel>().save_pretrained(file + "/sub"); }, "save_pretrained: cannot create");
}

// ---------------------------------------------------------------------------- options

TEST_CASE("options: unknown option name", "[errors-doc]") {
    expect_error<InvalidArgument>([] { make<ClipModel>()(rgb(5, 7), {{"sise", JsonValue(3)}}); },
                                  "per-call options: unknown option 'sise'; valid options are: do_convert_rgb");
    pixelprep_test::ScratchDir dir;
    LoadOptions lo;
    lo.overrides = {{"sise", JsonValue(3)}};
    const std::string path = write_file(dir, "c.json", "{\"image_processor_type\": \"CLIPImageProcessor\"}");
    expect_error<InvalidArgument>([&] { AutoImageProcessor::from_pretrained(path, lo); },
                                  "from_pretrained: unknown option 'sise' for CLIPImageProcessor");
}

TEST_CASE("options: wrong value type", "[errors-doc]") {
    expect_error<ConfigError>([] { make<ClipModel>()(rgb(5, 7), {{"do_resize", JsonValue("maybe")}}); },
                              "per-call options: key 'do_resize': expected bool");
    expect_error<ConfigError>([] { make<ClipModel>()(rgb(5, 7), {{"rescale_factor", JsonValue(std::nan(""))}}); },
                              "expected a finite float");
}

TEST_CASE("options: unsupported data_format or return_tensors", "[errors-doc]") {
    expect_error<InvalidArgument>([] { make<ClipModel>()(rgb(5, 7), {{"data_format", JsonValue("channels_last")}}); },
                                  "is not supported: transformers' backends always return channels_first");
    expect_error<InvalidArgument>([] { make<ClipModel>()(rgb(5, 7), {{"return_tensors", JsonValue("tf")}}); },
                                  "must be \"np\", \"pt\" or null");
}

TEST_CASE("options: required option missing", "[errors-doc]") {
    const auto p = make<ClipModel>();
    expect_error<InvalidArgument>([&] { p(rgb(5, 7), {{"rescale_factor", JsonValue(nullptr)}}); },
                                  "`rescale_factor` must be specified if `do_rescale` is `True`.");
    expect_error<InvalidArgument>([&] { p(rgb(5, 7), {{"image_std", JsonValue(nullptr)}}); },
                                  "`image_mean` and `image_std` must both be specified if `do_normalize` is `True`.");
    expect_error<InvalidArgument>([&] { p(rgb(5, 7), {{"crop_size", JsonValue(nullptr)}}); },
                                  "`crop_size` must be specified if `do_center_crop` is `True`.");
    expect_error<InvalidArgument>([&] { p(rgb(5, 7), {{"size", JsonValue(nullptr)}}); },
                                  "`size` and `resample` must be specified if `do_resize` is `True`.");
}

TEST_CASE("options: mean or std does not match the channels", "[errors-doc]") {
    expect_error<InvalidArgument>(
        [] {
            const JsonValue two(JsonValue::Array{JsonValue(0.5), JsonValue(0.5)});  // a 2-channel array keeps 2 channels
            make<ClipModel>()(rgb(5, 7), {{"image_mean", two}, {"image_std", two}});
        },
        "mean must have 3 elements if it is an iterable, got 2");
}

TEST_CASE("options: size not accepted by a step", "[errors-doc]") {
    const auto p = make<ClipModel>();
    expect_error<InvalidArgument>([&] { p(rgb(5, 7), {{"size", parse_json("{\"longest_edge\": 100}", "v")}}); },
                                  "Size must contain 'height' and 'width' keys, or 'max_height' and 'max_width', or 'shortest_edge' key.");
    expect_error<InvalidArgument>([&] { p(rgb(5, 7), {{"crop_size", parse_json("{\"shortest_edge\": 3}", "v")}}); },
                                  "The size dictionary must have keys 'height' and 'width'.");
    expect_error<InvalidArgument>(
        [] { make<ConvNextModel>()(rgb(5, 7), {{"size", parse_json("{\"height\": 3, \"width\": 3}", "v")}}); },
        "Size dictionary must contain 'shortest_edge' key.");
    expect_error<InvalidArgument>([] { make<SmolVLMModel>()(rgb(5, 7), {{"size", parse_json("{\"shortest_edge\": 30}", "v")}}); },
                                  "size must be a dictionary with key 'longest_edge' or 'height' and 'width'.");
    expect_error<InvalidArgument>([] { make<MllamaModel>()(rgb(5, 7), {{"size", parse_json("{\"height\": 56, \"width\": 28}", "v")}}); },
                                  "Argument `size` must have the same height and width");
    expect_error<InvalidArgument>([] { make<MllamaModel>()(rgb(5, 7), {{"size", parse_json("{\"shortest_edge\": 56}", "v")}}); },
                                  "Argument `size` must be a dictionary with keys 'height' and 'width'. Got:");
}

TEST_CASE("options: model-specific value rejected", "[errors-doc]") {
    expect_error<InvalidArgument>([] { make<Qwen2VLModel>()(rgb(56, 56), {{"patch_size", JsonValue(0)}}); },
                                  "Qwen2-VL: patch_size, merge_size and temporal_patch_size must be positive");
    expect_error<InvalidArgument>([] { make<ConvNextModel>()(rgb(5, 7), {{"crop_pct", JsonValue(-1.0)}, {"size", parse_json("{\"shortest_edge\": 200}", "v")}}); },
                                  "gives an empty size");
    expect_error<InvalidArgument>([] { make<LlavaModel>()(rgb(5, 7), {{"do_pad", JsonValue(true)}, {"image_mean", JsonValue(0.5)}}); },
                                  "do_pad needs image_mean as a list");
    // A mean whose background color int(mean * 255) has no 64-bit value (was undefined behaviour).
    expect_error<InvalidArgument>(
        [] {
            make<LlavaModel>()(rgb(5, 7), {{"do_pad", JsonValue(true)},
                                           {"image_mean", JsonValue(JsonValue::Array{JsonValue(1e300), JsonValue(0.5), JsonValue(0.5)})}});
        },
        "gives a background color out of range");
    expect_error<InvalidArgument>([] { make<Idefics3Model>()(rgb(5, 7), {{"max_image_size", parse_json("{\"longest_edge\": 0}", "v")}}); },
                                  "max_image_size['longest_edge'] must be positive, got 0");
    expect_error<InvalidArgument>([] { make<Idefics3Model>()(rgb(5, 7), {{"max_image_size", parse_json("{\"height\": 4, \"width\": 4}", "v")}}); },
                                  "max_image_size must be a dictionary with the key 'longest_edge'");
    expect_error<InvalidArgument>([] { make<MllamaModel>()(rgb(5, 7), {{"max_image_tiles", JsonValue(0)}}); },
                                  "MllamaImageProcessor `max_image_tiles` must be a positive integer, got 0.");
    expect_error<InvalidArgument>([] { make<MllamaModel>()(rgb(5, 7), {{"do_pad", JsonValue(false)}}); },
                                  "MllamaImageProcessor doesn't support `do_pad=False` mode.");
    expect_error<InvalidArgument>([] { make<LlavaNextModel>().image_token_count(5, 7); },
                                  "LLaVA-NeXT token count needs the processor's patch_size");
    expect_error<InvalidArgument>([] { make<Siglip2Model>()(rgb(5, 7), {{"max_num_patches", JsonValue(0)}}); },
                                  "SigLIP2: patch_size and max_num_patches must be positive (got 16, 0)");
}

// ---------------------------------------------------------------------------- images

TEST_CASE("images: empty batch", "[errors-doc]") {
    expect_error<InvalidArgument>([] { make<ClipModel>()(ImageBatch{}); },
                                  "Could not make a flat list of images from an empty input");
}

TEST_CASE("images: 2-D array in a batch", "[errors-doc]") {
    const std::vector<std::uint8_t> px(35, 1);
    expect_error<ImageError>([&] { ImageBatch b(InputImage::array(px.data(), {5, 7})); },
                             "Could not make a flat list of images from a 2-D array of shape (5, 7)");
}

TEST_CASE("images: unsupported shape", "[errors-doc]") {
    const std::vector<std::uint8_t> px(35, 1);
    expect_error<ImageError>([&] { InputImage::array(px.data(), {35}); }, "Unsupported number of image dimensions: 1");
    expect_error<ImageError>([&] { InputImage::array(px.data(), {0, 5, 3}); }, "InputImage: invalid shape (0, 5, 3)");
    // Axes each within limits whose product overflows 64 bits (the strides were computed
    // with a signed overflow before the check).
    const long long side = 1LL << 24;
    expect_error<ImageError>([&] { InputImage::array(px.data(), {side, side, side, 3}); },
                             "has more elements than any array can hold");
}

TEST_CASE("images: null data pointer", "[errors-doc]") {
    expect_error<InvalidArgument>([] { InputImage::array(static_cast<const std::uint8_t*>(nullptr), {5, 7, 3}); },
                                  "InputImage: data pointer is null");
}

TEST_CASE("images: channel layout cannot be inferred", "[errors-doc]") {
    const std::vector<std::uint8_t> px(5 * 7 * 2, 1);
    expect_error<ImageError>([&] { make<ClipModel>()(ImageBatch(InputImage::array(px.data(), {5, 7, 2}))); },
                             "Unable to infer channel dimension format for an image of shape (5, 7, 2)");
}

namespace {
InputImage rgb_input(int h, int w) { return rgb(h, w).flat().front(); }

// The input_index() of the E that f throws (nullopt when it names no input).
template <class E, class F> std::optional<std::size_t> failing_input(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.input_index();
    }
    FAIL("did not throw");
    return std::nullopt;
}
}  // namespace

TEST_CASE("images: failing input in a batch", "[errors-doc]") {
    // Qwen2-VL refuses the 1x250 image, input 2 of 4: the error keeps its class and names it.
    const auto qwen = make<Qwen2VLModel>();
    const ImageBatch batch(std::vector<InputImage>{rgb_input(28, 28), rgb_input(28, 56), rgb_input(1, 250), rgb_input(28, 28)});
    expect_error<InvalidArgument>([&] { qwen(batch); }, "input 2: absolute aspect ratio must be smaller than 200, got 250.0");
    CHECK(failing_input<InvalidArgument>([&] { qwen(batch); }) == std::size_t(2));
    try {
        qwen(batch);
    } catch (const Error& e) {
        CHECK(std::string(e.reason()) == "absolute aspect ratio must be smaller than 200, got 250.0");
    }
    // An error of the image conversion (process_image), input 1 of 3.
    const std::vector<float> out_of_range(5 * 7 * 3, 2.5f);
    const ImageBatch floats(std::vector<InputImage>{rgb_input(5, 7), InputImage::array(out_of_range.data(), {5, 7, 3}), rgb_input(5, 7)});
    CHECK(failing_input<ImageError>([&] { make<ClipModel>()(floats); }) == std::size_t(1));
    // Nested samples: the index counts in the flat list (ImageBatch::flat()).
    const auto idefics3 = make<Idefics3Model>(R"({"size": {"longest_edge": 64}, "max_image_size": {"longest_edge": 32}})");
    const auto nested = ImageBatch::nested({{rgb_input(20, 20), rgb_input(20, 30)}, {InputImage::array(out_of_range.data(), {5, 7, 3})}});
    CHECK(failing_input<ImageError>([&] { idefics3(nested); }) == std::size_t(2));
    // No input is singled out when every input fails alone the same way (here an option no
    // image satisfies), nor in a batch of one.
    const ImageBatch two_tall(std::vector<InputImage>{rgb_input(1, 250), rgb_input(1, 250)});
    CHECK(failing_input<InvalidArgument>([&] { qwen(two_tall); }) == std::nullopt);
    CHECK(failing_input<InvalidArgument>([&] { qwen(rgb(1, 250)); }) == std::nullopt);
    CHECK(failing_input<InvalidArgument>([&] { qwen(batch, {{"merge_size", JsonValue(0)}}); }) == std::nullopt);
    // Setting the index again replaces it.
    InvalidArgument e("bad value");
    e.set_input_index(3);
    e.set_input_index(12);
    CHECK(std::string(e.what()) == "input 12: bad value");
    CHECK(std::string(e.reason()) == "bad value");
    CHECK(e.input_index() == std::size_t(12));
}

TEST_CASE("images: PIL mode does not match the pixels", "[errors-doc]") {
    expect_error<ImageError>([] { InputImage::pil(ImageU8(5, 7, 4), PilMode::RGB); },
                             "InputImage::pil: mode RGB needs an HWC image with 3 channels, got 4");
}

TEST_CASE("images: float values out of range", "[errors-doc]") {
    const std::vector<float> px(5 * 7 * 3, 2.5f);
    expect_error<ImageError>([&] { make<ClipModel>()(ImageBatch(InputImage::array(px.data(), {5, 7, 3}))); },
                             "contains values outside the range [0, 1], got [2.5, 2.5] which cannot be converted to uint8.");
}

TEST_CASE("images: channel count not supported by resize", "[errors-doc]") {
    expect_error<ImageError>([] { cpu::resize(ImageU8(5, 5, 5), 3, 3, Resample::bicubic); },
                             "resize: 5 channels; Pillow resizes 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA)");
}

TEST_CASE("images: channel counts differ within a batch", "[errors-doc]") {
    expect_error<ImageError>(
        [] {
            make<MllamaModel>(R"({"do_convert_rgb": false, "do_normalize": false})")(
                ImageBatch(std::vector<InputImage>{InputImage::pil(ImageU8(5, 7, 3), PilMode::RGB),
                                                   InputImage::pil(ImageU8(4, 6, 4), PilMode::RGBA)}));
        },
        "MllamaImageProcessor: image 1 of sample 0 has 4 channels, the first image 3;");
}

TEST_CASE("images: image cannot be cut into patches", "[errors-doc]") {
    expect_error<ImageError>([] { make<Qwen2VLModel>()(rgb(30, 30), {{"do_resize", JsonValue(false)}}); },
                             "Qwen2-VL: a 30x30 image cannot be cut into 14-pixel patches merged 2x2");
}

TEST_CASE("images: invalid image dimensions", "[errors-doc]") {
    expect_error<InvalidArgument>([] { ImageU8(0, 5, 3); }, "Image: invalid image dimensions 0x5x3");
}

TEST_CASE("images: wrong element type", "[errors-doc]") {
    const ImageF32 f(2, 2, 3);
    expect_error<ImageError>([&] { materialize<std::uint8_t>(f.view(), Layout::hwc); },
                             "materialize: expected a uint8 image, got float32");
}

TEST_CASE("images: BatchFeature access", "[errors-doc]") {
    BatchFeature f;
    expect_error<InvalidArgument>([&] { f.stacked("x"); }, "BatchFeature: no key 'x'");
    Array<float> a = xt::zeros<float>({1, 2}), b = xt::zeros<float>({1, 3});
    f.set_list("v", {Tensor(a), Tensor(b)});
    expect_error<InvalidArgument>([&] { f.stacked("v"); }, "BatchFeature: cannot stack 'v': items have shapes (1, 2) and (1, 3)");
}

// ---------------------------------------------------------------------------- sizes and limits

TEST_CASE("limits: image over the pixel limit", "[errors-doc]") {
    // 20000 x 20000 = 4e8 pixels: refused before anything is allocated.
    expect_error<LimitError>([] { make<VitModel>()(rgb(5, 7), {{"size", parse_json("{\"height\": 20000, \"width\": 20000}", "v")}}); },
                             "Image: a 20000x20000 image (400000000 pixels) exceeds the limit of 178956970 pixels per image");
    PixelLimitGuard guard;
    set_max_image_pixels(100);
    expect_error<LimitError>([] { make<VitModel>()(rgb(5, 7)); }, "exceeds the limit of 100 pixels per image");
}

TEST_CASE("limits: model output over the pixel limit", "[errors-doc]") {
    expect_error<LimitError>(
        [] {
            make<LlavaNextModel>()(rgb(5, 7), {{"crop_size", parse_json("{\"height\": 1, \"width\": 1}", "v")},
                                               {"image_grid_pinpoints", parse_json("[[2048, 2048]]", "v")}});
        },
        "LlavaNextImageProcessor: 4194305 views of 224x224");
    expect_error<LimitError>(
        [] {
            make<Qwen2VLModel>()(rgb(2, 2), {{"temporal_patch_size", JsonValue(2147483647)}, {"patch_size", JsonValue(1)},
                                             {"merge_size", JsonValue(1)}, {"do_resize", JsonValue(false)}});
        },
        "repeated temporal_patch_size=2147483647 times exceeds the limit");
    expect_error<LimitError>([] { make<MllamaModel>()(rgb(5, 7), {{"max_image_tiles", JsonValue(65536)}}); },
                             "MllamaImageProcessor: 65536 tiles of 224x224 exceed the limit");
    expect_error<LimitError>([] { make<Idefics3Model>()(rgb(5, 7), {{"max_image_size", parse_json("{\"longest_edge\": 2}", "v")}}); },
                             "Idefics3ImageProcessor: the frames of one 5x7 image exceed the limit");
}

TEST_CASE("limits: computed size out of range", "[errors-doc]") {
    expect_error<LimitError>([] { make<ClipModel>()(rgb(5, 20), {{"size", parse_json("{\"shortest_edge\": 1073741824}", "v")}}); },
                             "get_resize_output_image_size: computed size");
    expect_error<LimitError>([] { make<Qwen2VLModel>()(rgb(5, 7), {{"patch_size", JsonValue(1073741824)}, {"merge_size", JsonValue(4)}}); },
                             "Qwen2-VL: patch_size * merge_size = 4294967296 is larger than the largest image side");
    expect_error<LimitError>([] { make<MllamaModel>()(rgb(5, 7), {{"max_image_tiles", JsonValue(100000)}}); },
                             "MllamaImageProcessor: max_image_tiles 100000 is above pixelprep's limit of 65536");
}

TEST_CASE("limits: coefficient table too large", "[errors-doc]") {
    expect_error<LimitError>([] { numerics::make_axis_coefficients(Resample::lanczos, 1 << 27, 1); },
                             "resize: coefficient table for 134217728 -> 1 pixels");
}

TEST_CASE("sizes: empty or invalid resize output", "[errors-doc]") {
    expect_error<InvalidArgument>([] { geometry::resize_output_size(1, 1000, SizeSpec::max_hw(5, 5)); },
                                  "applied to a 1x1000 image gives an empty output 0x5 (Pillow refuses sizes below 1)");
    expect_error<InvalidArgument>([] { cpu::resize(ImageU8(5, 5, 3), 0, 5, Resample::bilinear); }, "resize: invalid output size 0x5");
}

TEST_CASE("sizes: invalid crop size", "[errors-doc]") {
    expect_error<InvalidArgument>([] { cpu::center_crop(ImageU8(5, 5, 3), 0, 5); }, "center_crop: crop size 0x5 must be positive");
}

TEST_CASE("sizes: pad size smaller than the image", "[errors-doc]") {
    expect_error<InvalidArgument>([] { cpu::pad_bottom_right(ImageU8(5, 5, 3), 2, 2); },
                                  "Padding dimensions are negative. Please make sure that the pad_size is larger than the image size.");
}

TEST_CASE("sizes: aspect ratio too extreme", "[errors-doc]") {
    expect_error<InvalidArgument>([] { make<Qwen2VLModel>()(rgb(1, 250)); }, "absolute aspect ratio must be smaller than 200, got 250.0");
    expect_error<InvalidArgument>([] { geometry::smart_resize(28, 28, 28, 0, -1); }, "smart_resize: max_pixels must not be negative");
}

TEST_CASE("sizes: no grid pinpoint fits", "[errors-doc]") {
    expect_error<InvalidArgument>([] { geometry::select_best_resolution(5, 5, {}); }, "image_grid_pinpoints is empty");
}

// ---------------------------------------------------------------------------- backends

namespace {
// A registry with CLIP on "npu", an accelerator that is never available, and optionally "cpu".
void fill_npu_registry(Registry& r, bool with_cpu) {
    if (with_cpu) r.register_backend("cpu", [] { return std::optional<std::string>{}; });
    r.register_backend("npu", [] { return std::optional<std::string>("no NPU in this machine"); });
    std::map<std::string, ProcessorFactory> factories{{"npu", make_factory<ClipModel, CpuPolicy>()}};
    if (with_cpu) factories.emplace("cpu", make_factory<ClipModel, CpuPolicy>());
    r.register_processor("CLIPImageProcessor", std::move(factories));
}
}  // namespace

TEST_CASE("backends: unknown backend name", "[errors-doc]") {
    LoadOptions lo;
    lo.backend = "tpu";
    expect_error<InvalidArgument>([&] { AutoImageProcessor::resolve_backend("CLIPImageProcessor", lo); },
                                  "unknown backend 'tpu'; registered backends: auto, cpu");
}

TEST_CASE("backends: backend unavailable", "[errors-doc]") {
    Registry r;
    fill_npu_registry(r, true);
    LoadOptions lo;
    lo.backend = "npu";
    lo.allow_fallback = false;
    expect_error<BackendUnavailable>([&] { AutoImageProcessor::resolve_backend("CLIPImageProcessor", lo, r); },
                                     "backend 'npu' is unavailable for CLIPImageProcessor: no NPU in this machine");
}

TEST_CASE("backends: no backend can run the class", "[errors-doc]") {
    Registry r;
    fill_npu_registry(r, false);
    expect_error<BackendUnavailable>([&] { AutoImageProcessor::resolve_backend("CLIPImageProcessor", LoadOptions{}, r); },
                                     "CLIPImageProcessor: no registered backend can run here");
    LoadOptions lo;
    lo.backend = "npu";
    expect_error<BackendUnavailable>([&] { AutoImageProcessor::resolve_backend("CLIPImageProcessor", lo, r); },
                                     "and no other backend can run it");
}

TEST_CASE("backends: CUDA call failed", "[errors-doc]") {
    // A real failure needs a GPU; the contract callers rely on is checked here: a CudaError
    // is caught as BackendUnavailable and carries CUDA's error code.
    expect_error<BackendUnavailable>([] { throw CudaError("pixelprep CUDA: cudaMalloc failed: out of memory", 2); },
                                     "pixelprep CUDA: cudaMalloc failed");
    CHECK(CudaError("x", 2).code() == 2);
}

// ---------------------------------------------------------------------------- the command

namespace {
struct CliRun {
    int status;
    std::string err;
};
// Runs `pixelprep ARGS` (PIXELPREP_CLI) in `dir`'s shell, returning its exit status and stderr.
CliRun run_cli(const pixelprep_test::ScratchDir& dir, const std::string& args) {
    const char* cli = std::getenv("PIXELPREP_CLI");
    if (!cli) FAIL("PIXELPREP_CLI is not set (meson's errors-doc-cli test sets it)");
    const std::string err_path = dir.path("stderr");
    const std::string cmd = std::string("'") + cli + "' " + args + " >/dev/null 2>'" + err_path + "'";
    const int raw = std::system(cmd.c_str());
    std::ifstream in(err_path);
    std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, err};
}
// A small valid PNG in `dir`.
std::string test_image(const pixelprep_test::ScratchDir& dir) {
    return dir.write("tiny.png", pixelprep_test::make_png(7, 5, 8, 2, pixelprep_test::test_pixels(7, 5, 3)));
}
}  // namespace

TEST_CASE("resize: mode cannot be written as PNG", "[.cli]") {
    pixelprep_test::ScratchDir dir;
    const std::string cmyk = dir.write("cmyk.jpg", pixelprep_test::make_jpeg(8, 8, 4));
    const CliRun r = run_cli(dir, "resize '" + cmyk + "' '" + dir.path("out.png") + "' --size 4x4");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains(cmyk + ": mode CMYK cannot be resized to a PNG: Pillow resizes it but cannot "
                                              "write mode CMYK as PNG"));
    CHECK_FALSE(std::filesystem::exists(dir.path("out.png")));
}

TEST_CASE("resize: palette index past the PNG bit depth", "[.cli]") {
    pixelprep_test::ScratchDir dir;
    // 4-bit palette image, 3 PLTE entries (Pillow writes 2 bits), indices up to 6.
    const Bytes rows = {0x01, 0x25, 0x34, 0x56};
    const std::string png = dir.write("p.png", pixelprep_test::make_png(4, 2, 4, 3, rows, {{"PLTE", Bytes(9, 7)}}));
    const std::string out = dir.path("out.png");
    const CliRun r = run_cli(dir, "resize '" + png + "' '" + out + "' --size 2x4");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains(out + ": palette index 5 does not fit the 2-bit PNG Pillow writes for a 3-entry palette"));
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("cli: exit status 1", "[.cli]") {
    pixelprep_test::ScratchDir dir;
    const std::string image = test_image(dir);
    CliRun r = run_cli(dir, "preprocess /nonexistent/model " + image);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("pixelprep: error: /nonexistent/model: no such model folder or config file"));
    r = run_cli(dir, "preprocess clip-vit-base-patch16 " + image + " --set do_resize=maybe");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("expected bool"));
    // An image the processor refuses (an InvalidArgument) is an input error, named by its file.
    const std::string tall =
        dir.write("tall.png", pixelprep_test::make_png(1000, 3, 8, 2, pixelprep_test::test_pixels(1000, 3, 3)));
    r = run_cli(dir, "preprocess qwen2-vl-7b-instruct " + image + " " + tall + " " + image);
    CHECK(r.status == 1);
    CHECK(r.err == "pixelprep: error: " + tall + ": absolute aspect ratio must be smaller than 200, got 333.3333333333333\n");
    r = run_cli(dir, "preprocess clip-vit-base-patch16 " + image + " --set 'image_std=[0.5, 0, 0.5]'");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("key 'image_std': expected nonzero values"));
}

TEST_CASE("cli: exit status 2", "[.cli]") {
    pixelprep_test::ScratchDir dir;
    const std::string image = test_image(dir);
    CliRun r = run_cli(dir, "preprocess clip-vit-base-patch16 " + image + " --no-such-flag");
    CHECK(r.status == 2);
    r = run_cli(dir, "preprocess clip-vit-base-patch16 " + image + " --set sise=3");
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Contains("unknown option 'sise'"));
}

TEST_CASE("cli: exit status 3", "[.cli]") {
    pixelprep_test::ScratchDir dir;
    const std::string empty = dir.write("empty.png", {});
    const CliRun r = run_cli(dir, "preprocess clip-vit-base-patch16 " + test_image(dir) + " '" + empty + "' --keep-going");
    CHECK(r.status == 3);
    CHECK_THAT(r.err, Catch::Contains("pixelprep: skipped " + empty + ": file is empty (0 bytes)"));
}

TEST_CASE("cli: folder or pattern without images", "[.cli]") {
    pixelprep_test::ScratchDir dir;
    fs::create_directories(dir.path("empty"));
    write_file(dir, "empty/notes.txt", "not an image");
    CliRun r = run_cli(dir, "preprocess clip-vit-base-patch16 " + dir.path("empty"));
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains(dir.path("empty") + ": no image files in this folder"));
    r = run_cli(dir, "preprocess clip-vit-base-patch16 '" + dir.path("*.png") + "'");
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains(dir.path("*.png") + ": no file matches this pattern"));
}
