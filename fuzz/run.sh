#!/usr/bin/env bash
# Runs one fuzz target for a given time, building it first if needed, and prints the
# final statistics (executions, coverage, features, corpus).
#
#   fuzz/run.sh TARGET SECONDS [libFuzzer flags...]
#   fuzz/run.sh fuzz_decode 600 -jobs=1 -workers=1
#
# TARGET is fuzz_decode, fuzz_config or fuzz_processor. New corpus entries go to
# build-fuzz/corpus/TARGET (the committed seeds in fuzz/corpus/TARGET are read, never
# written); crashes, leaks, timeouts and OOMs to build-fuzz/artifacts/TARGET/; with -jobs the
# per-job log is build-fuzz/run/TARGET/fuzz-0.log. Reproduce a finding with
#   build-fuzz/TARGET ARTIFACT_FILE
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${PIXELPREP_FUZZ_BUILD:-$ROOT/build-fuzz}"
if [ $# -lt 2 ]; then
  echo "usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]" >&2
  exit 2
fi
target="$1"; seconds="$2"; shift 2

# Per-target limits: input size, time per input, memory. The targets lower pixelprep's image
# pixel limit to 2^22 (fuzz/fuzz_support.hpp), which keeps one input well inside these.
case "$target" in
  fuzz_decode)    limits=(-max_len=65536 -timeout=10 -rss_limit_mb=2048) ;;
  fuzz_config)    limits=(-max_len=4096 -timeout=10 -rss_limit_mb=2048 "-dict=$ROOT/fuzz/config.dict") ;;
  fuzz_processor) limits=(-max_len=512 -timeout=30 -rss_limit_mb=2560) ;;
  *) echo "fuzz/run.sh: unknown target '$target' (fuzz_decode, fuzz_config, fuzz_processor)" >&2; exit 2 ;;
esac

mkdir -p "$BUILD"
"$ROOT/fuzz/build.sh" "$target" >"$BUILD/build.log" 2>&1 || { cat "$BUILD/build.log" >&2; exit 1; }

corpus="$BUILD/corpus/$target"
artifacts="$BUILD/artifacts/$target"
rundir="$BUILD/run/$target"
mkdir -p "$corpus" "$artifacts" "$rundir"
rm -f "$rundir"/fuzz-*.log

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

log="$rundir/run.log"
rc=0
(cd "$rundir" && "$BUILD/$target" "${limits[@]}" -max_total_time="$seconds" -print_final_stats=1 \
   -artifact_prefix="$artifacts/" "$@" "$corpus" "$ROOT/fuzz/corpus/$target") >"$log" 2>&1 || rc=$?

# With -jobs the fuzzing output is in fuzz-N.log; without, in run.log.
out="$log"
[ -f "$rundir/fuzz-0.log" ] && out="$rundir/fuzz-0.log"
echo "== $target: ${seconds}s, exit status $rc (output: $out)"
grep -E '^#[0-9]+[[:space:]]' "$out" | tail -n 1 || true
grep -E '^stat::|Done [0-9]+ runs' "$out" || true
grep -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:|invariant failed|Test unit written' "$out" | head -n 5 || true
echo "corpus: $(ls "$corpus" | wc -l) files in $corpus; artifacts: $(ls "$artifacts" | wc -l) in $artifacts"
exit $rc
