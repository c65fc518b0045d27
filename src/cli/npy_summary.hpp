// Describing BatchFeature values in one line each (pixelprep/io/npy_write.hpp writes them).
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

}  // namespace pixelprep::cli
