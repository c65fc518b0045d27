#!/bin/bash
# Builds tests/consumer/consumer.cpp as a separate meson project that gets pixelprep with
# dependency('pixelprep') from a subproject (the source tree), then runs it on a model folder.
# Usage: run_consumer.sh SOURCE_ROOT MODEL_FOLDER
set -euo pipefail
src="$1"; model="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/subprojects"
ln -s "$src" "$work/subprojects/pixelprep"
cp "$src/tests/consumer/consumer.cpp" "$work/"
cat >"$work/meson.build" <<'MESON'
project('pixelprep-consumer', 'cpp', default_options: ['cpp_std=c++20', 'buildtype=plain'])
pixelprep = dependency('pixelprep', fallback: ['pixelprep', 'pixelprep_dep'])
executable('consumer', 'consumer.cpp', dependencies: pixelprep)
MESON
meson setup "$work/build" "$work" -Dpixelprep:cuda=disabled -Dpixelprep:tests=disabled >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; exit 1; }
ninja -C "$work/build" consumer >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
"$work/build/consumer" "$model"
