#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (less the
# compile-fail checks and hf-parity-vlm, whose cases hf-parity runs too), and the
# concurrency test under ThreadSanitizer. Any report fails the run. CI runs this after the
# README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

[ -f build-asan/build.ninja ] || meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dcuda=disabled
meson compile -C build-asan
rc=0
meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite compile_fail --no-suite parity-vlm || rc=$?
python3 tools/test_summary.py build-asan/meson-logs/testlog.json "asan+ubsan"

[ -f build-tsan/build.ninja ] || meson setup build-tsan -Db_sanitize=thread -Db_lundef=false -Dcuda=disabled
meson compile -C build-tsan tests/concurrency_test
meson test -C build-tsan --print-errorlogs --no-rebuild concurrency || rc=$?
python3 tools/test_summary.py build-tsan/meson-logs/testlog.json "tsan"
exit $rc
