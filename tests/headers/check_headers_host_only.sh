#!/bin/sh
# Usage: check_headers_host_only.sh CXX INCLUDE_DIR [compiler args...]
#        HEADERS="pixelprep/a.hpp pixelprep/b.hpp" check_headers_host_only.sh ...  (only those)
# Proves that the public headers need no CUDA: none includes a CUDA header or declares a
# kernel, and each one compiles alone (its own translation unit, -fsyntax-only) with the
# plain host compiler and no CUDA include path.
#
# Precompiled bases, for speed: most headers pull in the same few heavy ones (78 of them
# models/generic_recipe.hpp, which alone takes 5 s to parse), and checking 193 headers one by
# one took 640 s of CI's 2 cores. So a few such bases are precompiled (a PCH, GCC's or
# clang's: both find BASE.gch for -include BASE), and a header whose own includes already pull
# in a base is checked with that base's PCH pre-included (-include, the largest base it has).
# That adds nothing the header does not include itself, so "compiles alone" keeps its meaning,
# provided every header includes all it needs before its own code; the first check below
# enforces exactly that. A base is not compiled a second time: precompiling it already
# compiled it alone. A header with no base in its includes is compiled with no PCH. Which
# headers a header pulls in comes from the compiler (-MM), not from reading #include lines,
# so #if branches count as compiled.
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

headers=${HEADERS:-$(cd "$inc" && find pixelprep -name '*.hpp' | LC_ALL=C sort)}

# Every pixelprep header a header includes comes before its first declaration (a line that
# starts with namespace, template, struct, class, enum, using, inline or constexpr; a .ipp
# table included in place is not a header).
late=$(cd "$inc" && for h in $headers; do
  awk '/^(namespace|template|struct|class|enum|using|inline|constexpr)[[:space:](<]/ { code = 1 }
       code && /^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]pixelprep\/.*\.hpp[>"]/ { print FILENAME ":" FNR ": " $0 }' "$h"
done)
if [ -n "$late" ]; then
  echo "$late"
  echo "FAIL: a header includes a pixelprep header after its own code (above); includes go first"; fail=1
fi

# The bases, largest first: each is pre-included only where a header already pulls it in.
bases="pixelprep/models/generic_recipe.hpp pixelprep/core/batch_feature.hpp pixelprep/core/working_image.hpp
pixelprep/core/image.hpp"
k=0
for b in $bases; do
  k=$((k + 1))
  mkdir "$tmp/pch$k"
  printf '#include <%s>\n' "$b" > "$tmp/pch$k/base.hpp"
  if ! "$cxx" -std=c++20 -x c++-header -I"$inc" "$@" "$tmp/pch$k/base.hpp" -o "$tmp/pch$k/base.hpp.gch" \
       > "$tmp/err" 2>&1; then
    echo "FAIL: $b does not compile on its own:"; head -20 "$tmp/err"; fail=1
    rm -f "$tmp/pch$k/base.hpp.gch"
  fi
done

n=0; with_pch=0
for h in $headers; do
  n=$((n + 1))
  k=0; precompiled=""
  for b in $bases; do
    k=$((k + 1))
    if [ "$b" = "$h" ] && [ -f "$tmp/pch$k/base.hpp.gch" ]; then precompiled=yes; fi
  done
  if [ -n "$precompiled" ]; then
    echo "ok: $h (compiled alone when precompiled as a base)"; continue
  fi
  printf '#include <%s>\n' "$h" > "$tmp/tu.cpp"
  # The pixelprep headers this header pulls in, itself included.
  "$cxx" -std=c++20 -MM -I"$inc" "$@" "$tmp/tu.cpp" 2>/dev/null | tr ' \\' '\n\n' | grep 'pixelprep/.*\.hpp$' |
    sed "s|^$inc/||" > "$tmp/deps"  # paths as -MM prints them: INCLUDE_DIR/pixelprep/...
  pch=""; pch_base=""; k=0
  for b in $bases; do
    k=$((k + 1))
    if [ "$b" != "$h" ] && [ -f "$tmp/pch$k/base.hpp.gch" ] && grep -qxF "$b" "$tmp/deps"; then
      pch="$tmp/pch$k/base.hpp"; pch_base=$b; break
    fi
  done
  if [ -n "$pch" ]; then
    with_pch=$((with_pch + 1))
    set -- -Winvalid-pch -include "$pch" "$@"
  fi
  if "$cxx" -std=c++20 -fsyntax-only -I"$inc" "$@" "$tmp/tu.cpp" > "$tmp/err" 2>&1; then
    echo "ok: $h${pch_base:+ (with $pch_base precompiled)}"
  else
    echo "FAIL: $h does not compile on its own:"; head -20 "$tmp/err"; fail=1
  fi
  [ -z "$pch" ] || shift 3
done
echo "headers-host-only: $n headers checked with $cxx ($with_pch of them with the precompiled base their own includes pull in)"
exit $fail
