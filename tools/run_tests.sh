#!/usr/bin/env bash
# The README's test command: set up (idempotent), build, run every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
builddir=${BUILDDIR:-build}
[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
meson compile -C "$builddir"
rc=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || rc=$?
python3 tools/test_summary.py "$builddir/meson-logs/testlog.json" tests
exit $rc
