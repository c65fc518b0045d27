#!/bin/sh
# Usage: check_layering.sh SOURCE_ROOT
# The include graph goes downward only (docs/design.md, "Layers"):
#   core, numerics, geometry, config, options, io   the vocabulary and the shared planning
#   plan/                                           plans as values, and how views are placed
#   cpu/, cuda/                                     backends: below them only, never each other
#   pipeline/, models/                              recipes: generic over the backend
#   cpu_policy.hpp, cuda_policy.hpp,
#   backend_defaults.hpp, processor/                the top
# Prints every include that breaks a rule (file:line: include) and exits 1 if there is one.
root="$1"
inc="$root/include/pixelprep"
fail=0

# forbid DIRS... -- PATTERN: no header under the DIRS includes a pixelprep path matching PATTERN.
forbid() {
  pattern="$1"; why="$2"; shift 2
  for d in "$@"; do
    [ -e "$d" ] || continue
    hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]pixelprep/($pattern)" "$d")
    if [ -n "$hits" ]; then
      echo "$hits"
      echo "FAIL: $why"
      fail=1
    fi
  done
}

lower="$inc/core $inc/numerics $inc/geometry $inc/config $inc/options $inc/io"
forbid 'plan/|cpu/|cuda/|pipeline/|models/|processor/|cpu_policy|cuda_policy|backend_defaults|pixelprep\.hpp' \
  "the vocabulary and shared planning (core, numerics, geometry, config, options, io) include only each other" $lower
forbid 'cpu/|cuda/|pipeline/|models/|processor/|cpu_policy|cuda_policy|backend_defaults|pixelprep\.hpp' \
  "plan/ includes only the vocabulary below it" "$inc/plan"
forbid 'cuda/|cuda_policy|pipeline/|models/|processor/|cpu_policy|backend_defaults' "cpu/ includes only the layers below it" "$inc/cpu"
forbid 'cpu/|cpu_policy|pipeline/|models/|processor/|cuda_policy|backend_defaults' "cuda/ includes only the layers below it" \
  "$inc/cuda" "$root/src/cuda"
forbid 'cpu/|cuda/|cpu_policy|cuda_policy|backend_defaults|processor/' \
  "recipes (pipeline/, models/) are generic over the backend: no backend header, no top layer" \
  "$inc/pipeline" "$inc/models"

[ "$fail" -eq 0 ] && echo "layering: every include goes downward"
exit "$fail"
