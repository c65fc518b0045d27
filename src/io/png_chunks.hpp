// Internal: the PNG chunk walk Pillow's PngImageFile does around the pixel data.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

struct PngScan {
    OrientationSources orientation;
    // Offset of the first IDAT chunk (the file size when there is none).
    std::size_t image_data_start = 0;
    // Where the file ends inside the image data (in an IDAT chunk, its CRC, or the header of
    // the chunk after it), if it does: Pillow still succeeds when every row was decoded.
    std::optional<std::size_t> image_data_cut;
};

// Walks the chunks as Pillow does and returns where its getexif() would look for the
// orientation (eXIf, text chunks "exif" / "Raw profile type exif", XMP in
// "XML:com.adobe.xmp"). Before the first IDAT it is as strict as Pillow's open (CRCs,
// truncation, minimum chunk lengths, text chunk compression); after the image data it is
// as lenient as Pillow's load_end. Throws CorruptImage where Pillow raises. The pixels
// themselves are left to libspng (png_decode.cpp).
PngScan scan_png_chunks(const Input& in);

}  // namespace pixelprep::io::detail
