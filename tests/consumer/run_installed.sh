#!/bin/bash
# The installed package as a user gets it: `meson install --destdir` into a staging folder,
# whose prefix is then MOVED elsewhere and the staging folder deleted (so nothing may depend
# on where it was installed). Against the moved tree, once:
#   1. a CMake project (tests/consumer/cmake) finds it with find_package(pixelprep), builds
#      consumer.cpp with pixelprep::pixelprep and pixelprep::io, and runs it on a bundled
#      example model and image from the moved tree;
#   2. the installed `pixelprep` command finds the bundled example models and images under
#      the moved share/pixelprep/examples; PIXELPREP_EXAMPLES still overrides.
# Usage: run_installed.sh SOURCE_ROOT BUILD_DIR VERSION
set -euo pipefail
src="$1"; build="$2"; version="$3"
command -v cmake >/dev/null || { echo "SKIP: cmake is not installed (tools/setup.sh installs it)"; exit 77; }
option() { meson introspect "$build" --buildoptions | python3 -c \
  "import json, sys; v = next(o['value'] for o in json.load(sys.stdin) if o['name'] == '$1'); print(','.join(v) if isinstance(v, list) else v)"; }
# A sanitizer build's static libraries need the sanitizer runtime, which a plain consumer does
# not link; the package is the same in the plain build, where this test runs.
sanitize=$(option b_sanitize)
[ "$sanitize" = none ] || [ -z "$sanitize" ] || { echo "SKIP: b_sanitize=$sanitize; the package test runs in the plain build"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok() { echo "ok: $1"; }
bad() { fails=$((fails + 1)); echo "FAIL: $1"; }
t0=$SECONDS

# The test depends on the installed targets, so --no-rebuild installs what is built already.
meson install -C "$build" --no-rebuild --destdir "$work/stage" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
prefix=$(option prefix); datadir=$(option datadir); bindir=$(option bindir)
moved="$work/moved"
mv "$work/stage$prefix" "$moved"
rm -rf "$work/stage"
examples="$moved/$datadir/pixelprep/examples"
echo "installed, moved to $moved ($((SECONDS - t0)) s)"

# 0. The version rule (README): the same minor before 1.0, the same major from 1.0 on.
IFS=. read -r major minor _ <<<"$version"
version_file=$(find "$moved" -name pixelprepConfigVersion.cmake)
expect_version() {  # request, compatible|incompatible
  local got
  got=$(cmake -DVERSION_FILE="$version_file" -DREQUEST="$1" -P "$src/tests/consumer/cmake/check_version.cmake" 2>&1)
  [ "$got" = "$1 $2" ] && ok "version $version, find_package(pixelprep $1): $2" || bad "find_package(pixelprep $1) against $version: '$got', expected $2"
}
expect_version "$version" compatible
expect_version "$major.$minor" compatible
expect_version "$major.$((minor + 1))" incompatible
expect_version "$((major + 1)).0" incompatible
if [ "$minor" -gt 0 ]; then
  expect_version "$major.$((minor - 1))" "$([ "$major" -eq 0 ] && echo incompatible || echo compatible)"
fi

# 1. The CMake consumer.
cmake_log="$work/cmake.log"
if cmake -S "$src/tests/consumer/cmake" -B "$work/cmake-build" -DCMAKE_BUILD_TYPE=Release \
     -DCMAKE_PREFIX_PATH="$moved" -DPIXELPREP_VERSION="$version" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
     >"$cmake_log" 2>&1 &&
   cmake --build "$work/cmake-build" >>"$cmake_log" 2>&1; then
  found=$(grep -o "pixelprep $version from .*" "$cmake_log" || true)
  [[ "$found" == "pixelprep $version from $moved/"* ]] && ok "find_package: $found" ||
    bad "find_package did not take the moved tree: '$found'"
  # The target's usage requirements reached the consumer's compile command.
  for flag in -ffp-contract=off -fno-fast-math '-std=(c|gnu)\+\+20' "(-I|-isystem )$moved/include"; do
    grep -Eq -- " $flag( |\")" "$work/cmake-build/compile_commands.json" && ok "consumer compiled with $flag" ||
      bad "consumer compile command lacks $flag: $(grep '"command"' "$work/cmake-build/compile_commands.json")"
  done
  echo "CMake consumer configured and built ($((SECONDS - t0)) s)"
  if out=$("$work/cmake-build/consumer" "$examples/models/clip-vit-base-patch16" "$examples/images/landscape.jpg" 2>&1) &&
     [ "$(grep -c 'CLIPImageProcessor on cpu, .*: pixel_values 1x3x224x224, ImageProcessor and AnyProcessor identical' <<<"$out")" -eq 2 ]; then
    ok "CMake consumer ran:"$'\n'"$out"
  else
    bad "CMake consumer output:"$'\n'"$out"
  fi
else
  tail -40 "$cmake_log"; bad "CMake consumer did not configure or build (log above)"
fi

# 2. The installed command and its bundled examples.
pixelprep="$moved/$bindir/pixelprep"
if out=$(env -u PIXELPREP_EXAMPLES "$pixelprep" info clip-vit-base-patch16 2>&1) &&
   grep -qx "model: *$examples/models/clip-vit-base-patch16" <<<"$out"; then
  ok "installed pixelprep info finds the bundled model: $(head -1 <<<"$out")"
else
  bad "installed pixelprep info clip-vit-base-patch16: $out"
fi
if out=$(env -u PIXELPREP_EXAMPLES "$pixelprep" preprocess clip-vit-base-patch16 --out "$work/out" 2>&1) &&
   n=$(ls "$examples/images" | grep -Ec '\.(jpe?g|png|webp)$') && grep -q "images: *$n (bundled examples)" <<<"$out" &&
   grep -qx "$examples/images/landscape.jpg" "$work/out/inputs.txt"; then
  ok "installed pixelprep preprocess takes the $n bundled images from $examples/images"
else
  bad "installed pixelprep preprocess with no image: $out"
fi
mkdir "$work/elsewhere"
if out=$(PIXELPREP_EXAMPLES="$work/elsewhere" "$pixelprep" info clip-vit-base-patch16 2>&1); then
  bad "PIXELPREP_EXAMPLES=$work/elsewhere did not override: $out"
elif grep -q "$work/elsewhere/models" <<<"$out"; then
  ok "PIXELPREP_EXAMPLES overrides: $out"
else
  bad "PIXELPREP_EXAMPLES error does not name the folder: $out"
fi
# The build tree's command keeps using the source tree's examples.
if out=$(env -u PIXELPREP_EXAMPLES "$build/pixelprep" info clip-vit-base-patch16 2>&1) &&
   grep -qx "model: *$src/examples/models/clip-vit-base-patch16" <<<"$out"; then
  ok "build-tree pixelprep uses $src/examples"
else
  bad "build-tree pixelprep info clip-vit-base-patch16: $out"
fi

echo "total $((SECONDS - t0)) s, $fails failure(s)"
[ "$fails" -eq 0 ]
