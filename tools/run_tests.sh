#!/usr/bin/env bash
# The README's test command: set up, build, run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
bash tools/build.sh "$builddir"
rc=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || rc=$?
python3 tools/test_summary.py "$builddir/meson-logs/testlog.json" tests
exit $rc
