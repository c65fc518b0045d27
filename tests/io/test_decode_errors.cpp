// Guardrails of pixelprep::io: every bad input throws the right DecodeError subclass with a
// one-line message that starts with the file name, and nothing crashes or over-allocates.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>
#include <random>

#include "pixelprep/io/decode.hpp"
#include "test_files.hpp"

using namespace pixelprep;
using namespace pixelprep_test;

// The largest single allocation made through operator new while `tracking` is on: proves a
// header with a huge size is rejected before pixel memory is allocated. (libspng and libjpeg
// allocate with malloc; the pixel buffers they would fill are ours, made with operator new.)
// Sanitizers bring their own operator new, so the replacement is left out under them.
#if defined(__SANITIZE_ADDRESS__)
#define PIXELPREP_TRACK_NEW 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PIXELPREP_TRACK_NEW 0
#endif
#endif
#ifndef PIXELPREP_TRACK_NEW
#define PIXELPREP_TRACK_NEW 1
#endif

namespace {
std::atomic<bool> tracking{false};
std::atomic<std::size_t> largest{0};
}  // namespace

#if PIXELPREP_TRACK_NEW
// A replacement set built on malloc/free, as the standard allows; GCC 12 mistakes the
// inlined pair for a mismatch.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
    if (tracking && n > largest) largest = n;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#endif

namespace {

template <class E>
std::string expect_error(const std::string& path, const io::DecodeOptions& options = {}) {
    try {
        (void)io::decode_image_file(path, options);
    } catch (const E& e) {
        const std::string what = e.what();
        CHECK(what.rfind(path + ": ", 0) == 0);          // names the file first
        CHECK(what.find('\n') == std::string::npos);      // one line
        return what;
    }
    FAIL("expected an exception");
    return {};
}

Bytes with_byte_changes(Bytes b, std::size_t at, std::initializer_list<std::uint8_t> values) {
    for (std::uint8_t v : values) b.at(at++) = v;
    return b;
}

// Offset of the first SOF0 segment's payload in a JPEG.
std::size_t sof0_payload(const Bytes& jpeg) {
    for (std::size_t i = 2; i + 1 < jpeg.size(); ++i)
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) return i + 4;
    throw std::runtime_error("no SOF0");
}

}  // namespace

TEST_CASE("every decode error is a DecodeError and a pixelprep::Error", "[io][errors]") {
    STATIC_REQUIRE(std::is_base_of_v<DecodeError, FileReadError>);
    STATIC_REQUIRE(std::is_base_of_v<DecodeError, UnsupportedFormat>);
    STATIC_REQUIRE(std::is_base_of_v<DecodeError, CorruptImage>);
    STATIC_REQUIRE(std::is_base_of_v<DecodeError, ImageTooLarge>);
    STATIC_REQUIRE(std::is_base_of_v<Error, DecodeError>);
}

TEST_CASE("unreadable paths throw FileReadError", "[io][errors]") {
    ScratchDir dir;
    CHECK_THAT(expect_error<FileReadError>(dir.path("missing.jpg")), Catch::Contains("No such file"));
    CHECK_THAT(expect_error<FileReadError>(dir.path("")), Catch::Contains("directory"));
}

TEST_CASE("empty, text and garbage files throw UnsupportedFormat", "[io][errors]") {
    ScratchDir dir;
    CHECK_THAT(expect_error<UnsupportedFormat>(dir.write("empty.png", {})), Catch::Contains("empty"));
    const std::string text = "just some text, not an image\n";
    expect_error<UnsupportedFormat>(dir.write("notes.jpg", Bytes(text.begin(), text.end())));
    std::mt19937 rng(42);
    Bytes garbage(4096);
    for (auto& b : garbage) b = std::uint8_t(rng());
    garbage[0] = 0x00;  // no signature by accident
    expect_error<UnsupportedFormat>(dir.write("garbage.bin", garbage));
    const Bytes jp2 = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', 0x87, '\n', 0, 0, 0, 0x14};
    CHECK_THAT(expect_error<UnsupportedFormat>(dir.write("image.jp2", jp2)), Catch::Contains("JPEG 2000"));
    CHECK_THAT(expect_error<UnsupportedFormat>(dir.write("photo.heic", {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'})),
               Catch::Contains("HEIF"));
}

TEST_CASE("garbage after a valid signature throws CorruptImage", "[io][errors]") {
    ScratchDir dir;
    std::mt19937 rng(7);
    for (const Bytes& sig : {Bytes{0xFF, 0xD8, 0xFF}, Bytes{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                             Bytes{'R', 'I', 'F', 'F', 0, 1, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '},
                             Bytes{'I', 'I', 42, 0}, Bytes{'M', 'M', 0, 42},
                             Bytes{0, 0, 0, 0x1C, 'f', 't', 'y', 'p', 'a', 'v', 'i', 'f'}}) {
        Bytes b = sig;
        for (int i = 0; i < 2000; ++i) b.push_back(std::uint8_t(rng()));
        expect_error<CorruptImage>(dir.write("sig.bin", b));
    }
    // GIF and BMP headers are the bytes right after the signature: random ones may also
    // declare an image over the pixel limit.
    for (const Bytes& sig : {Bytes{'G', 'I', 'F', '8', '9', 'a'}, Bytes{'B', 'M'}}) {
        for (int trial = 0; trial < 20; ++trial) {
            Bytes b = sig;
            for (int i = 0; i < 2000; ++i) b.push_back(std::uint8_t(rng()));
            const std::string path = dir.write("sig.bin", b);
            try {
                (void)io::decode_image_file(path);
                FAIL("random bytes after " << std::string(sig.begin(), sig.end()) << " decoded");
            } catch (const CorruptImage& e) {
                CHECK(std::string(e.what()).rfind(path + ": ", 0) == 0);
            } catch (const ImageTooLarge& e) {
                CHECK(std::string(e.what()).rfind(path + ": ", 0) == 0);
            }
        }
    }
}

TEST_CASE("truncated files throw CorruptImage", "[io][errors]") {
    ScratchDir dir;
    const Bytes jpeg = make_jpeg(64, 48, 3);
    CHECK_THAT(expect_error<CorruptImage>(dir.write("half.jpg", Bytes(jpeg.begin(), jpeg.begin() + std::ptrdiff_t(jpeg.size() / 2)))),
               Catch::Contains("truncated"));
    const Bytes progressive = make_jpeg(64, 48, 3, {}, true);
    expect_error<CorruptImage>(dir.write("half_progressive.jpg",
                                         Bytes(progressive.begin(), progressive.begin() + std::ptrdiff_t(progressive.size() * 2 / 3))));
    const Bytes png = make_png(40, 30, 8, 2, test_pixels(40, 30, 3));
    expect_error<CorruptImage>(dir.write("half.png", Bytes(png.begin(), png.begin() + std::ptrdiff_t(png.size() / 2))));
    const Bytes webp = make_webp_lossless(40, 30, test_pixels(40, 30, 3));
    expect_error<CorruptImage>(dir.write("half.webp", Bytes(webp.begin(), webp.begin() + std::ptrdiff_t(webp.size() / 2))));
    auto half = [](const Bytes& b) { return Bytes(b.begin(), b.begin() + std::ptrdiff_t(b.size() / 2)); };
    const Bytes rgb = test_pixels(40, 30, 3);
    CHECK_THAT(expect_error<CorruptImage>(dir.write("half.bmp", half(make_bmp24(40, 30, rgb)))), Catch::Contains("truncated BMP"));
    CHECK_THAT(expect_error<CorruptImage>(dir.write("half.tif", half(make_tiff(40, 30, 3, 2, rgb)))), Catch::Contains("TIFF"));
    const Bytes gif = make_gif(40, 30, Bytes(1200, 2), {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    CHECK_THAT(expect_error<CorruptImage>(dir.write("half.gif", half(gif))), Catch::Contains("truncated GIF"));
    if (const Bytes avif = make_avif(40, 30, rgb); !avif.empty())
        CHECK_THAT(expect_error<CorruptImage>(dir.write("half.avif", half(avif))), Catch::Contains("AVIF"));
}

TEST_CASE("GIF, BMP, TIFF and AVIF headers over the pixel limit throw ImageTooLarge", "[io][errors][limits]") {
    ScratchDir dir;
    const Bytes rgb = test_pixels(4, 4, 3);
    Bytes gif = make_gif(4, 4, Bytes(16, 1), {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    gif = with_byte_changes(gif, 6, {0xFF, 0xFF, 0xFF, 0xFF});  // screen 65535x65535
    Bytes bmp = with_byte_changes(make_bmp24(4, 4, rgb), 18, {0x00, 0x00, 0x01, 0x00});  // width 65536
    bmp = with_byte_changes(bmp, 22, {0x00, 0x00, 0x01, 0x00});                           // height 65536
    const Bytes tiff = make_tiff(4, 4, 3, 2, rgb);
    std::vector<std::pair<std::string, Bytes>> files = {{"huge.gif", gif}, {"huge.bmp", bmp}};
    // The TIFF's IFD: ImageWidth and ImageLength (LONG values) set to 100000.
    Bytes huge_tiff = tiff;
    const std::size_t ifd = std::size_t(tiff[4]) | std::size_t(tiff[5]) << 8;
    for (std::size_t entry : {ifd + 2, ifd + 14}) huge_tiff = with_byte_changes(huge_tiff, entry + 8, {0xA0, 0x86, 0x01, 0x00});
    files.emplace_back("huge.tif", huge_tiff);
    for (const auto& [name, bytes] : files) {
        const std::string path = dir.write(name, bytes);
        largest = 0;
        tracking = true;
        const std::string what = expect_error<ImageTooLarge>(path);
        tracking = false;
        CHECK_THAT(what, Catch::Contains("exceeds the limit"));
        if (PIXELPREP_TRACK_NEW) CHECK(largest < (std::size_t(1) << 20));  // no pixel-sized buffer requested
    }
    // AVIF: a small image under a smaller max_pixels.
    if (const Bytes avif = make_avif(8, 6, test_pixels(8, 6, 3)); !avif.empty()) {
        io::DecodeOptions options;
        options.max_pixels = 47;
        CHECK_THAT(expect_error<ImageTooLarge>(dir.write("small.avif", avif), options), Catch::Contains("8x6 (48 pixels)"));
        options.max_pixels = 48;
        CHECK(io::decode_image_file(dir.path("small.avif"), options).width() == 8);
    }
}

TEST_CASE("TIFF variants pixelprep does not convert are refused by name", "[io][errors]") {
    ScratchDir dir;
    const Bytes tiff = make_tiff(4, 4, 3, 2, test_pixels(4, 4, 3), {{339, 2}});  // SampleFormat: signed
    CHECK_THAT(expect_error<UnsupportedFormat>(dir.write("signed.tif", tiff)), Catch::Contains("sample format 2"));
}

TEST_CASE("a PNG header declaring 100000x100000 fails fast without allocating", "[io][errors][limits]") {
    ScratchDir dir;
    Bytes png = make_png(4, 4, 8, 2, test_pixels(4, 4, 3));
    png = with_byte_changes(png, 16, {0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0});  // IHDR width, height = 100000
    // fix the IHDR CRC so that only the size is wrong
    const std::uint32_t crc = std::uint32_t(crc32(0L, png.data() + 12, 17));
    png = with_byte_changes(png, 29, {std::uint8_t(crc >> 24), std::uint8_t(crc >> 16), std::uint8_t(crc >> 8), std::uint8_t(crc)});
    const std::string path = dir.write("huge.png", png);

    largest = 0;
    tracking = true;
    const auto start = std::chrono::steady_clock::now();
    const std::string what = expect_error<ImageTooLarge>(path);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    tracking = false;
    CHECK_THAT(what, Catch::Contains("100000x100000"));
    if (PIXELPREP_TRACK_NEW) CHECK(largest < (std::size_t(1) << 20));  // no pixel-sized buffer requested
    CHECK(elapsed < std::chrono::seconds(1));
}

TEST_CASE("JPEG and WebP headers over the pixel limit throw ImageTooLarge", "[io][errors][limits]") {
    ScratchDir dir;
    const Bytes jpeg = make_jpeg(16, 16, 3);
    const std::size_t sof = sof0_payload(jpeg);  // precision, height(2), width(2)
    expect_error<ImageTooLarge>(dir.write("huge.jpg", with_byte_changes(jpeg, sof + 1, {0xFD, 0xE8, 0xFD, 0xE8})));

    // A VP8X header whose canvas is 16384x16384 (268M pixels > 178M).
    Bytes webp = {'R', 'I', 'F', 'F', 22, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X', 10, 0, 0, 0,
                  0, 0, 0, 0, 0xFF, 0x3F, 0, 0xFF, 0x3F, 0};
    expect_error<ImageTooLarge>(dir.write("huge.webp", webp));
}

TEST_CASE("max_pixels is configurable and checked against width * height", "[io][errors][limits]") {
    ScratchDir dir;
    const std::string path = dir.write("small.png", make_png(40, 30, 8, 0, test_pixels(40, 30, 1)));
    io::DecodeOptions options;
    options.max_pixels = 1199;
    CHECK_THAT(expect_error<ImageTooLarge>(path, options), Catch::Contains("1200 pixels"));
    options.max_pixels = 1200;
    CHECK(io::decode_image_file(path, options).height() == 30);
}

TEST_CASE("zero-sized images throw CorruptImage", "[io][errors]") {
    ScratchDir dir;
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    add_png_chunk(png, "IHDR", png_ihdr(0, 5, 8, 2));
    add_png_chunk(png, "IEND", {});
    expect_error<CorruptImage>(dir.write("zero.png", png));
    const Bytes jpeg = make_jpeg(16, 16, 3);
    expect_error<CorruptImage>(dir.write("zero.jpg", with_byte_changes(jpeg, sof0_payload(jpeg) + 1, {0, 0})));
}

TEST_CASE("bogus EXIF is handled as Pillow handles it", "[io][errors][exif]") {
    ScratchDir dir;
    // IFD0 offset far outside the block: Pillow warns and finds no tags, so the image loads
    // unrotated. So does ours.
    Bytes exif = exif_orientation(6);
    exif[10] = 0xF0;
    exif[11] = 0xFF;  // IFD0 at 0xFFF0
    const std::string far_ifd = dir.write("far_ifd.jpg", make_jpeg(20, 10, 3, exif));
    const ImageU8 img = io::decode_image_file(far_ifd);
    CHECK(img.height() == 10);
    CHECK(img.width() == 20);

    // The Orientation value stored out of line at an offset past the end: same outcome.
    Bytes bad_value = exif_orientation(6);
    bad_value[20] = 3;  // count 3: six bytes, stored out of line ...
    bad_value[24] = 0xFF;
    bad_value[25] = 0xFF;  // ... at offset 0xFFFF
    CHECK(io::decode_image_file(dir.write("bad_value_offset.jpg", make_jpeg(20, 10, 3, bad_value))).width() == 20);

    // An IFD that claims 60 entries but holds one: the entries present still count.
    Bytes long_count = exif_orientation(6);
    long_count[14] = 60;
    CHECK(io::decode_image_file(dir.write("long_count.jpg", make_jpeg(20, 10, 3, long_count))).width() == 10);

    // Not a TIFF header at all. Pillow swallows this while opening a JPEG whose JFIF segment
    // has no DPI (ours has none), so the image loads unrotated.
    Bytes garbage = exif_orientation(6);
    garbage[6] = 'X';
    garbage[7] = 'X';
    CHECK(io::decode_image_file(dir.write("garbage_header.jpg", make_jpeg(20, 10, 3, garbage))).width() == 20);

    // In a PNG eXIf chunk Pillow's getexif raises on it, so load_image fails.
    const Bytes tiff(garbage.begin() + 6, garbage.end());
    const std::string png = dir.write("garbage_exif.png", make_png(4, 2, 8, 0, test_pixels(4, 2, 1), {{"eXIf", tiff}}));
    CHECK_THAT(expect_error<CorruptImage>(png), Catch::Contains("EXIF"));
    // ... unless orientation is off: then metadata is never parsed.
    io::DecodeOptions no_orientation;
    no_orientation.apply_exif_orientation = false;
    CHECK(io::decode_image_file(png, no_orientation).width() == 4);
}

TEST_CASE("decode_image_bytes names the buffer as told", "[io][errors]") {
    const Bytes text = {'h', 'e', 'l', 'l', 'o'};
    CHECK_THROWS_WITH(io::decode_image_bytes(text, "upload #3"), Catch::StartsWith("upload #3: "));
    CHECK_THROWS_AS(io::decode_image_bytes({}, "nothing"), UnsupportedFormat);
}

TEST_CASE("truncations and corruptions of valid files never escape as anything but DecodeError",
          "[io][errors][robustness]") {
    std::mt19937 rng(2024);
    const std::vector<Bytes> sources = {
        make_jpeg(33, 17, 3, exif_orientation(6)), make_jpeg(33, 17, 1, {}, true),
        make_png(13, 7, 8, 6, test_pixels(13, 7, 4)), make_png(13, 7, 16, 2, test_pixels(13, 7, 6)),
        make_webp_lossless(13, 7, test_pixels(13, 7, 3)), make_bmp24(13, 7, test_pixels(13, 7, 3)),
        make_tiff(13, 7, 3, 2, test_pixels(13, 7, 3), {{274, 6}}),
        make_gif(13, 7, Bytes(91, 3), {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), make_avif(13, 7, test_pixels(13, 7, 3))};
    int decoded = 0, rejected = 0;
    for (const Bytes& src : sources) {
        if (src.empty()) continue;  // no AV1 encoder for the AVIF source
        for (std::size_t cut = 0; cut < src.size(); cut += 1 + src.size() / 97) {
            try {
                (void)io::decode_image_bytes(std::span(src.data(), cut), "cut");
                ++decoded;
            } catch (const DecodeError&) {
                ++rejected;
            }
        }
        for (int trial = 0; trial < 200; ++trial) {
            Bytes b = src;
            for (int k = 0; k < 1 + int(rng() % 4); ++k) b[rng() % b.size()] = std::uint8_t(rng());
            try {
                (void)io::decode_image_bytes(b, "flipped");
                ++decoded;
            } catch (const DecodeError&) {
                ++rejected;
            }
        }
    }
    CHECK(decoded > 0);
    CHECK(rejected > 0);
}
