#!/usr/bin/env python3
"""Prints one line per skipped test with the reason it gave (its last output line), then one
closing line, 'N passed, N failed, N skipped', from meson's testlog.json."""
import collections
import json
import sys

counts = collections.Counter()
label = sys.argv[2] if len(sys.argv) > 2 else "meson"
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    test = json.loads(line)
    counts[test["result"]] += 1
    if test["result"] == "SKIP":
        output = [l for l in (test.get("stdout") or "").splitlines() + (test.get("stderr") or "").splitlines() if l.strip()]
        print(f"{label}: skipped {test['name']}: {output[-1] if output else '(no reason printed)'}")
passed = counts["OK"] + counts["EXPECTEDFAIL"]
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["UNEXPECTEDPASS"] + counts["ERROR"]
print(f"{label}: {passed} passed, {failed} failed, {counts['SKIP']} skipped")
