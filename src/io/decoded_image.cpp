#include "decoded_image.hpp"

namespace pixelprep::io::detail {

std::string message(const std::string& name, const std::string& reason) {
    std::string out = name + ": " + reason;
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

void check_image_size(const Input& in, const char* format, std::uint64_t width, std::uint64_t height) {
    const std::string dims = std::to_string(width) + "x" + std::to_string(height);
    if (width == 0 || height == 0)
        throw CorruptImage(message(in.name, std::string(format) + " header declares a zero-sized image (" + dims + ")"));
    // Both sides fit in 32 bits in every supported format, so the product cannot overflow.
    const std::uint64_t pixels = width * height;
    if (pixels > in.options.max_pixels)
        throw ImageTooLarge(message(in.name, "image size " + dims + " (" + std::to_string(pixels) +
                                                 " pixels) exceeds the limit of " +
                                                 std::to_string(in.options.max_pixels) +
                                                 " pixels (DecodeOptions::max_pixels; Pillow's decompression-bomb "
                                                 "limit), possible decompression bomb"));
    // The process-wide limit on every image pixelprep allocates (core/image.hpp), checked
    // here too so that a decode never fails with anything but a DecodeError.
    if (pixels > max_image_pixels())
        throw ImageTooLarge(message(in.name, "image size " + dims + " (" + std::to_string(pixels) +
                                                 " pixels) exceeds pixelprep's limit of " +
                                                 std::to_string(max_image_pixels()) +
                                                 " pixels per image (pixelprep::set_max_image_pixels)"));
    if (width > std::uint64_t(max_image_side) || height > std::uint64_t(max_image_side))
        throw ImageTooLarge(message(in.name, "image size " + dims + " has a side longer than " +
                                                 std::to_string(max_image_side) + " pixels"));
}

}  // namespace pixelprep::io::detail
