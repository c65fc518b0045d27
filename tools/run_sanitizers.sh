#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the
# concurrency test under ThreadSanitizer. Any report fails the run. CI runs this after the
# README's test command, one step per stage (.ci/run).
#
#   tools/run_sanitizers.sh [STEP...]   STEP: asan-build asan-test tsan (default: all three)
#
# The ASan+UBSan run uses the test setup 'sanitizers' (meson.build), which leaves out what
# would only repeat the README's test command:
#   * compile_fail and headers: they run the plain compiler on the headers, not the build;
#   * consumer: it builds its own project, without the sanitizers;
#   * cross (neon-qemu): a cross-compiled binary under qemu, not this build;
#   * parity-vlm: hf-parity runs the same cases;
#   * cli-parity: hf-parity's cases again, through the command (hf-parity runs them through the
#     same library under the sanitizers; the command's own code runs in the cli suite). Under
#     ASan it took 587 s of its 600 s timeout once the golden inputs grew to 22.
# hf-parity runs as its two interleaved parts, one per core (hf-parity-part1/2). And it leaves
# out four of its 22 golden inputs here, whose decoded pixels another input already gives (a
# path string of a file that is also given as a file; numpy copies of PNGs):
# PIXELPREP_PARITY_SKIP_INPUTS below. It prints how many cases that leaves out.
# The sanitizer builds compile only what the tests run (no benchmarks, no examples).
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
untested=(-Dbenchmarks=disabled -Dexamples=false -Dcuda=disabled -Dpython_bindings=disabled)
# -O1 and line-table debug info (-g1): what the sanitizers need for their checks and for
# file:line in reports, at half the compile time of -O2 -g (measured on the heaviest
# translation unit, src/processor/builtin_registry.cpp under ASan+UBSan: 281 s -> 144 s).
# Floating point stays strict IEEE (-ffp-contract=off is the project's), so every
# bit-exactness test means the same here.
sanitizer_flags=(-Doptimization=1 -Dcpp_args=-g1)
# clang where it is installed (tools/setup.sh installs it for the fuzzing stage): the same
# ASan+UBSan build took 606 s with clang 14 against 882 s with GCC 12 on CI's 2 cores
# (the registry translation unit: 349 s against 547 s), and the tests pass the same. A second
# compiler also sees what the main build's GCC does not. SANITIZER_CXX picks another.
sanitizer_cxx=${SANITIZER_CXX:-$(command -v clang++ || echo c++)}
setup_sanitizer_build() {  # DIR SANITIZERS
  [ -f "$1/build.ninja" ] && return 0
  echo "run_sanitizers.sh: configuring $1 with $sanitizer_cxx ($("$sanitizer_cxx" --version | head -n 1))"
  CXX="$sanitizer_cxx" meson setup "$1" -Db_sanitize="$2" -Db_lundef=false "${untested[@]}" "${sanitizer_flags[@]}"
}

asan_build() {
  setup_sanitizer_build build-asan address,undefined
  meson compile -C build-asan
}

asan_test() {
  local rc=0
  PIXELPREP_PARITY_SKIP_INPUTS=landscape_jpg_str,rotated_exif6_jpg_str,landscape_u8_hwc,gray_u8_hw1 \
  meson test -C build-asan --setup sanitizers --print-errorlogs --num-processes 2 || rc=$?
  python3 tools/test_summary.py build-asan/meson-logs/testlog-sanitizers.json "asan+ubsan"  # the setup names the log
  return $rc
}

tsan() {
  setup_sanitizer_build build-tsan thread
  meson compile -C build-tsan tests/concurrency_test
  local rc=0
  meson test -C build-tsan --print-errorlogs --no-rebuild concurrency || rc=$?
  python3 tools/test_summary.py build-tsan/meson-logs/testlog.json "tsan"
  return $rc
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(asan-build asan-test tsan)
rc=0
for step in "${steps[@]}"; do
  case "$step" in
    asan-build) asan_build ;;  # a build failure stops the run
    asan-test) asan_test || rc=$? ;;
    tsan) tsan || rc=$? ;;
    *) echo "run_sanitizers.sh: unknown step '$step' (asan-build, asan-test, tsan)" >&2; exit 2 ;;
  esac
done
exit $rc
