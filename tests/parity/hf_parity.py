#!/usr/bin/env python3
"""hf-parity: pixelprep's CpuPolicy against transformers' own outputs (tests/golden).

For every golden case (config x input x backend) recorded by tools/make_goldens.py with
transformers 5.23.0, this runs pixelprep on the same config and input and compares:
  * against the PIL backend: identical keys, shapes, dtypes and bytes (max |d| == 0), or the
    same failure when transformers failed (a load error, or an error in the call);
  * against the torchvision backend: transformers' own tolerance (atol 0.1, rtol 1e-3,
    mean |d| <= 5e-3; atol 1 for uint8 outputs, whose torchvision resize rounds differently
    from Pillow's by up to one level) where that golden array is stored. Where pixelprep equals
    the PIL golden byte for byte and still misses torchvision, transformers' two backends
    disagree with each other: that is printed as a NOTE, not a failure. So is a path string
    that transformers' video classes refuse to open (pixelprep's callers give decoded files).
Bytes are compared by SHA-256 (every golden has one); max |d| is computed where the golden
.npy is stored. Needs numpy and Pillow (the .venv from tools/setup_python_env.sh).
It then runs vlm_parity.py (tests/golden_vlm) with the same runner, so that this one test
lists every supported model's `pil max|d|` (--no-vlm skips it; hf-parity-vlm runs it alone).
"""
import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import numpy as np
    from PIL import Image
except ImportError as exc:  # pragma: no cover
    print(f"SKIP: hf-parity needs numpy and pillow ({exc}); run tools/setup_python_env.sh")
    sys.exit(77)

ROOT = Path(__file__).resolve().parents[2]

from golden_inputs import PATH_KINDS, golden_array, inputs_in_turn  # noqa: E402


def make_input(inp):
    kind = inp["kind"]
    if kind == "files":  # several decoded files, flat or per sample (hf_parity_run's load_files)
        spec = {"kind": "files", "files": [str(ROOT / f) for f in inp["files"]], "structure": inp["structure"]}
        if "nested" in inp:
            spec["nested"] = inp["nested"]
        return spec
    p = ROOT / inp["file"]
    if kind in PATH_KINDS:
        return {"kind": "path", "file": str(p)}
    if kind == "pil_raw":
        im = Image.open(p)
        return {"kind": "pil", "mode": im.mode, "array": np.ascontiguousarray(np.asarray(im, dtype=np.uint8))}
    return {"kind": "array", "array": golden_array(kind, p)}


def sha256(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def model_of(case, configs):
    cfg = configs[case["config"]]
    cls = (case.get("processor_class") or cfg.get("image_processor_type") or cfg.get("feature_extractor_type")
           or case["config"]).replace("FeatureExtractor", "ImageProcessor")
    for suffix in ("Pil", "Fast"):
        if cls.endswith(suffix):
            cls = cls[: -len(suffix)]
    return cls.replace("ImageProcessor", "") or case["config"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runner", required=True)
    ap.add_argument("--manifest", default=str(ROOT / "tests/golden/manifest.json"))
    ap.add_argument("--no-vlm", action="store_true",
                    help="skip the vision-language processors (tests/golden_vlm, vlm_parity.py)")
    ap.add_argument("--skip-inputs", default=os.environ.get("PIXELPREP_PARITY_SKIP_INPUTS", ""),
                    help="comma-separated golden input ids not to run (the sanitizer run leaves out inputs whose "
                         "decoded pixels another input already gives); the count is printed")
    ap.add_argument("--inputs-per-config", type=int,
                    default=int(os.environ.get("PIXELPREP_PARITY_INPUTS_PER_CONFIG", "0")),
                    help="run each config on only this many of its inputs, dealt out in turn so that every input is "
                         "still used (golden_inputs.inputs_in_turn); 0, the default, runs them all. The sanitizer "
                         "run uses it: the full set runs in the README's test command, on the same code")
    ap.add_argument("--shard", default="1/1", metavar="K/N",
                    help="run only the K-th of N interleaved parts of the (config, input) pairs and of the saves, "
                         "so that N processes share the cases (the sanitizer run's two cores); the vision-language "
                         "half runs with the last part")
    args = ap.parse_args()
    shard_k, shard_n = (int(x) for x in args.shard.split("/"))
    if not 1 <= shard_k <= shard_n:
        ap.error(f"--shard {args.shard}: K must be between 1 and N")
    manifest = json.loads(Path(args.manifest).read_text())
    skipped_inputs = {s for s in args.skip_inputs.split(",") if s}
    if skipped_inputs:
        before = len(manifest["cases"])
        manifest["cases"] = [c for c in manifest["cases"] if c["input"] not in skipped_inputs]
        print(f"hf-parity: {before - len(manifest['cases'])} cases of inputs {sorted(skipped_inputs)} not run here "
              f"(--skip-inputs / PIXELPREP_PARITY_SKIP_INPUTS); the README's test command runs them")
    if args.inputs_per_config > 0:
        before = len(manifest["cases"])
        manifest["cases"] = inputs_in_turn(manifest["cases"], args.inputs_per_config)
        print(f"hf-parity: {len(manifest['cases'])} of {before} cases, each config on {args.inputs_per_config} of its "
              f"inputs in turn (--inputs-per-config / PIXELPREP_PARITY_INPUTS_PER_CONFIG); the README's test command "
              f"runs them all")
    all_configs = {c["config"]: c["config_file"] for c in manifest["cases"]}
    saves_here = set(sorted(all_configs)[shard_k - 1::shard_n])  # the configs whose save this part checks
    if shard_n > 1:
        # Each config's inputs dealt out in turn, starting one part further on for the next config:
        # every config has the same inputs, so a fixed deal would give one part all the costly ones.
        by_config = collections.defaultdict(set)
        for c in manifest["cases"]:
            by_config[c["config"]].add(c["input"])
        pairs, mine = [], set()
        for ci, cfg in enumerate(sorted(by_config)):
            for ii, iid in enumerate(sorted(by_config[cfg])):
                pairs.append((cfg, iid))
                if (ci + ii) % shard_n == shard_k - 1:
                    mine.add((cfg, iid))
        manifest["cases"] = [c for c in manifest["cases"] if (c["config"], c["input"]) in mine]
        print(f"hf-parity: part {shard_k} of {shard_n}: {len(mine)} of {len(pairs)} (config, input) pairs")
    inputs = {i["id"]: i for i in manifest["inputs"]}
    raw_configs = {}
    for c in manifest["cases"]:
        raw_configs.setdefault(c["config"], json.loads((ROOT / c["config_file"]).read_text()))
    for cfg in saves_here:
        raw_configs.setdefault(cfg, json.loads((ROOT / all_configs[cfg]).read_text()))

    stats = collections.defaultdict(lambda: {"cases": 0, "pil_max": 0.0, "tv_max": 0.0, "tv_mean": 0.0,
                                             "tv_n": 0, "fail": 0})
    failures = []
    pil_exact, tv_misses, backend_notes = set(), [], []
    with tempfile.TemporaryDirectory(prefix="pixelprep-hf-parity-") as tmp:
        tmp = Path(tmp)
        model_dirs = {}
        for name, raw in raw_configs.items():
            d = tmp / "models" / name
            d.mkdir(parents=True)
            cfg = {k: v for k, v in raw.items() if not k.startswith("_")}
            (d / "preprocessor_config.json").write_text(json.dumps(cfg, indent=2))
            if "_model_config" in raw:
                (d / "config.json").write_text(json.dumps(raw["_model_config"], indent=2))
            model_dirs[name] = d
        input_specs = {}
        for iid, inp in inputs.items():
            spec = make_input(inp)
            if "array" in spec:
                npy = tmp / f"input_{iid}.npy"
                np.save(npy, spec.pop("array"))
                spec["npy"] = str(npy)
                spec["dtype"] = str(np.load(npy).dtype)
            input_specs[iid] = spec

        # pixelprep runs each (config, input) once: its one backend answers both goldens.
        jobs_file = tmp / "jobs.jsonl"
        pairs = sorted({(c["config"], c["input"]) for c in manifest["cases"]})
        with open(jobs_file, "w") as jf:
            for cfg, iid in pairs:
                job = {"id": f"{cfg}/{iid}", "model_dir": str(model_dirs[cfg]), "backend": "cpu",
                       "call_kwargs": inputs[iid].get("call_kwargs", {}), "out": str(tmp / "out" / f"{cfg}__{iid}")}
                job.update(input_specs[iid])
                jf.write(json.dumps(job) + "\n")
            for cfg in sorted(saves_here):  # save_pretrained of every config that transformers saved
                if (ROOT / "tests/golden/saved" / f"{cfg}.json").exists():
                    jf.write(json.dumps({"id": f"save/{cfg}", "kind": "save", "model_dir": str(model_dirs[cfg]),
                                         "out": str(tmp / "saved" / cfg)}) + "\n")
        (tmp / "out").mkdir()
        proc = subprocess.run([args.runner, str(jobs_file)], capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:])
            print(f"runner failed with exit code {proc.returncode}")
            return 2
        results = {}
        for line in proc.stdout.splitlines():
            status, rid, *rest = line.split(" ", 2)
            results[rid] = (status, rest[0] if rest else "")

        saved_same = saved_total = 0
        for cfg in sorted(saves_here):
            golden = ROOT / "tests/golden/saved" / f"{cfg}.json"
            if not golden.exists():
                continue
            saved_total += 1
            status, detail = results.get(f"save/{cfg}", ("MISSING", ""))
            if status != "SAVED":
                failures.append(f"{cfg}: save_pretrained failed: {status} {detail[:200]}")
            elif Path(detail).read_bytes() != golden.read_bytes():
                failures.append(f"{cfg}: saved preprocessor_config.json differs from transformers' save_pretrained")
            else:
                saved_same += 1

        for case in manifest["cases"]:
            rid = f"{case['config']}/{case['input']}"
            status, detail = results.get(rid, ("MISSING", ""))
            model = model_of(case, raw_configs)
            s = stats[model]
            label = f"{case['config']} / {case['input']} / {case['backend']}"
            if case["backend"] == "pil":
                s["cases"] += 1
                if "pixelprep_refuses" in case:  # by design; transformers was not run (make_goldens)
                    refusal = case["pixelprep_refuses"]
                    if status != "CALL_ERROR" or refusal["expect"] not in detail:
                        failures.append(f"{label}: pixelprep should refuse ({refusal['reason']}; an error naming "
                                        f"{refusal['expect']!r}), gave {status} {detail[:200]}")
                        s["fail"] += 1
                    s["refused"] = s.get("refused", 0) + 1
                    continue
                if "load_error" in case or "error" in case:
                    want = "LOAD_ERROR" if "load_error" in case else ("LOAD_ERROR", "CALL_ERROR")
                    expected = case.get("load_error") or case.get("error")
                    # Video classes (VideoMAE, TimeSformer) take frames through
                    # make_nested_list_of_images, which does not open file paths: transformers
                    # refuses a path string there, while pixelprep is given the decoded file.
                    # That is a difference of the input API, not of the pixels: reported.
                    if (status == "OK" and case["input"].endswith("_str")
                            and expected["message"].startswith("Invalid input type")):
                        backend_notes.append(f"{label}: transformers' video input does not open a path string "
                                             f"({expected['message'][:60]!r}); pixelprep decoded the file")
                        continue
                    if status not in (want if isinstance(want, tuple) else (want,)):
                        failures.append(f"{label}: transformers raised {expected['type']}: "
                                        f"{expected['message'][:120]!r}; pixelprep gave {status} {detail[:200]}")
                        s["fail"] += 1
                    continue
                if status != "OK":
                    failures.append(f"{label}: pixelprep {status}: {detail[:300]}")
                    s["fail"] += 1
                    continue
                for key, g in case["outputs"].items():
                    path = tmp / "out" / f"{case['config']}__{case['input']}.{key}.npy"
                    if not path.exists():
                        failures.append(f"{label}: pixelprep has no output '{key}' (has: {detail})")
                        s["fail"] += 1
                        continue
                    ours = np.load(path)
                    if list(ours.shape) != g["shape"] or str(ours.dtype) != g["dtype"]:
                        failures.append(f"{label}: {key} is {ours.dtype}{list(ours.shape)}, "
                                        f"transformers gives {g['dtype']}{g['shape']}")
                        s["fail"] += 1
                        continue
                    if sha256(ours) == g["sha256"]:
                        pil_exact.add((case["config"], case["input"], key))
                    else:
                        d = "unknown (golden .npy not stored)"
                        if g.get("npy"):
                            ref = np.load(ROOT / g["npy"])
                            d = float(np.max(np.abs(ours.astype(np.float64) - ref.astype(np.float64))))
                            s["pil_max"] = max(s["pil_max"], d)
                        else:
                            s["pil_max"] = float("inf")
                        failures.append(f"{label}: {key} bytes differ, max|d|={d}")
                        s["fail"] += 1
                extra = set(detail.split()) - set(case["outputs"])
                if extra:
                    failures.append(f"{label}: pixelprep has extra outputs {sorted(extra)}")
                    s["fail"] += 1
            else:  # torchvision: transformers' own tolerance where the golden array is stored
                if status != "OK" or "outputs" not in case:
                    continue
                for key, g in case["outputs"].items():
                    path = tmp / "out" / f"{case['config']}__{case['input']}.{key}.npy"
                    if not g.get("npy") or not path.exists():
                        continue
                    ours, ref = np.load(path), np.load(ROOT / g["npy"])
                    if ref.dtype.kind == "U":  # strings (OneFormer's task_inputs): equal, or a miss
                        if ours.dtype != ref.dtype or ours.shape != ref.shape or not np.array_equal(ours, ref):
                            tv_misses.append((case["config"], case["input"], key, model,
                                              f"{label}: {key} is {ours!r}, torchvision gives {ref!r}"))
                        continue
                    ours, ref = ours.astype(np.float64), ref.astype(np.float64)
                    if ours.shape != ref.shape:  # a miss; a note where pixelprep equals the PIL golden (below)
                        tv_misses.append((case["config"], case["input"], key, model,
                                          f"{label}: {key} shape {ours.shape} vs torchvision {ref.shape}"))
                        continue
                    if ours.size == 0:  # an empty list (EoMT's patch_offsets): nothing to compare
                        continue
                    diff = np.abs(ours - ref)
                    s["tv_max"] = max(s["tv_max"], float(diff.max()))
                    s["tv_mean"] = max(s["tv_mean"], float(diff.mean()))
                    s["tv_n"] += 1
                    # uint8 outputs (no rescale or normalize): torchvision's resize rounds
                    # differently from Pillow's by up to one level, so one level is its step.
                    atol = 1.0 if g["dtype"] == "uint8" else 0.1
                    if not (np.all(diff <= atol + 1e-3 * np.abs(ref)) and diff.mean() <= 5e-3):
                        tv_misses.append((case["config"], case["input"], key, model,
                                          f"{label}: {key} outside transformers' tolerance: max|d|={diff.max():.4g} "
                                          f"mean|d|={diff.mean():.4g}"))

        # A torchvision miss where pixelprep equals the PIL golden byte for byte is transformers'
        # two backends disagreeing with each other (MobileViT's flip of RGBA inputs): reported,
        # not pixelprep's failure. Any other miss fails.
        for cfg, inp, key, model, message in tv_misses:
            if (cfg, inp, key) in pil_exact:
                backend_notes.append(message + " (pixelprep equals transformers' PIL backend here: "
                                     "transformers' torchvision backend differs from its own PIL backend)")
            else:
                failures.append(message)
                stats[model]["fail"] += 1

    for n in backend_notes:
        print("NOTE " + n)
    for f in failures[:60]:
        print("MISMATCH " + f)
    if len(failures) > 60:
        print(f"... and {len(failures) - 60} more")
    v = manifest["versions"]
    print(f"save_pretrained: {saved_same}/{saved_total} configs byte-identical to transformers' own save")
    print(f"goldens: transformers {v['transformers']}, pillow {v['pillow']}, torch {v['torch']}, "
          f"torchvision {v['torchvision']}")
    for model in sorted(stats):
        s = stats[model]
        pil = "inf" if s["pil_max"] == float("inf") else f"{s['pil_max']:g}"
        print(f"hf-parity {model}: pil max|d|={pil} torchvision max|d|={s['tv_max']:.4g} "
              f"mean|d|={s['tv_mean']:.4g} ({s['cases']} cases, {s['tv_n']} torchvision arrays"
              f"{', ' + str(s['refused']) + ' refused by design, as the goldens record' if s.get('refused') else ''}"
              f"{', ' + str(s['fail']) + ' FAILED' if s['fail'] else ''})")
    sys.stdout.flush()
    vlm_rc = 0
    if not args.no_vlm and shard_k == shard_n:  # the vision-language processors too, so this one test lists every model
        vlm_rc = subprocess.run([sys.executable, str(Path(__file__).with_name("vlm_parity.py")),
                                 "--runner", args.runner]).returncode
    return 1 if failures or vlm_rc != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
