#!/usr/bin/env bash
# The NEON resampling kernels (include/pixelprep/cpu/simd/resample_neon.hpp), checked on an
# x86 machine: cross-compiled with Debian's aarch64 toolchain and run under qemu-aarch64.
#   1. tests/unit/test_simd_resample.cpp, all of it: NEON against the scalar reference (six
#      filters, scales 1/20..20, widths 1..4096, random sizes, 1-4 channels), the value maps,
#      the fused path and the row bands over threads;
#   2. pillow-differential with the AArch64 checker: real Pillow (the venv's x86 Pillow 13)
#      writes the expected bytes, the AArch64 binary reproduces them at scalar and NEON.
# Speed is not measured here: qemu emulates, so its timings say nothing about an ARM CPU.
#
#   neon_under_qemu.sh PYTHON [SOURCE_ROOT]
# Exit 77 (skipped, with the reason) when the cross compiler, qemu-aarch64 or the venv's
# Python is missing: tools/setup.sh installs g++-aarch64-linux-gnu and qemu-user.
set -euo pipefail
python=$1
root=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
cxx=${PIXELPREP_AARCH64_CXX:-aarch64-linux-gnu-g++}
sysroot=${PIXELPREP_AARCH64_SYSROOT:-/usr/aarch64-linux-gnu}
for tool in "$cxx" qemu-aarch64; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (apt-get install g++-aarch64-linux-gnu qemu-user; tools/setup.sh does)"
    exit 77
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The library's strict floating-point flags (meson.build's strict_fp_args): GCC contracts
# a*b+c into fused multiply-adds on AArch64 by default, which would move coefficient bits.
flags=(-std=c++20 -O2 -ffp-contract=off -fno-fast-math -I"$root/include"
       -isystem /usr/include/eigen3 -isystem /usr/include)
# Catch2's runner, unoptimised (as in tests/meson.build), built beside the test itself.
"$cxx" "${flags[@]}" -O0 -c "$root/tests/unit/main.cpp" -o "$work/main.o" &
"$cxx" "${flags[@]}" -c "$root/tests/unit/test_simd_resample.cpp" -o "$work/test_simd_resample.o"
wait
"$cxx" "$work/main.o" "$work/test_simd_resample.o" -o "$work/simd_tests" -pthread
"$cxx" "${flags[@]}" "$root/tests/differential/pillow_diff_check.cpp" -o "$work/pillow_diff_check"

run_arm() { qemu-aarch64 -L "$sysroot" "$@"; }
echo "== NEON against the scalar reference (qemu-aarch64) =="
run_arm "$work/simd_tests" --reporter compact

if [ ! -x "$python" ]; then
  echo "SKIP (part 2): no Python at $python for pillow-differential; tools/setup_python_env.sh makes it"
  exit 77
fi
cat > "$work/checker" <<EOF
#!/bin/sh
exec qemu-aarch64 -L "$sysroot" "$work/pillow_diff_check" "\$@"
EOF
chmod +x "$work/checker"
echo "== pillow-differential, AArch64 checker (qemu-aarch64) =="
"$python" "$root/tests/differential/pillow_differential.py" --checker "$work/checker" "${@:3}"
