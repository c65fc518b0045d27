// The command's IMAGE arguments as a list of files: a folder stands for the images in it, a
// glob pattern the shell did not expand (quoted) for the paths it matches.
#pragma once

#include <string>
#include <vector>

namespace pixelprep::cli {

// Whether the name ends with an image extension pixelprep reads (jpg, jpeg, png, webp, gif,
// bmp, tif, tiff, avif, jp2, j2k; any case). Files in folders are picked by this alone.
bool has_image_extension(const std::string& name);

// The image files of a folder (hidden files and folders skipped), sorted by name in byte
// order; with `recursive`, of its subfolders too, sorted by relative path. Throws
// pixelprep::Error naming the folder when it holds none.
std::vector<std::string> folder_images(const std::string& dir, bool recursive);

// Each argument in order: a folder gives folder_images, a path that does not exist but has
// glob characters (* ? [) gives its matches (glob(3), byte order), each treated as an
// argument in turn; anything else is kept as given (the decoder reports a missing file).
// A pattern that matches nothing is an error naming it.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args, bool recursive);

}  // namespace pixelprep::cli
