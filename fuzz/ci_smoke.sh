#!/usr/bin/env bash
# CI's fuzzing stage: builds the three libFuzzer targets (fuzz/build.sh) and runs each for a
# short fixed time over the committed seeds (fuzz/corpus/TARGET) and what earlier runs in
# the same build folder added. Fails on any finding (crash, leak, timeout, out of memory,
# invariant) and prints each target's final statistics line.
#
#   fuzz/ci_smoke.sh                 # 15 s per target, JOBS=2 compile jobs
#   FUZZ_SECONDS=60 fuzz/ci_smoke.sh
#
# Needs what fuzz/build.sh needs (clang++ with libFuzzer). Cold: about 4 minutes on 2 cores
# (fuzz/README.md, "CI").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${PIXELPREP_FUZZ_BUILD:-$ROOT/build-fuzz}"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-15}"
export JOBS="${JOBS:-2}"

start=$(date +%s)
echo "== fuzz smoke: building the targets (JOBS=$JOBS)"
"$ROOT/fuzz/build.sh"
echo "== fuzz smoke: build took $(( $(date +%s) - start )) s"

failed=()
for target in fuzz_decode fuzz_config fuzz_processor; do
  artifacts="$BUILD/artifacts/$target"
  mkdir -p "$artifacts"
  marker="$BUILD/ci-smoke-$target.start"
  touch "$marker"
  rc=0
  "$ROOT/fuzz/run.sh" "$target" "$SECONDS_PER_TARGET" || rc=$?
  # Findings of this run only (a local build folder may keep older ones).
  findings=$(find "$artifacts" -type f -newer "$marker" | wc -l)
  if [ "$rc" -ne 0 ] || [ "$findings" -ne 0 ]; then
    echo "== fuzz smoke: $target FAILED (exit status $rc, $findings finding(s) in $artifacts)" >&2
    log="$BUILD/run/$target/run.log"
    tail -n 60 "$log" >&2 || true
    failed+=("$target")
  fi
done

echo "== fuzz smoke: total $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -ne 0 ]; then
  echo "== fuzz smoke: findings in ${failed[*]}; reproduce with build-fuzz/TARGET ARTIFACT (fuzz/README.md)" >&2
  exit 1
fi
echo "== fuzz smoke: no findings"
