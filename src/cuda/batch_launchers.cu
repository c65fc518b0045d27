// launch::preprocess_batch: the batched generic pipeline on the GPU (batch_pipeline.hpp).
#include <string>

#include "executor.cuh"
#include "batch_pipeline.hpp"
#include "pixelprep/core/errors.hpp"

namespace pixelprep::cuda::launch {

namespace {

// A host pointer passed as a device input would fault inside a kernel (and poison the
// context); refuse it up front with the image's index.
void require_device_inputs(const BatchJob& job) {
    for (std::size_t gi = 0; gi < job.group_count; ++gi) {
        const BatchGroup& g = job.groups[gi];
        for (int k = 0; k < g.member_count; ++k) {
            const int i = g.members[k];
            cudaPointerAttributes a{};
            const cudaError_t status = cudaPointerGetAttributes(&a, job.inputs[i]);
            (void)cudaGetLastError();
            if (status != cudaSuccess || (a.type != cudaMemoryTypeDevice && a.type != cudaMemoryTypeManaged))
                throw InvalidArgument("CUDA batch: image " + std::to_string(i) +
                                      " is marked on_device but its pointer is not device memory");
        }
    }
}

}  // namespace

void preprocess_batch(const BatchJob& job) {
    GpuExecutor x;  // checks availability first
    if (job.inputs_on_device) require_device_inputs(job);
    pipelines::preprocess_batch(x, job);
}

}  // namespace pixelprep::cuda::launch
