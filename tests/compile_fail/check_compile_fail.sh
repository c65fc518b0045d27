#!/bin/sh
# Usage: check_compile_fail.sh EXPECT(fail|pass) PATTERN CXX SOURCE [compiler args...]
# Compiles SOURCE (syntax only). For "fail", the compile must fail AND print PATTERN (the
# readable static_assert sentence); for "pass" it must succeed.
expect="$1"; pattern="$2"; cxx="$3"; src="$4"; shift 4
out=$("$cxx" -std=c++20 -fsyntax-only "$@" "$src" 2>&1); rc=$?
if [ "$expect" = pass ]; then
  [ $rc -eq 0 ] && { echo "compiles, as it should: $src"; exit 0; }
  echo "$out" | head -20; echo "FAIL: $src should compile"; exit 1
fi
if [ $rc -eq 0 ]; then echo "FAIL: $src compiled but must not"; exit 1; fi
if echo "$out" | grep -q -- "$pattern"; then
  echo "rejected as it should be, with: $(echo "$out" | grep -m1 -o -- "$pattern.\{0,80\}")"; exit 0
fi
echo "$out" | head -30; echo "FAIL: $src was rejected, but without the message '$pattern'"; exit 1
