#!/usr/bin/env python3
"""What a Python user sees: pixelprep against transformers' PIL and torchvision backends,
end to end from Python (a numpy uint8 HWC photo in, return_tensors="pt" out), on the same
configs and pixels, in one run. torchvision is timed at torch's default CPU dispatch and at
ATEN_CPU_CAPABILITY=avx2 (torch's uint8 antialias kernel exists only for AVX2; the variable is
read when torch starts, so that column runs in a child process). 1 thread everywhere.

    python benchmarks/python/bench_python.py [--repeats 21] [--out docs/benchmarks]

Needs pixelprep (pip install . or PYTHONPATH), transformers 5.23.0, torch, torchvision, Pillow.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

from report import publish

ROOT = Path(__file__).resolve().parents[2]
MODELS = {  # scenario -> (bundled model folder, source size h x w)
    "CLIP-224 from 640x480": ("clip-vit-base-patch16", (480, 640)),
    "CLIP-224 from 1920x1080": ("clip-vit-base-patch16", (1080, 1920)),
    "SigLIP-384 from 1920x1080": ("siglip-so400m-patch14-384", (1080, 1920)),
    "Qwen2-VL from 1920x1080": ("qwen2-vl-7b-instruct", (1080, 1920)),
    "LLaVA-NeXT from 1920x1080": ("llava-v1.6-adaptllm", (1080, 1920)),
    "Idefics3 from 1920x1080": ("idefics3-8b-llama3", (1080, 1920)),
}


def photo(h, w):
    """A real photo (tests/data/images/landscape.jpg) resized with Pillow to h x w: the same
    pixels for every library."""
    from PIL import Image
    import numpy as np
    im = Image.open(ROOT / "tests/data/images/landscape.jpg").convert("RGB").resize((w, h), Image.Resampling.BICUBIC)
    return np.ascontiguousarray(np.asarray(im))


def median_ms(fn, repeats):
    fn()  # warm-up (first-call set-up, caches)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def time_backends(backends, repeats):
    import torch
    torch.set_num_threads(1)
    from transformers import AutoImageProcessor
    import pixelprep
    pixelprep.set_num_threads(1)  # the default, said out loud
    out = {}
    for name, (model, (h, w)) in MODELS.items():
        d = ROOT / "examples/models" / model
        img = photo(h, w)
        row = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for b in backends:
                if b == "pixelprep":
                    proc = pixelprep.AutoImageProcessor.from_pretrained(d, backend="cpu")
                else:
                    proc = AutoImageProcessor.from_pretrained(d, backend=b)
                row[b] = median_ms(lambda: proc(img, return_tensors="pt"), repeats)
        out[name] = row
    return out


def chart(main_times, avx2, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no chart written")
        return
    names = list(main_times)
    series = [("transformers PIL", [main_times[n]["pil"] for n in names]),
              ("transformers torchvision (faster dispatch)",
               [min(main_times[n]["torchvision"], avx2[n]["torchvision"]) for n in names]),
              ("pixelprep", [main_times[n]["pixelprep"] for n in names])]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.27
    for k, (label, values) in enumerate(series):
        ax.bar([i + k * width for i in range(len(names))], values, width, label=label)
    ax.set_xticks([i + width for i in range(len(names))], names, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("median ms per call from Python (1 thread)")
    ax.set_yscale("log")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=21)
    ap.add_argument("--out", help="folder for python_latest.md / .json (e.g. docs/benchmarks)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:  # the torchvision column at ATEN_CPU_CAPABILITY=avx2
        print(json.dumps(time_backends(args.child.split(","), args.repeats)))
        return 0
    main_times = time_backends(["pil", "torchvision", "pixelprep"], args.repeats)
    env = dict(os.environ, ATEN_CPU_CAPABILITY="avx2")
    child = subprocess.run([sys.executable, __file__, "--repeats", str(args.repeats), "--child", "torchvision"],
                           env=env, capture_output=True, text=True, check=True)
    avx2 = json.loads(child.stdout.strip().splitlines()[-1])
    import pixelprep
    import torch
    import transformers
    lines = [f"pixelprep {pixelprep.__version__}, transformers {transformers.__version__}, torch {torch.__version__}; "
             f"1 thread, median of {args.repeats}, numpy uint8 HWC in, return_tensors='pt' out", "",
             "| scenario | transformers PIL (ms) | torchvision default / avx2 (ms) | pixelprep (ms) | vs PIL | "
             "vs torchvision (faster) |", "|---|---|---|---|---|---|"]
    for name, row in main_times.items():
        tv = min(row["torchvision"], avx2[name]["torchvision"])
        lines.append(f"| {name} | {row['pil']:.2f} | {row['torchvision']:.2f} / {avx2[name]['torchvision']:.2f} | "
                     f"{row['pixelprep']:.3f} | {row['pil'] / row['pixelprep']:.1f}x | {tv / row['pixelprep']:.1f}x |")
    publish(args.out, "python", "From Python (benchmarks/python/bench_python.py)", lines,
            {"times_ms": main_times, "torchvision_avx2_ms": {k: v["torchvision"] for k, v in avx2.items()}})
    if args.out:
        chart(main_times, avx2, Path(args.out, "python.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
