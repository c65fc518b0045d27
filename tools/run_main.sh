#!/usr/bin/env bash
# The README's main-job command: set up (idempotent), build, run the example pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
builddir=${BUILDDIR:-build}
[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
meson compile -C "$builddir"
"$builddir/quickstart"
