#!/usr/bin/env python3
"""cli-parity: the `pixelprep preprocess` command's .npy files against transformers' PIL
backend on load_image(path) (tests/golden): same keys, shapes, dtypes and bytes.

By default every config runs on two of its golden inputs, taken in turn from the list of
inputs so that every input file (each format and mode) goes through the command for about a
sixth of the configs. The command adds only its own plumbing (arguments, the model folder,
decoding the file, writing .npy) to the library calls that hf-parity checks on every case;
one process per case made the full set (2779 runs) 164 s of CI's 2 cores. --all runs every
case."""
import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import numpy as np
except ImportError as exc:  # pragma: no cover
    print(f"SKIP: cli-parity needs numpy ({exc}); run tools/setup_python_env.sh")
    sys.exit(77)

ROOT = Path(__file__).resolve().parents[2]

from golden_inputs import inputs_in_turn  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pixelprep", required=True)
    ap.add_argument("--all", action="store_true", help="every golden case, not two inputs per config")
    args = ap.parse_args()
    manifest = json.loads((ROOT / "tests/golden/manifest.json").read_text())
    all_cases = [c for c in manifest["cases"] if c["backend"] == "pil" and c["input_kind"] == "path" and "outputs" in c]
    cases = all_cases if args.all else inputs_in_turn(all_cases, 2)
    checked = mismatches = 0
    kinds = set()
    with tempfile.TemporaryDirectory(prefix="pixelprep-cli-parity-") as tmp:
        tmp = Path(tmp)
        for case in cases:
            raw = json.loads((ROOT / case["config_file"]).read_text())
            model = tmp / "models" / case["config"]
            if not model.exists():
                model.mkdir(parents=True)
                (model / "preprocessor_config.json").write_text(
                    json.dumps({k: v for k, v in raw.items() if not k.startswith("_")}))
                if "_model_config" in raw:
                    (model / "config.json").write_text(json.dumps(raw["_model_config"]))
            out = tmp / "out" / f"{case['config']}__{case['input']}"
            proc = subprocess.run([args.pixelprep, "preprocess", str(model), str(ROOT / case["image_file"]),
                                   "--out", str(out)], capture_output=True, text=True)
            checked += 1
            if proc.returncode != 0:
                mismatches += 1
                print(f"MISMATCH {case['config']} / {case['input']}: exit {proc.returncode}: {proc.stderr.strip()}")
                continue
            for key, g in case["outputs"].items():
                a = np.load(out / f"{key}.npy")
                digest = hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()
                if list(a.shape) != g["shape"] or str(a.dtype) != g["dtype"] or digest != g["sha256"]:
                    mismatches += 1
                    print(f"MISMATCH {case['config']} / {case['input']} / {key}: {a.dtype}{list(a.shape)}")
            kinds.add(Path(case["image_file"]).suffix)
    configs = len({c["config"] for c in cases})
    inputs = len({c["input"] for c in cases})
    print(f"cli parity: {checked} command runs of {len(all_cases)} golden cases ({configs} configs, {inputs} inputs, "
          f"{', '.join(sorted(kinds))} files), {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
