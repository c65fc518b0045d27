#!/usr/bin/env bash
# The README's main-job command: set up (idempotent), build, and run `pixelprep preprocess`
# on a bundled example model and the bundled example images, printing the summary.
# Extra arguments go to `pixelprep preprocess` (e.g. another bundled model name).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
builddir=${BUILDDIR:-build}
[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
meson compile -C "$builddir"
model=${1:-clip-vit-base-patch16}
[ $# -gt 0 ] && shift
"$builddir/pixelprep" preprocess "$model" --out pixelprep-out "$@"
