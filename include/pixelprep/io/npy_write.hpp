// Outputs as .npy files, the way numpy stores what transformers returns with
// return_tensors="np": an array as itself, an empty Python list as np.asarray([]) (float64,
// shape (0,)), and a list of strings as np.asarray(list) (a '<U' array as wide as the longest
// string). The command's --out and the parity runner write through these.
#pragma once

#include <string>
#include <vector>

#include "pixelprep/core/batch_feature.hpp"

namespace pixelprep::io {

void write_npy(const std::string& path, const Tensor& t);
void write_empty_list_npy(const std::string& path);
void write_str_list_npy(const std::string& path, const std::vector<std::string>& items);

}  // namespace pixelprep::io
