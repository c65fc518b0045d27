// Writing BatchFeature values as .npy files and describing them in one line each.
#pragma once

#include <string>

#include "pixelprep/core/batch_feature.hpp"

namespace pixelprep::cli {

struct TensorStats {
    std::string dtype;
    std::string shape;
    double min = 0, max = 0, mean = 0;
};

TensorStats describe(const Tensor& t);
void write_npy(const std::string& path, const Tensor& t);
// An empty Python list (EoMT's patch_offsets without splitting) as numpy converts it:
// float64, shape (0,).
void write_empty_list_npy(const std::string& path);

}  // namespace pixelprep::cli
