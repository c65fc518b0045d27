#!/usr/bin/env python3
"""Every ```cpp path=FILE block of a Markdown file must appear, verbatim, in FILE (relative
to the source root): the documentation quotes the library's real code, and a change to the
code that the text does not follow fails here. Prints what it checked."""
import re
import sys

markdown, root = sys.argv[1], sys.argv[2]
text = open(markdown, encoding="utf-8").read()
snippets = re.findall(r"```cpp path=(\S+)\n(.*?)```", text, flags=re.S)
if not snippets:
    sys.exit(f"{markdown}: no ```cpp path=... excerpts to check")
failed = 0
for path, code in snippets:
    source = open(f"{root}/{path}", encoding="utf-8").read()
    if code in source:
        print(f"ok: {len(code.splitlines())} lines quoted from {path}")
    else:
        failed += 1
        print(f"NOT FOUND in {path} (the documentation quotes code that is not there):\n{code}")
sys.exit(1 if failed else 0)
