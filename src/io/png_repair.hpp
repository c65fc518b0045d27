// Internal: copies of a PNG that libspng accepts exactly where Pillow accepts the original.
//
// Pillow never checks the CRCs from the first IDAT on, and it stops reading once the last row
// is decoded, so a file cut after that point (inside the final Adler-32 or CRC, or before
// IEND) still loads. libspng checks those CRCs (we keep its checking on, because that also
// turns on the Adler-32 check Pillow does make) and needs whole chunks. These copies remove
// exactly those two differences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace pixelprep::io::detail {

// The file up to `cut` (where it ends inside the image data), with the chunk there shortened
// to the bytes present, given a correct CRC, and followed by IEND. If rows are missing,
// libspng still fails, as Pillow does.
std::vector<std::uint8_t> close_cut_image_data(std::span<const std::uint8_t> png, std::size_t cut);

// The file with the CRC of every complete chunk from `image_data_start` on recomputed.
std::vector<std::uint8_t> fix_image_data_crcs(std::span<const std::uint8_t> png, std::size_t image_data_start);

}  // namespace pixelprep::io::detail
