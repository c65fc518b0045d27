#!/usr/bin/env bash
# For a GPU machine that cannot build pixelprep (the lent device machines: no Eigen, xtensor,
# simdjson, libjpeg... and nothing can be installed there). Builds the cuda suite and the
# throughput benchmark here (BUILDDIR, default build; CUDA must be enabled in it), strips them
# and packs them, with the shared libraries they need beyond the C and C++ runtimes, into
# gpu-carry/gpu.tar.xz (about 1-2 MB; gpu-carry/ is kept out of git by .git/info/exclude).
# On the GPU machine, from the repository root, with gpu-carry carried:
#   bash benchmarks/gpu/run_carried.sh
# The first run on an H200 this way: docs/benchmarks/gpu_h200.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
builddir=${BUILDDIR:-build}
targets=(tests/cuda/test_cuda benchmarks/gpu/gpu_throughput)
ninja -C "$builddir" "${targets[@]}"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for t in "${targets[@]}"; do
  strip -o "$stage/$(basename "$t")" "$builddir/$t"
done
# Libraries outside the C/C++ runtimes (glibc, libstdc++, libgcc), which the GPU machine has.
ldd "$builddir/${targets[0]}" "$builddir/${targets[1]}" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u |
  grep -v -E '/(libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s)\.so' | while read -r lib; do
  cp -L "$lib" "$stage/"
done
mkdir -p gpu-carry
grep -qx '/gpu-carry/' .git/info/exclude 2>/dev/null || { mkdir -p .git/info && echo '/gpu-carry/' >> .git/info/exclude; }
tar -C "$stage" -cf - . | xz -9 > gpu-carry/gpu.tar.xz
echo "pack_for_device: gpu-carry/gpu.tar.xz ($(du -h gpu-carry/gpu.tar.xz | cut -f1)): $(ls "$stage" | tr '\n' ' ')"
