#!/usr/bin/env bash
# The GPU check and benchmark, in one run that ends within 10 minutes on a GPU machine:
#   1. configure + build the CUDA backend (builddir build-gpu, -Dcuda=enabled, -O2 without
#      debug info, NDEBUG: release code that compiles faster than -O3 -- the registry TU
#      alone takes minutes), for this machine's GPU architecture only (set
#      PIXELPREP_GPU_ARCHS to override);
#   2. the 'cuda' suite (tests/cuda/test_cuda, run directly): CudaPolicy vs CpuPolicy byte for
#      byte over every supported model, all six filters and 520 random sizes, the batched
#      path, device outputs and their DLPack view, no allocation in steady state. On this
#      machine a skip (exit 77, no usable GPU) counts as a failure;
#   3. gpu_throughput: images/s of CLIP-224 and Qwen2-VL (default pixel limits) at batch 1,
#      32 and 256, from 640x480 and 1920x1080 inputs: pixelprep CUDA (host output), CUDA
#      with device output (CLIP), CPU (Qwen2-VL CPU up to batch 32);
#   4. hf_compare.py: transformers' torchvision backend on the same GPU and inputs (versions
#      printed; skipped with a message when transformers/torch/torchvision are missing),
#      then one table of images/s and ratios.
# Every step has a time limit cut to what is left of a 585 s budget; a failed or timed-out
# step is reported in the summary at the end and makes the exit status 1 (never silent).
# Usage, from anywhere:  bash benchmarks/gpu/run.sh      (log: build-gpu/run.log)
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build-gpu
exec > >(tee build-gpu/run.log) 2>&1

budget=${PIXELPREP_GPU_BUDGET_S:-585}
start=$SECONDS
summary=()
failed=0
step() { echo; echo "== $* [$((SECONDS - start)) s of $budget s]"; }
left() { echo $((budget - (SECONDS - start))); }

# run_limited NAME LIMIT_S COMMAND...: runs COMMAND under min(LIMIT_S, time left - 5 s);
# records "NAME: ok" or "NAME: FAILED (...)"; returns the command's status.
run_limited() {
  local name=$1 limit=$2 rc=0
  shift 2
  local remaining=$(( $(left) - 5 ))
  (( remaining < limit )) && limit=$remaining
  if (( limit < 5 )); then
    summary+=("$name: NOT RUN (time budget spent)"); failed=1; return 1
  fi
  echo "(limit ${limit} s) $*"
  timeout --kill-after=5 "$limit" "$@" || rc=$?
  if (( rc == 0 )); then
    summary+=("$name: ok")
  elif (( rc == 124 || rc == 137 )); then
    summary+=("$name: FAILED (timed out after ${limit} s)"); failed=1
  else
    summary+=("$name: FAILED (exit status $rc)"); failed=1
  fi
  return $rc
}

finish() {
  echo
  echo "== summary [$((SECONDS - start)) s]"
  local line
  for line in "${summary[@]}"; do echo "  $line"; done
  if (( failed )); then echo "RESULT: FAIL"; exit 1; fi
  echo "RESULT: PASS"
  exit 0
}

step "machine"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv || true
else
  echo "nvidia-smi not found"
fi
command -v nvcc >/dev/null 2>&1 && nvcc --version | tail -n 2 || echo "nvcc not on PATH (meson may still find the toolkit)"
echo "cpus: $(nproc)"

archs="${PIXELPREP_GPU_ARCHS:-}"
if [[ -z "$archs" ]] && command -v nvidia-smi >/dev/null 2>&1; then
  archs=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | sort -u | tr '\n' ' ' | sed 's/ *$//' || true)
fi
[[ -n "$archs" ]] || archs='7.5 8.0 8.6 8.9 9.0 10.0 12.0'
echo "gpu_archs: $archs"

step "configure build-gpu"
setup_args=(-Dcuda=enabled "-Dgpu_archs=$archs" -Doptimization=2 -Ddebug=false -Db_ndebug=true -Dtests=enabled)
if [[ -f build-gpu/meson-private/coredata.dat ]]; then
  run_limited configure 90 meson setup --reconfigure build-gpu "${setup_args[@]}" || finish
else
  run_limited configure 90 meson setup build-gpu "${setup_args[@]}" || finish
fi

step "build (the cuda test and the benchmark only)"
run_limited build 330 ninja -C build-gpu -j "$(nproc)" tests/cuda/test_cuda benchmarks/gpu/gpu_throughput || finish

step "cuda suite: CudaPolicy vs CpuPolicy, byte for byte"
cuda_rc=0
run_limited "cuda suite" 150 build-gpu/tests/cuda/test_cuda || cuda_rc=$?
if (( cuda_rc == 77 )); then
  summary+=("cuda suite: the GPU was not usable (exit 77, reason above): this run checked nothing on a GPU")
fi

step "pixelprep throughput"
results=build-gpu/gpu_throughput.txt
: > "$results"
run_limited "pixelprep throughput" 170 \
  bash -c 'set -o pipefail; build-gpu/benchmarks/gpu/gpu_throughput --min-seconds 0.5 | tee "$1"' _ "$results" || true

step "transformers torchvision throughput, and the table"
python="${PYTHON:-python3}"
if command -v "$python" >/dev/null 2>&1; then
  hf_limit=$(( $(left) - 20 ))
  (( hf_limit > 120 )) && hf_limit=120
  if (( hf_limit > 15 )); then
    hf_rc=0
    run_limited "hf-torchvision + table" "$hf_limit" "$python" benchmarks/gpu/hf_compare.py \
      --cpp-results "$results" --min-seconds 0.5 --deadline-seconds $(( hf_limit - 15 )) || hf_rc=$?
    if (( hf_rc == 3 )); then
      summary+=("  (exit 3: the table is printed, but transformers' torchvision backend was not measured; reason above)")
    elif (( hf_rc != 0 )); then
      echo "hf_compare did not finish: the table of pixelprep's numbers only:"
      timeout 15 "$python" benchmarks/gpu/hf_compare.py --cpp-results "$results" --no-hf || true
    fi
  else
    summary+=("hf-torchvision: NOT RUN (time budget spent)"); failed=1
    timeout 10 "$python" benchmarks/gpu/hf_compare.py --cpp-results "$results" --no-hf || true
  fi
else
  summary+=("hf-torchvision: skipped: no $python on PATH (pixelprep's numbers are in $results)")
  grep '^RESULT' "$results" || true
fi

finish
