#!/usr/bin/env bash
# The README's test command: set up, build, run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
bash tools/build.sh "$builddir"
rc=0
# Every suite but parity-vlm: hf-parity runs its cases too (`meson test -C build hf-parity-vlm`
# runs them alone).
meson test -C "$builddir" --print-errorlogs --num-processes 2 --no-suite parity-vlm || rc=$?
python3 tools/test_summary.py "$builddir/meson-logs/testlog.json" tests
exit $rc
