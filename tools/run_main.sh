#!/usr/bin/env bash
# The README's main-job command: set up, build, and run `pixelprep preprocess` on a bundled
# example model and the bundled example images, printing the summary.
# Extra arguments go to `pixelprep preprocess` (e.g. another bundled model name).
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${BUILDDIR:-build}
bash tools/build.sh "$builddir"
model=${1:-clip-vit-base-patch16}
[ $# -gt 0 ] && shift
"$builddir/pixelprep" preprocess "$model" --out pixelprep-out "$@"
