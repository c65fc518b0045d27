// A BatchFeature handed to Python as a dict, without copying pixels: each array becomes a
// numpy array that owns the C++ buffer (freed, or given back to pixelprep's array pool, when
// numpy lets go of it).
//
// Per-image lists stay lists of arrays (transformers without return_tensors). With
// return_tensors set, each key is one stacked array, as transformers' BatchFeature makes it,
// except a per-sample list of 1-D int64 arrays (Idefics3 rows/cols, Mllama num_tiles), which
// transformers keeps as a list of lists of ints.
#pragma once

#include <nanobind/nanobind.h>

#include "pixelprep/core/batch_feature.hpp"

namespace pixelprep::python {

// What the GIL-free part prepares: the stacked arrays when return_tensors is set.
struct PreparedOutputs {
    BatchFeature feature;
    bool stack = false;
};

// Without the GIL: stacks what must be stacked (the one copy return_tensors needs).
PreparedOutputs prepare_outputs(BatchFeature&& feature, bool stack);

// With the GIL.
nanobind::dict to_python(PreparedOutputs&& outputs);

}  // namespace pixelprep::python
