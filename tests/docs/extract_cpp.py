#!/usr/bin/env python3
"""Writes the first ```cpp block of a Markdown file to a .cpp file, so the test suite
compiles exactly the code the documentation shows."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```cpp\n(.*?)```", text, flags=re.S)
if not blocks:
    sys.exit(f"{sys.argv[1]}: no ```cpp block")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(f"// Generated from {sys.argv[1]}; edit the documentation, not this file.\n")
    out.write(blocks[0])
