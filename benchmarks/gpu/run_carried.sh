#!/usr/bin/env bash
# run.sh's checks with binaries built elsewhere (benchmarks/gpu/pack_for_device.sh): the cuda
# suite (a skip, exit 77, counts as a failure here), gpu_throughput, then hf_compare.py with
# the machine's own transformers/torch/torchvision. Logs go to $OUT when it is set (the
# device tool's folder that comes back), else to build-gpu/. Run from the repository root.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-build-gpu}
mkdir -p "$out"
bin=$(mktemp -d)
tar -C "$bin" -xJf gpu-carry/gpu.tar.xz || { echo "run_carried: no gpu-carry/gpu.tar.xz (pack_for_device.sh)"; exit 1; }
export LD_LIBRARY_PATH="$bin${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv || true
failed=0
echo "== cuda suite"
timeout 200 "$bin/test_cuda" > "$out/test_cuda.log" 2>&1; rc=$?
tail -n 3 "$out/test_cuda.log"
echo "test_cuda exit status $rc"; (( rc == 0 )) || failed=1
echo "== pixelprep throughput"
timeout 170 "$bin/gpu_throughput" --min-seconds 0.5 > "$out/gpu_throughput.txt" 2>&1 || failed=1
grep -v '^RESULT' "$out/gpu_throughput.txt"
echo "== transformers torchvision throughput, and the table"
timeout 130 python3 benchmarks/gpu/hf_compare.py --cpp-results "$out/gpu_throughput.txt" --min-seconds 0.5 \
  --deadline-seconds 110 2>&1 | tee "$out/hf_compare.log" || failed=1
if (( failed )); then echo "RESULT: FAIL"; exit 1; fi
echo "RESULT: PASS"
