// Internal: the JPEG marker walk Pillow's JpegImageFile._open does before decoding.
#pragma once

#include "decoded_image.hpp"

namespace pixelprep::io::detail {

// What Pillow learns from the markers before the first SOS.
struct JpegMarkers {
    OrientationSources orientation;
    int components = 0;  // from the last SOF; 0 when there is none
};

// Walks the markers up to the first SOS the way Pillow does, collecting the EXIF (APP1
// "Exif" segments, concatenated), the XMP packet and whether JFIF declares a DPI, and
// throwing CorruptImage or UnsupportedFormat where Pillow's header parser raises.
JpegMarkers scan_jpeg_markers(const Input& in);

}  // namespace pixelprep::io::detail
