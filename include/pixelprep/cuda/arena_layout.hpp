// Where one launch's buffers sit inside a workspace (laid out on the host: the batched plan
// executor plans its arena in pixelprep/cuda/plan_batch.hpp): offsets handed out in order, each
// aligned for any element type (and for coalesced access), so that a single grow-only
// device allocation serves every call.
#pragma once

#include <cstddef>

namespace pixelprep::cuda {

class ArenaLayout {
public:
    static constexpr std::size_t alignment = 256;

    // Reserves `bytes` and returns their offset.
    std::size_t add(std::size_t bytes) {
        const std::size_t offset = (total_ + alignment - 1) / alignment * alignment;
        total_ = offset + bytes;
        return offset;
    }
    std::size_t total() const { return total_; }

private:
    std::size_t total_ = 0;
};

}  // namespace pixelprep::cuda
