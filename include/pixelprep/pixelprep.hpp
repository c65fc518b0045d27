// Umbrella header: everything a host program needs. Never pulls in CUDA headers.
#pragma once

#include "pixelprep/config.hpp"
#include "pixelprep/core/errors.hpp"
#include "pixelprep/core/image.hpp"
#include "pixelprep/core/resample.hpp"
#include "pixelprep/core/size_spec.hpp"
#include "pixelprep/core/working_image.hpp"
#include "pixelprep/cpu_policy.hpp"
#include "pixelprep/geometry/output_size.hpp"
