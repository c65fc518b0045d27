#!/usr/bin/env bash
# The test suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the concurrency
# test under ThreadSanitizer. Any report fails the run. CI runs these steps after the README's
# test command (.ci/run): both setups first, one after the other (two meson setups at once in
# one source tree collide), then both builds beside the wheel and fuzz builds, then both tests.
#
#   tools/run_sanitizers.sh [STEP...]   STEP: asan-setup asan-build asan-test tsan-setup
#                                       tsan-build tsan-test, or tsan for its build and test
#                                       (default: the builds and tests; a build sets up first)
#   JOBS=N: compile jobs (default: ninja's), for CI, which runs these builds beside others.
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
# PIXELPREP_PARITY_SKIP_INPUTS below. Of the other 18, each config runs on 4, dealt out in turn
# so that every input meets two ninths of the configs (PIXELPREP_PARITY_INPUTS_PER_CONFIG): the
# sanitizers look for memory and undefined-behaviour faults, which a config's code meets on its
# geometry and input kinds, not on each of 18 images again; the full grid took 320 s of CI's CPU
# here and runs unsanitized in the README's test command. hf-parity prints what it left out.
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
jobs=()
[ -z "${JOBS:-}" ] || jobs=(-j "$JOBS")
setup_sanitizer_build() {  # DIR SANITIZERS [MESON OPTION...] (later options win)
  [ -f "$1/build.ninja" ] && return 0
  local dir=$1 sanitizers=$2
  shift 2
  echo "run_sanitizers.sh: configuring $dir with $sanitizer_cxx ($("$sanitizer_cxx" --version | head -n 1))"
  CXX="$sanitizer_cxx" meson setup "$dir" -Db_sanitize="$sanitizers" -Db_lundef=false "${untested[@]}" \
    "${sanitizer_flags[@]}" "$@"
}

asan_setup() { setup_sanitizer_build build-asan address,undefined; }
asan_build() {
  asan_setup
  meson compile -C build-asan "${jobs[@]}"
}

asan_test() {
  local rc=0
  PIXELPREP_PARITY_SKIP_INPUTS=landscape_jpg_str,rotated_exif6_jpg_str,landscape_u8_hwc,gray_u8_hw1 \
  PIXELPREP_PARITY_INPUTS_PER_CONFIG=4 \
  meson test -C build-asan --setup sanitizers --print-errorlogs --num-processes 2 || rc=$?
  python3 tools/test_summary.py build-asan/meson-logs/testlog-sanitizers.json "asan+ubsan"  # the setup names the log
  return $rc
}

# At -O0: TSan's checks do not need optimized code, the one test runs in under a second either
# way, and the build (the registry translation unit, which AnyProcessor needs) is most of this
# step's time.
tsan_setup() { setup_sanitizer_build build-tsan thread -Doptimization=0; }
tsan_build() {
  tsan_setup
  meson compile -C build-tsan "${jobs[@]}" tests/concurrency_test
}

tsan_test() {
  local rc=0
  meson test -C build-tsan --print-errorlogs --no-rebuild concurrency || rc=$?
  python3 tools/test_summary.py build-tsan/meson-logs/testlog.json "tsan"
  return $rc
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(asan-build asan-test tsan-build tsan-test)
rc=0
for step in "${steps[@]}"; do
  case "$step" in
    asan-setup) asan_setup ;;
    asan-build) asan_build ;;  # a build failure stops the run
    asan-test) asan_test || rc=$? ;;
    tsan-setup) tsan_setup ;;
    tsan-build) tsan_build ;;
    tsan-test) tsan_test || rc=$? ;;
    tsan) tsan_build; tsan_test || rc=$? ;;
    *) echo "run_sanitizers.sh: unknown step '$step' (asan-setup, asan-build, asan-test, tsan-setup, tsan-build, tsan-test, tsan)" >&2; exit 2 ;;
  esac
done
exit $rc
