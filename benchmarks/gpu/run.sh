#!/usr/bin/env bash
# The GPU check and benchmark, in one run that fits in 10 minutes on a GPU machine:
#   1. configure + build the CUDA backend (builddir build-gpu, -Dcuda=enabled, release),
#      for this machine's GPU architecture only (set PIXELPREP_GPU_ARCHS to override);
#   2. meson test 'cuda': CudaPolicy vs CpuPolicy byte for byte;
#   3. gpu_throughput: images/s of CLIP-224 (batch 1/32/256) and Qwen2-VL (batch 1/32),
#      pixelprep CUDA and CPU, from 640x480 and 1920x1080 inputs;
#   4. hf_compare.py: transformers' torchvision backend on the same GPU (skipped with a
#      message when transformers/torch/torchvision are not importable), then one table.
# Usage, from anywhere:  bash benchmarks/gpu/run.sh
# Each step has its own time limit so that the whole run ends within 10 minutes.
set -u
cd "$(dirname "$0")/../.." || exit 1
start=$SECONDS
step() { echo; echo "== $* [$((SECONDS - start)) s]"; }
status=0

step "machine"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv
else
  echo "nvidia-smi not found"
fi
nvcc --version | tail -n 2
nproc

archs="${PIXELPREP_GPU_ARCHS:-}"
if [ -z "$archs" ] && command -v nvidia-smi >/dev/null 2>&1; then
  archs=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ *$//')
fi
[ -n "$archs" ] || archs='7.5 8.0 8.6 8.9 9.0 10.0 12.0'
echo "gpu_archs: $archs"

step "configure build-gpu"
setup_args=(-Dcuda=enabled "-Dgpu_archs=$archs" -Dbuildtype=release)
if [ -d build-gpu/meson-private ]; then
  timeout 60 meson setup --reconfigure build-gpu "${setup_args[@]}" || exit 1
else
  timeout 60 meson setup build-gpu "${setup_args[@]}" || exit 1
fi

step "build (the cuda test and the benchmark only)"
timeout 210 ninja -C build-gpu -j "$(nproc)" tests/cuda/test_cuda benchmarks/gpu/gpu_throughput || exit 1

step "meson test cuda"
timeout 120 meson test -C build-gpu --no-rebuild cuda -v || status=1

step "pixelprep throughput"
results=build-gpu/gpu_throughput.txt
timeout 100 build-gpu/benchmarks/gpu/gpu_throughput --min-seconds 1.0 | tee "$results"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "transformers torchvision throughput, and the table"
python="${PYTHON:-python3}"
if command -v "$python" >/dev/null 2>&1; then
  timeout 90 "$python" benchmarks/gpu/hf_compare.py --cpp-results "$results" --min-seconds 1.0 || status=1
else
  echo "hf-torchvision: skipped: no $python on PATH; pixelprep's numbers are above"
fi

step "done (status $status)"
exit $status
