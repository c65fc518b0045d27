#!/usr/bin/env python3
"""Side-by-side speed comparison, one run: transformers 5.23.0's PIL and torchvision
backends (CPU), OpenCV (INTER_AREA + blobFromImage), Pillow's resize alone, and pixelprep
(1 thread and all threads), on the same decoded pixels. Prints a markdown table of median
per-image latency and ratios, the 64-image batch throughput and peak memory, and writes the table
(docs/benchmarks/latest_run.md) and a chart (latency.png); docs/benchmarks/results.md is the analysis.

Usage: benchmarks/compare.py --bench build/benchmarks/bench_compare [--repeats 15]
The torchvision column is also timed in a child process under ATEN_CPU_CAPABILITY=avx2 (the faster counts).
Needs a venv with transformers==5.23.0 pillow==13.0.0 torch torchvision opencv-python-headless
matplotlib (tools/make_goldens.sh's venv plus `pip install opencv-python-headless matplotlib`).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]

VLM_CONFIGS = ROOT / "tests" / "golden_vlm" / "configs"


def published(name):
    """A published preprocessor_config.json kept with the goldens, without our '_' notes."""
    cfg = json.loads((VLM_CONFIGS / f"{name}.json").read_text())
    return {k: v for k, v in cfg.items() if not k.startswith("_")}


SCENARIOS = [  # name, config, input sizes (h, w)
    ("CLIP-224 from 640x480", {"image_processor_type": "CLIPImageProcessor"}, [(480, 640)]),
    ("CLIP-224 from 1920x1080", {"image_processor_type": "CLIPImageProcessor"}, [(1080, 1920)]),
    ("CLIP-224 from 4032x3024", {"image_processor_type": "CLIPImageProcessor"}, [(3024, 4032)]),
    ("SigLIP-384 from 1920x1080", {"image_processor_type": "SiglipImageProcessor", "size": {"height": 384, "width": 384}}, [(1080, 1920)]),
    # The VLM rows use real published configs (tests/golden_vlm/configs): Qwen2-VL-2B/7B's
    # limits (min_pixels 3136, max_pixels 12845056: a 1920x1080 image stays ~full size),
    # LLaVA-v1.6's anyres pinpoints, SmolVLM-Instruct's Idefics3 splitting (1536 / 384).
    ("Qwen2-VL-2B config from 1920x1080", published("qwen2_vl_7b_instruct"), [(1080, 1920)]),
    ("LLaVA-v1.6 config from 1920x1080", published("llava_next_v16_adaptllm"), [(1080, 1920)]),
    ("SmolVLM config (Idefics3, splitting) from 1920x1080", published("smolvlm_instruct"), [(1080, 1920)]),
]


def synthetic(h, w, seed):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    base = (np.sin(xx / 37.0) + np.cos(yy / 23.0)) * 60 + 128
    return np.clip(base[..., None] + rng.normal(0, 20, (h, w, 3)), 0, 255).astype(np.uint8)


def median_ms(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def torchvision_times(repeats):
    """transformers' torchvision backend on every scenario, in this process's torch dispatch."""
    import torch
    from transformers import AutoImageProcessor
    torch.set_num_threads(1)
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, cfg, sizes in SCENARIOS:
            d = Path(tmp) / name.replace(" ", "_")
            d.mkdir()
            (d / "preprocessor_config.json").write_text(json.dumps(cfg))
            tensor = torch.from_numpy(synthetic(*sizes[0], 1)).permute(2, 0, 1).contiguous()
            p_tv = AutoImageProcessor.from_pretrained(str(d), backend="torchvision")
            times[name] = median_ms(lambda: p_tv(tensor, return_tensors="pt"), repeats)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench")
    ap.add_argument("--torchvision-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks"))
    args = ap.parse_args()
    if args.torchvision_only:  # the child run under another ATEN_CPU_CAPABILITY
        print(json.dumps(torchvision_times(args.repeats)))
        return
    if not args.bench:
        ap.error("--bench is required")
    # torch's uint8 antialias resize kernel exists only for AVX2; on an AVX-512 machine the
    # default dispatch is slower. Time torchvision under both and keep the faster per row.
    child = subprocess.run([sys.executable, __file__, "--torchvision-only", "--repeats", str(args.repeats)],
                           env={**os.environ, "ATEN_CPU_CAPABILITY": "avx2"}, capture_output=True, text=True, check=True)
    tv_avx2 = json.loads(child.stdout.strip().splitlines()[-1])
    import cv2
    import torch
    import torchvision
    import transformers
    from transformers import AutoImageProcessor

    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, cfg, sizes in SCENARIOS:
            d = Path(tmp) / name.replace(" ", "_")
            d.mkdir()
            (d / "preprocessor_config.json").write_text(json.dumps(cfg))
            arr = synthetic(*sizes[0], 1)
            npy = d / "img.npy"
            np.save(npy, arr)
            pil = Image.fromarray(arr)
            tensor = torch.from_numpy(arr).permute(2, 0, 1).contiguous()
            p_pil = AutoImageProcessor.from_pretrained(str(d), backend="pil")
            p_tv = AutoImageProcessor.from_pretrained(str(d), backend="torchvision")
            r = {"scenario": name}
            r["hf_pil"] = median_ms(lambda: p_pil(pil, return_tensors="np"), args.repeats)
            r["hf_tv_default"] = median_ms(lambda: p_tv(tensor, return_tensors="pt"), args.repeats)
            r["hf_tv_avx2"] = tv_avx2[name]
            r["hf_tv"] = min(r["hf_tv_default"], r["hf_tv_avx2"])
            out_hw = (224, 224) if "224" in name else (384, 384)
            mean = np.array([0.48145466, 0.4578275, 0.40821073]) * 255
            r["opencv"] = median_ms(lambda: cv2.dnn.blobFromImage(cv2.resize(arr, out_hw[::-1], interpolation=cv2.INTER_AREA),
                                                                scalefactor=1 / 255.0, mean=tuple(mean)), args.repeats)
            r["pillow_resize"] = median_ms(lambda: pil.resize(out_hw[::-1], Image.Resampling.BICUBIC), args.repeats)
            res = subprocess.run([args.bench, str(d), str(args.repeats), str(os.cpu_count()), str(npy)],
                                 capture_output=True, text=True, check=True)
            r["pixelprep"] = json.loads(res.stdout)["median_ms"]
            rows.append(r)
        # Batch of 64 mixed-size images for CLIP: throughput, 1 thread and all threads.
        d = Path(tmp) / "batch"
        d.mkdir()
        (d / "preprocessor_config.json").write_text(json.dumps({"image_processor_type": "CLIPImageProcessor"}))
        rng = np.random.default_rng(3)
        paths, pils = [], []
        for i in range(64):
            h, w = int(rng.integers(240, 1200)), int(rng.integers(240, 1200))
            a = synthetic(h, w, i)
            np.save(d / f"{i}.npy", a)
            paths.append(str(d / f"{i}.npy"))
            pils.append(Image.fromarray(a))
        res = subprocess.run([args.bench, str(d), "3", str(os.cpu_count())] + paths, capture_output=True, text=True, check=True)
        batch = json.loads(res.stdout)
        p_pil = AutoImageProcessor.from_pretrained(str(d), backend="pil")
        t0 = time.perf_counter()
        for im in pils:
            p_pil(im, return_tensors="np")
        batch["hf_pil_images_per_s"] = 64 / (time.perf_counter() - t0)

    header = (f"transformers {transformers.__version__}, torch {torch.__version__}, torchvision {torchvision.__version__}, "
              f"OpenCV {cv2.__version__}, Pillow {Image.__version__ if hasattr(Image, '__version__') else ''}; "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; median of {args.repeats} runs, 1 thread")
    lines = ["| scenario | transformers PIL (ms) | transformers torchvision, default / avx2 dispatch (ms) | OpenCV area+blob (ms) | "
             "Pillow resize only (ms) | pixelprep (ms) | vs PIL | vs torchvision (faster) | vs OpenCV |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['scenario']} | {r['hf_pil']:.2f} | {r['hf_tv_default']:.2f} / {r['hf_tv_avx2']:.2f} | "
                     f"{r['opencv']:.2f} | {r['pillow_resize']:.2f} | "
                     f"{r['pixelprep']:.2f} | {r['hf_pil'] / r['pixelprep']:.2f}x | {r['hf_tv'] / r['pixelprep']:.2f}x | "
                     f"{r['opencv'] / r['pixelprep']:.2f}x |")
    lines.append("")
    lines.append(f"CLIP, 64 mixed-size images: pixelprep {batch['images_per_s_1']:.1f} images/s on 1 thread, "
                 f"{batch['images_per_s_T']:.1f} images/s on {batch['threads']} threads "
                 f"({batch['images_per_s_T'] / batch['images_per_s_1']:.2f}x); transformers PIL backend "
                 f"{batch['hf_pil_images_per_s']:.1f} images/s.")
    lines.append("")
    lines.append(f"CLIP, 64 mixed-size images in one call: peak memory {batch['peak_mib']:.1f} MiB for "
                 f"{batch['input_mib']:.1f} MiB of inputs + {batch['output_mib']:.1f} MiB of outputs "
                 f"({batch['peak_mib'] / (batch['input_mib'] + batch['output_mib']):.2f}x; inputs + peak RSS growth of the call).")
    table = "\n".join(lines)
    print(header)
    print(table)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # results.md is the written analysis (targets, profiles); each run's raw table goes here.
    (out / "latest_run.md").write_text(f"# Latest harness run (benchmarks/compare.py)\n\n{header}\n\n{table}\n")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(10, 4.5))
        names = [r["scenario"] for r in rows]
        keys = [("hf_pil", "transformers PIL"), ("hf_tv", "transformers torchvision"), ("opencv", "OpenCV"),
                ("pillow_resize", "Pillow resize only"), ("pixelprep", "pixelprep")]
        width = 0.16
        for k, (key, label) in enumerate(keys):
            ax.bar([i + k * width for i in range(len(rows))], [r[key] for r in rows], width, label=label)
        ax.set_xticks([i + 2 * width for i in range(len(rows))], names, rotation=20, ha="right", fontsize=8)
        ax.set_ylabel("median ms per image (1 thread)")
        ax.set_yscale("log")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "latency.png", dpi=110)
    except ImportError:
        print("matplotlib not installed: no chart written")


if __name__ == "__main__":
    main()
