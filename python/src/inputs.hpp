// Images handed over from Python, in two steps: collect() reads the Python objects (with the
// GIL held) and keeps references to them; batch() builds the ImageBatch (with the GIL
// released: it copies PIL pixels and decodes files and bytes).
//
// pixelprep/_inputs.py turns what a user passes (PIL images, numpy arrays, torch tensors,
// paths, bytes, nested lists) into the items read here, one tuple per image:
//   ("array", ndarray)           uint8 or float32, C-contiguous, 2-4 axes (a 4-D stack is N images)
//   ("pil", ndarray, mode)       a PIL image's pixels (H, W) or (H, W, C); mode L, LA, RGB or RGBA
//   ("path", str)                a file, decoded as transformers' load_image does
//   ("bytes", bytes, name)       an encoded file in memory; `name` is what errors call it
// and `samples` (None for a flat batch) gives each sample's image count of a nested batch.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include "pixelprep/core/input.hpp"

namespace pixelprep::python {

class CollectedInputs {
public:
    // With the GIL held. Throws InvalidArgument naming the item's index for an item that is
    // not one of the forms above.
    static CollectedInputs collect(nanobind::list items, nanobind::object samples);

    // Without the GIL. The arrays' memory stays owned by the Python objects this holds.
    ImageBatch batch() const;

    // Releases the Python references; call with the GIL held (the destructor would too).
    void clear() { items_.clear(); }

private:
    enum class Kind { array, pil, path, bytes };
    struct Item {
        Kind kind;
        nanobind::ndarray<nanobind::ro, nanobind::c_contig, nanobind::device::cpu> pixels;
        PilMode mode = PilMode::RGB;
        std::string text;          // path, or the name of bytes
        nanobind::bytes encoded;   // the bytes item's object (immutable; read without the GIL)
    };
    std::vector<Item> items_;
    std::optional<std::vector<std::size_t>> samples_;

    InputImage to_input(const Item& item, std::size_t index) const;
};

}  // namespace pixelprep::python
