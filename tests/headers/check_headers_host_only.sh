#!/bin/sh
# Usage: check_headers_host_only.sh CXX INCLUDE_DIR [compiler args...]
# Proves that the public headers need no CUDA: none includes a CUDA header or declares a
# kernel, and each one compiles alone (its own translation unit, -fsyntax-only) with the
# plain host compiler and no CUDA include path.
cxx="$1"; inc="$2"; shift 2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](cuda|cuda_runtime|cuda_runtime_api|thrust/|cub/)' \
     "$inc/pixelprep"; then
  echo "FAIL: a public header includes a CUDA header (above)"; fail=1
fi
if grep -rnE '__global__|__device__|<<<' "$inc/pixelprep" | grep -v 'pixelprep/config.hpp'; then
  echo "FAIL: a public header contains device code (above)"; fail=1
fi

n=0
for h in $(cd "$inc" && find pixelprep -name '*.hpp' | LC_ALL=C sort); do
  n=$((n + 1))
  printf '#include <%s>\n' "$h" > "$tmp/tu.cpp"
  if "$cxx" -std=c++20 -fsyntax-only -I"$inc" "$@" "$tmp/tu.cpp" > "$tmp/err" 2>&1; then
    echo "ok: $h"
  else
    echo "FAIL: $h does not compile on its own:"; head -20 "$tmp/err"; fail=1
  fi
done
echo "headers-host-only: $n headers checked with $cxx"
exit $fail
