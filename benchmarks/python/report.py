"""The Python benchmarks' output: the table printed, and written with its raw figures to the
results folder (NAME_latest.md / .json) when one is given."""
import json
from pathlib import Path


def publish(out_dir, name, title, lines, data):
    text = "\n".join(lines)
    print(text)
    if out_dir:
        Path(out_dir, f"{name}_latest.md").write_text(f"# {title}\n\n{text}\n")
        Path(out_dir, f"{name}_latest.json").write_text(json.dumps(data, indent=1))
