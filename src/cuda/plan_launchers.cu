// launch::execute_plans: the batched plan executor on the GPU (plan_pipeline.hpp).
#include <atomic>

#include "executor.cuh"
#include "plan_pipeline.hpp"
#include "pixelprep/cuda/runtime.hpp"

namespace pixelprep::cuda {

namespace {
std::atomic<std::uint64_t> batched_plan_calls{0};
}

std::uint64_t plan_batch_count() { return batched_plan_calls.load(); }

namespace launch {

void execute_plans(const PlanBatchJob& job) {
    GpuExecutor x;  // checks availability first
    pipelines::execute_plans(x, job);
    batched_plan_calls.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace launch

}  // namespace pixelprep::cuda
