#!/usr/bin/env python3
"""hf-parity for the vision-language processors (tests/golden_vlm, tools/make_vlm_goldens.py):
pixelprep's CpuPolicy against transformers 5.23.0's PIL backend, byte for byte, on every
recorded config x input x call variant; the torchvision backend within transformers' own
tolerance where its array is stored. Models pixelprep does not implement yet are listed as
such (their cases are not run)."""
import argparse
import collections
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import numpy as np
except ImportError as exc:  # pragma: no cover
    print(f"SKIP: vlm parity needs numpy ({exc}); run tools/setup_python_env.sh")
    sys.exit(77)

ROOT = Path(__file__).resolve().parents[2]
IMPLEMENTED = {"qwen2_vl": "Qwen2VL", "llava_next": "LlavaNext", "pixtral": "Pixtral", "siglip2": "Siglip2", "gemma3": "Gemma3",
               "idefics3": "Idefics3", "smolvlm": "SmolVLM", "mllama": "Mllama"}


def token_kwargs(c, config):
    """The options image_token_count gets: the call's options plus the Processor-level values
    the config records in `_processor` (patch_size, image_seq_len, ...). Pixtral's 'processor'
    variant already carries patch_size * spatial_merge_size as patch_size, so there the
    Processor's own values are given instead (the hook multiplies them itself)."""
    extra = dict(config.get("_processor") or {})
    kw = dict(c.get("call_kwargs", {}))
    kw.pop("return_tensors", None)
    if c["model"] == "pixtral":
        kw.pop("patch_size", None)
    kw.update(extra)
    return kw


def case_key(c):
    return f"{c['config']}/{c['input'] or 'load'}/{c.get('variant', 'load')}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runner", required=True)
    ap.add_argument("--only", nargs="*", help="model types to run (default: all)")
    args = ap.parse_args()
    manifest = json.loads((ROOT / "tests/golden_vlm/manifest.json").read_text())
    inputs = {i["id"]: i for i in manifest["inputs"]}
    cases = [c for c in manifest["cases"] if not args.only or c["model"] in args.only]
    stats = collections.defaultdict(lambda: {"cases": 0, "pil_max": 0.0, "tv_max": 0.0, "tv_mean": 0.0, "tv_n": 0, "fail": 0})
    skipped = collections.Counter(c["model"] for c in cases if c["model"] not in IMPLEMENTED)
    failures = []
    with tempfile.TemporaryDirectory(prefix="pixelprep-vlm-parity-") as tmp:
        tmp = Path(tmp)
        jobs = {}
        token_jobs = {}
        for c in cases:
            if c["model"] not in IMPLEMENTED:
                continue
            key = case_key(c)
            if key in jobs:
                continue
            model_dir = tmp / "models" / c["config"]
            if not model_dir.exists():
                raw = json.loads((ROOT / c["config_file"]).read_text())
                model_dir.mkdir(parents=True)
                (model_dir / "preprocessor_config.json").write_text(
                    json.dumps({k: v for k, v in raw.items() if not k.startswith("_")}))
            inp = inputs[c["input"] or "landscape_jpg"]  # a load error needs no particular input
            job = {"id": key, "kind": "files", "model_dir": str(model_dir), "backend": "cpu",
                   "files": [str(ROOT / f) for f in inp["files"]], "structure": inp["structure"],
                   "call_kwargs": c.get("call_kwargs", {}), "out": str(tmp / "out" / key.replace("/", "__"))}
            if "nested" in inp:
                job["nested"] = inp["nested"]
            if "upscale" in inp:
                job["upscale"] = inp["upscale"]
            jobs[key] = job
            per_image = (c.get("token_counts") or {}).get("per_image")
            # Pixtral's 'plain' counts mix the config's patch size with the processor's (see
            # token_count_formulas); only the 'processor' variant is what PixtralProcessor gives.
            if c["backend"] == "pil" and per_image and not (c["model"] == "pixtral" and c["variant"] != "processor"):
                config = json.loads((ROOT / c["config_file"]).read_text())
                token_jobs[key] = ({"id": "tokens:" + key, "kind": "tokens", "model_dir": str(model_dir), "backend": "cpu",
                                    "call_kwargs": token_kwargs(c, config), "sizes": c["image_sizes_hw"]}, per_image)
        (tmp / "out").mkdir()
        jobs_file = tmp / "jobs.jsonl"
        jobs_file.write_text("".join(json.dumps(j) + "\n" for j in list(jobs.values()) + [t[0] for t in token_jobs.values()]))
        proc = subprocess.run([args.runner, str(jobs_file)], capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stdout[-2000:], proc.stderr[-2000:])
            return 2
        results = {}
        for line in proc.stdout.splitlines():
            status, rid, *rest = line.split(" ", 2)
            results[rid] = (status, rest[0] if rest else "")
        token_stats = collections.Counter()
        for key, (job, want) in token_jobs.items():
            status, detail = results[job["id"]]
            model = IMPLEMENTED[next(c["model"] for c in cases if case_key(c) == key)]
            token_stats[model] += 1
            got = detail.split() if status == "TOKENS" else None
            if got != [str(n) for n in want]:
                failures.append(f"{key}: token counts {status} {detail[:200]} vs {want}")
                stats[model]["fail"] += 1
        for c in cases:
            if c["model"] not in IMPLEMENTED:
                continue
            key = case_key(c)
            status, detail = results[key]
            s = stats[IMPLEMENTED[c["model"]]]
            label = f"{key}/{c['backend']}"
            if c["backend"] == "pil":
                s["cases"] += 1
                if "error" in c or "load_error" in c:
                    want = ("LOAD_ERROR",) if "load_error" in c else ("LOAD_ERROR", "CALL_ERROR")
                    if status not in want:
                        failures.append(f"{label}: transformers failed, pixelprep did not")
                        s["fail"] += 1
                    continue
                if status != "OK":
                    failures.append(f"{label}: pixelprep {status}: {detail[:300]}")
                    s["fail"] += 1
                    continue
                for k, g in (c.get("json_outputs") or {}).items():  # Python lists (rows, cols, num_tiles)
                    path = tmp / "out" / (key.replace("/", "__") + f".{k}.json")
                    got = json.loads(path.read_text()) if path.exists() else None
                    if got != g["value"]:
                        failures.append(f"{label}: {k}: {got} vs {g['value']}")
                        s["fail"] += 1
                for k, g in c["outputs"].items():
                    path = tmp / "out" / (key.replace("/", "__") + f".{k}.npy")
                    a = np.load(path) if path.exists() else None
                    if a is None or list(a.shape) != g["shape"] or str(a.dtype) != g["dtype"]:
                        failures.append(f"{label}: {k}: {None if a is None else (str(a.dtype), list(a.shape))} vs "
                                        f"{g['dtype']}{g['shape']}")
                        s["fail"] += 1
                    elif hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest() != g["sha256"]:
                        d = "unknown"
                        if g.get("npy"):
                            d = float(np.abs(a.astype(np.float64) - np.load(ROOT / g["npy"]).astype(np.float64)).max())
                        failures.append(f"{label}: {k} bytes differ, max|d|={d}")
                        s["pil_max"] = float("inf")
                        s["fail"] += 1
            elif status == "OK" and "outputs" in c:
                for k, g in c["outputs"].items():
                    path = tmp / "out" / (key.replace("/", "__") + f".{k}.npy")
                    if not g.get("npy") or not path.exists():
                        continue
                    ours, ref = np.load(path).astype(np.float64), np.load(ROOT / g["npy"]).astype(np.float64)
                    if ours.shape != ref.shape:
                        failures.append(f"{label}: {k} shape {ours.shape} vs torchvision {ref.shape}")
                        s["fail"] += 1
                        continue
                    d = np.abs(ours - ref)
                    s["tv_max"], s["tv_mean"], s["tv_n"] = max(s["tv_max"], float(d.max())), max(s["tv_mean"], float(d.mean())), s["tv_n"] + 1
                    if not (np.all(d <= 0.1 + 1e-3 * np.abs(ref)) and d.mean() <= 5e-3):
                        failures.append(f"{label}: {k} outside transformers' tolerance: max|d|={d.max():.4g} mean|d|={d.mean():.4g}")
                        s["fail"] += 1
    for f in failures[:40]:
        print("MISMATCH " + f)
    for model, n in sorted(skipped.items()):
        print(f"hf-parity {model}: not implemented in pixelprep yet ({n} golden cases not run)")
    for model in sorted(stats):
        s = stats[model]
        pil = "inf" if s["pil_max"] == float("inf") else f"{s['pil_max']:g}"
        print(f"hf-parity {model}: pil max|d|={pil} torchvision max|d|={s['tv_max']:.4g} mean|d|={s['tv_mean']:.4g} "
              f"({s['cases']} cases, {s['tv_n']} torchvision arrays, {token_stats[model]} token-count checks"
              f"{', ' + str(s['fail']) + ' FAILED' if s['fail'] else ''})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
