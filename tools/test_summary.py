#!/usr/bin/env python3
"""Prints one closing line, 'N passed, N failed, N skipped', from meson's testlog.json."""
import collections
import json
import sys

counts = collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        counts[json.loads(line)["result"]] += 1
passed = counts["OK"] + counts["EXPECTEDFAIL"]
failed = counts["FAIL"] + counts["TIMEOUT"] + counts["UNEXPECTEDPASS"] + counts["ERROR"]
print(f"{sys.argv[2] if len(sys.argv) > 2 else 'meson'}: {passed} passed, {failed} failed, {counts['SKIP']} skipped")
