#!/usr/bin/env bash
# Set up (idempotent: tools/setup.sh installs only what is missing), configure once, build.
# Shared by the README's two commands (tools/run_main.sh, tools/run_tests.sh).
# Usage: tools/build.sh [BUILDDIR]   (default: $BUILDDIR or build)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
builddir=${1:-${BUILDDIR:-build}}
[ -f "$builddir/build.ninja" ] || meson setup "$builddir"
meson compile -C "$builddir"
