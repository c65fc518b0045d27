#!/usr/bin/env bash
# The README's test command: set up, build, run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
bash tools/build.sh "$builddir"
rc=0
# Every test once: the default test setup (meson.build) leaves out hf-parity-vlm, whose cases
# hf-parity runs too, and hf-parity's two parts, which the sanitizer run uses.
meson test -C "$builddir" --print-errorlogs --num-processes 2 || rc=$?
python3 tools/test_summary.py "$builddir/meson-logs/testlog.json" tests
exit $rc
