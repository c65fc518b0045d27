#!/usr/bin/env python3
"""Keeps docs/errors.md and tests/unit/test_errors_doc.cpp in step (meson test 'docs-errors').

Every entry heading of the document (`### group: name`) must have a Catch2 test case (or
section) of exactly that name in the test file, and every test case there must be an entry
of the document. Entries outside the command-line section must also name the exception
class they document.

    check_errors_doc.py docs/errors.md tests/unit/test_errors_doc.cpp
"""
import re
import sys

CLASSES = {"Error", "InvalidArgument", "ImageError", "LimitError", "ConfigError", "BackendUnavailable",
           "CudaError", "DecodeError", "FileReadError", "UnsupportedFormat", "CorruptImage", "ImageTooLarge"}


def doc_entries(text):
    """(heading, body) for every ### heading."""
    entries = []
    parts = re.split(r"^### (.+?)\s*$", text, flags=re.M)
    for i in range(1, len(parts), 2):
        body = parts[i + 1].split("\n## ", 1)[0]
        entries.append((parts[i], body))
    return entries


def test_names(text):
    return re.findall(r'\b(?:TEST_CASE|SECTION)\(\s*"((?:[^"\\]|\\.)*)"', text)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        tests = f.read()
    entries = doc_entries(doc)
    headings = [h for h, _ in entries]
    names = test_names(tests)
    problems = []
    if not entries:
        problems.append("no '### group: name' entries found in %s" % sys.argv[1])
    for h in sorted({h for h in headings if headings.count(h) > 1}):
        problems.append("entry listed twice in the document: %r" % h)
    for h, body in entries:
        if ":" not in h:
            problems.append("entry heading is not 'group: name': %r" % h)
        if h not in names:
            problems.append("no test case named %r in %s" % (h, sys.argv[2]))
        if not h.startswith("cli:") and not any("`%s`" % c in body for c in CLASSES):
            problems.append("entry %r names no exception class" % h)
    for n in names:
        if n not in headings:
            problems.append("test case %r has no entry in %s" % (n, sys.argv[1]))
    if problems:
        for p in problems:
            print("docs-errors: " + p)
        return 1
    print("docs-errors: %d entries, each with its test case" % len(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
