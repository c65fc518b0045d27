#!/usr/bin/env python3
"""Writes a ```cpp block of a Markdown file to a .cpp file, so the test suite compiles
exactly the code the documentation shows: the first one, or with --after HEADING the first
one after that heading. Blocks whose info string names a file (```cpp path=...) are
excerpts of the library, checked by check_snippets.py, and never extracted."""
import argparse
import re
import sys

parser = argparse.ArgumentParser()
parser.add_argument("markdown")
parser.add_argument("output")
parser.add_argument("--after", help="a heading's text: take the first program block after it")
args = parser.parse_args()

text = open(args.markdown, encoding="utf-8").read()
if args.after:
    heading = re.search(r"^#+ " + re.escape(args.after) + r"\s*$", text, flags=re.M)
    if not heading:
        sys.exit(f"{args.markdown}: no heading '{args.after}'")
    text = text[heading.end():]
blocks = re.findall(r"```cpp\n(.*?)```", text, flags=re.S)
if not blocks:
    sys.exit(f"{args.markdown}: no ```cpp block" + (f" after '{args.after}'" if args.after else ""))
with open(args.output, "w", encoding="utf-8") as out:
    out.write(f"// Generated from {args.markdown}; edit the documentation, not this file.\n")
    out.write(blocks[0])
