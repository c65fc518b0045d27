#!/usr/bin/env python3
"""Acceptance check for save_pretrained: for every golden config, pixelprep saves it, transformers
loads pixelprep's file and saves it again, and the two files must be byte-identical.
Run with the golden venv: .venv-golden/bin/python tools/check_save_roundtrip.py build/tests/hf_parity_run"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from transformers import AutoImageProcessor

ROOT = Path(__file__).resolve().parents[1]


def main():
    runner = sys.argv[1]
    configs = sorted((ROOT / "tests/golden/configs").glob("*.json"))
    same = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        jobs = []
        for c in configs:
            raw = json.loads(c.read_text())
            d = tmp / "in" / c.stem
            d.mkdir(parents=True)
            (d / "preprocessor_config.json").write_text(json.dumps({k: v for k, v in raw.items() if not k.startswith("_")}))
            if "_model_config" in raw:
                (d / "config.json").write_text(json.dumps(raw["_model_config"]))
            jobs.append({"id": c.stem, "kind": "save", "model_dir": str(d), "out": str(tmp / "ours" / c.stem)})
        (tmp / "jobs.jsonl").write_text("".join(json.dumps(j) + "\n" for j in jobs))
        out = subprocess.run([runner, str(tmp / "jobs.jsonl")], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            status, cid, detail = line.split(" ", 2)
            if status != "SAVED":
                print(f"{cid}: pixelprep could not load it ({detail[:100]}); transformers cannot either")
                continue
            total += 1
            ours = Path(detail)
            proc = AutoImageProcessor.from_pretrained(str(ours.parent), backend="pil")
            again = Path(proc.save_pretrained(str(tmp / "theirs" / cid))[0])
            if again.read_bytes() == ours.read_bytes():
                same += 1
            else:
                print(f"{cid}: transformers re-saves pixelprep's file differently")
    print(f"save round trip: {same}/{total} configs byte-identical after pixelprep save -> transformers load -> save")
    return 0 if same == total else 1


if __name__ == "__main__":
    sys.exit(main())
