#!/usr/bin/env python3
"""Side-by-side speed comparison, one run: transformers 5.23.0's PIL and torchvision
backends (CPU), OpenCV (INTER_AREA + blobFromImage), Pillow's resize alone, the fastest
inexact resizers doing the same resize + center crop + normalize (fast_image_resize through
cykooz-resizer, libvips through pyvips), and pixelprep (at the CPU's best SIMD level and
forced to AVX2; 1 thread and all threads), on the same decoded pixels. Prints a markdown table of median
per-image latency (best of the rounds) and ratios, the 64-image batch throughput and peak memory, and writes the table
(docs/benchmarks/latest_run.md) and a chart (latency.png); docs/benchmarks/results.md is the analysis.

Usage: benchmarks/compare.py --bench build/benchmarks/bench_compare [--repeats 15] [--rounds 3]
Every tool is timed in each of --rounds rounds (one after another, every scenario in each), and
each time in the table is that tool's best round's median: on a shared machine a slow spell
then falls on every tool alike. The rounds' own medians of the CLIP rows are listed below it.
The torchvision column is also timed in a child process under ATEN_CPU_CAPABILITY=avx2 (the faster counts).
Needs a venv with transformers==5.23.0 pillow==13.0.0 torch torchvision opencv-python-headless
matplotlib cykooz-resizer pyvips pyvips-binary (tools/make_goldens.sh's venv plus
`pip install opencv-python-headless matplotlib cykooz-resizer pyvips pyvips-binary`).
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


def cpu_description():
    """The CPU as the kernel names it, and its widest vector extensions: runs on different
    machines (Zen 3 with AVX2, Zen 4 with AVX-512) are only comparable with this beside them."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.machine()
    model = next((l.split(":", 1)[1].strip() for l in info.splitlines() if l.startswith("model name")), platform.machine())
    flags = set(next((l.split(":", 1)[1].split() for l in info.splitlines() if l.startswith("flags")), []))
    widest = ("AVX-512 VBMI + VNNI" if {"avx512vbmi", "avx512_vnni"} <= flags else "AVX-512" if "avx512f" in flags
              else "AVX2" if "avx2" in flags else "no AVX2")
    return f"{model} ({widest})"


def synthetic(h, w, seed):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]
    base = (np.sin(xx / 37.0) + np.cos(yy / 23.0)) * 60 + 128
    return np.clip(base[..., None] + rng.normal(0, 20, (h, w, 3)), 0, 255).astype(np.uint8)


def pillow_taps(in_size, out_size, support):
    """Taps of each output pixel of Pillow's resample (precompute_coeffs), for the MAC count."""
    scale = in_size / out_size
    filterscale = max(scale, 1.0)
    ss = support * filterscale
    counts = []
    for i in range(out_size):
        center = (i + 0.5) * scale
        xmin = max(int(center - ss + 0.5), 0)
        xmax = min(int(center + ss + 0.5), in_size)
        counts.append((xmin, xmax - xmin))
    return counts


def clip_geometry(h, w, edge):
    """CLIP's resize (shortest edge to `edge`, transformers' rounding) and center crop."""
    short, long_ = (h, w) if h <= w else (w, h)
    new_long = int(edge * long_ / short)
    rh, rw = (edge, new_long) if h <= w else (new_long, edge)
    top, left = (rh - edge) // 2, (rw - edge) // 2
    return rh, rw, top, left


def peer_geometry(name, h, w):
    """The resize and crop of a fixed-size row, for the peers that only resize: CLIP's
    shortest-edge resize + center crop, or SigLIP's resize to the square; None for the VLMs."""
    if name.startswith("CLIP-224"):
        return (*clip_geometry(h, w, 224), 224)
    if name.startswith("SigLIP-384"):
        return 384, 384, 0, 0, 384
    return None


def resize_crop_macs(geometry, h, w, support=2.0, channels=3):
    """Multiply-adds of a bicubic resize with the center crop fused: the horizontal pass over
    the source rows the cropped output rows read, for the cropped columns; then the vertical
    pass for the cropped output."""
    rh, rw, top, left, out = geometry
    cols = pillow_taps(w, rw, support)[left:left + out]
    rows = pillow_taps(h, rh, support)[top:top + out]
    first_row = min(r[0] for r in rows)
    last_row = max(r[0] + r[1] for r in rows)
    horizontal = (last_row - first_row) * sum(c[1] for c in cols) * channels
    vertical = out * sum(r[1] for r in rows) * channels
    return horizontal + vertical


def median_ms(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


CLIP_MEAN_255 = tuple(np.array([0.48145466, 0.4578275, 0.40821073]) * 255)


def inexact_peers(arr, geometry, repeats):
    """fast_image_resize (Catmull-Rom, 16-bit weights) and libvips (cubic, gap 0) doing the
    same resize + center crop, then OpenCV's blobFromImage for the value map and the
    channels-first layout (as the OpenCV column). Each gets its own image object of the
    pixels beforehand, as pixelprep gets a view of the array. Neither equals Pillow's bits."""
    import cv2
    from cykooz_resizer import CropBox, FilterType, ImageData, PixelType, ResizeAlg, ResizeOptions, Resizer
    import pyvips
    h, w, _ = arr.shape
    rh, rw, top, left, out = geometry
    times = {}
    resizer = Resizer()
    src = ImageData(w, h, PixelType.U8x3, arr.tobytes())
    sx, sy = w / rw, h / rh
    options = ResizeOptions(resize_alg=ResizeAlg.convolution(FilterType.catmull_rom),
                            crop_box=CropBox(left * sx, top * sy, out * sx, out * sy))

    def fir():
        dst = ImageData(out, out, PixelType.U8x3)
        resizer.resize(src, dst, options)
        pixels = np.frombuffer(dst.get_buffer(), np.uint8).reshape(out, out, 3)
        return cv2.dnn.blobFromImage(pixels, scalefactor=1 / 255.0, mean=CLIP_MEAN_255)

    image = pyvips.Image.new_from_array(arr)

    def vips():
        pixels = image.resize(rw / w, vscale=rh / h, kernel="cubic", gap=0).crop(left, top, out, out).numpy()
        return cv2.dnn.blobFromImage(pixels, scalefactor=1 / 255.0, mean=CLIP_MEAN_255)

    times["fir"] = median_ms(fir, repeats)
    times["vips"] = median_ms(vips, repeats)
    times["fir_version"] = "cykooz-resizer " + __import__("importlib.metadata").metadata.version("cykooz-resizer")
    times["vips_version"] = f"libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}"
    return times


def torchvision_times(repeats, only=None):
    """transformers' torchvision backend on every scenario, in this process's torch dispatch."""
    import torch
    from transformers import AutoImageProcessor
    torch.set_num_threads(1)
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, cfg, sizes in SCENARIOS:
            if only and only not in name:
                continue
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
    ap.add_argument("--rounds", type=int, default=3, help="time every tool this many times, one round after another; "
                                                           "each reports its best round's median")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks"))
    ap.add_argument("--only", help="time only the scenarios whose name contains this text (a scratch run: no batch "
                                   "row; use with --out)")
    args = ap.parse_args()
    if args.torchvision_only:  # the child run under another ATEN_CPU_CAPABILITY
        print(json.dumps(torchvision_times(args.repeats, args.only)))
        return
    if not args.bench:
        ap.error("--bench is required")
    if args.rounds < 1 or args.repeats < 1:
        ap.error(f"--rounds ({args.rounds}) and --repeats ({args.repeats}) must be at least 1")
    # torch's uint8 antialias resize kernel exists only for AVX2; on an AVX-512 machine the
    # default dispatch is slower. Time torchvision under both and keep the faster per row.
    # A child process times every scenario at the start of each round (below).
    def tv_avx2_times():
        child = subprocess.run([sys.executable, __file__, "--torchvision-only", "--repeats", str(args.repeats)] +
                               (["--only", args.only] if args.only else []),
                               env={**os.environ, "ATEN_CPU_CAPABILITY": "avx2"}, capture_output=True, text=True, check=True)
        return json.loads(child.stdout.strip().splitlines()[-1])

    import cv2
    import torch
    import torchvision
    import transformers
    from transformers import AutoImageProcessor

    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    rows = []
    versions = {}
    # The machine's best (benchmarks/machine_floor.cpp), measured in this run: the floor of the
    # CLIP rows below is the larger of their exact multiply-adds at its rate and their source
    # bytes streamed once at its read rate (the two can overlap, so the larger is the floor).
    machine = json.loads(subprocess.run([str(Path(args.bench).parent / "machine_floor")], capture_output=True, text=True,
                                        check=True).stdout)
    with tempfile.TemporaryDirectory() as tmp:
        setups = []
        for name, cfg, sizes in SCENARIOS:
            if args.only and args.only not in name:
                continue
            d = Path(tmp) / name.replace(" ", "_")
            d.mkdir()
            (d / "preprocessor_config.json").write_text(json.dumps(cfg))
            arr = synthetic(*sizes[0], 1)
            npy = d / "img.npy"
            np.save(npy, arr)
            setups.append({"name": name, "dir": d, "npy": npy, "arr": arr, "pil": Image.fromarray(arr),
                           "tensor": torch.from_numpy(arr).permute(2, 0, 1).contiguous(),
                           "p_pil": AutoImageProcessor.from_pretrained(str(d), backend="pil"),
                           "p_tv": AutoImageProcessor.from_pretrained(str(d), backend="torchvision"),
                           "geometry": peer_geometry(name, *sizes[0])})

        def time_round(s, tv_avx2):
            """One median of `repeats` calls of every tool on one scenario."""
            arr, pil, tensor, d, npy = s["arr"], s["pil"], s["tensor"], s["dir"], s["npy"]
            t = {"hf_pil": median_ms(lambda: s["p_pil"](pil, return_tensors="np"), args.repeats),
                 "hf_tv_default": median_ms(lambda: s["p_tv"](tensor, return_tensors="pt"), args.repeats),
                 "hf_tv_avx2": tv_avx2[s["name"]]}
            out_hw = (224, 224) if "224" in s["name"] else (384, 384)
            mean = np.array([0.48145466, 0.4578275, 0.40821073]) * 255
            t["opencv"] = median_ms(lambda: cv2.dnn.blobFromImage(cv2.resize(arr, out_hw[::-1], interpolation=cv2.INTER_AREA),
                                                                scalefactor=1 / 255.0, mean=tuple(mean)), args.repeats)
            t["pillow_resize"] = median_ms(lambda: pil.resize(out_hw[::-1], Image.Resampling.BICUBIC), args.repeats)
            res = json.loads(subprocess.run([args.bench, str(d), str(args.repeats), str(os.cpu_count()), str(npy)],
                                            capture_output=True, text=True, check=True).stdout)
            t.update(pixelprep=res["median_ms"], pixelprep_reused=res["median_ms_reused"],
                     pixelprep_pool_off=res["median_ms_pool_off"])
            res = subprocess.run([args.bench, str(d), str(args.repeats), "1", str(npy)], capture_output=True, text=True,
                                 check=True, env={**os.environ, "PIXELPREP_SIMD": "avx2"})
            t["pixelprep_avx2"] = json.loads(res.stdout)["median_ms"]
            if s["geometry"] is not None:
                peers = inexact_peers(arr, s["geometry"], args.repeats)
                t.update(fir=peers["fir"], vips=peers["vips"])
                versions.update(fir=peers["fir_version"], vips=peers["vips_version"])
            return t

        # Rounds: every tool on every scenario once per round, the rounds one after another,
        # so that a slow spell of a shared machine falls on every tool's rounds alike; each
        # time reported is the tool's best round (the same rule for pixelprep and the peers).
        per_round = {s["name"]: [] for s in setups}
        for _ in range(args.rounds):
            tv_avx2 = tv_avx2_times()
            for s in setups:
                per_round[s["name"]].append(time_round(s, tv_avx2))
        for s in setups:
            rounds = per_round[s["name"]]
            r = {"scenario": s["name"], "rounds": rounds}
            for key in rounds[0]:
                r[key] = min(t[key] for t in rounds)
            r["hf_tv"] = min(r["hf_tv_default"], r["hf_tv_avx2"])
            if s["geometry"] is not None:
                macs = resize_crop_macs(s["geometry"], *s["arr"].shape[:2])
                r["gmacs"] = macs / (r["pixelprep"] * 1e6)
                r["macs"] = macs
                r["memory_floor_ms"] = s["arr"].nbytes / (machine["read_gb_s"] * 1e6)
                if machine["exact_macs_per_cycle"]:
                    r["arith_floor_ms"] = macs / (machine["exact_macs_per_cycle"] * machine["clock_ghz"] * 1e6)
                r["floor_ms"] = max(r["memory_floor_ms"], r.get("arith_floor_ms", 0.0))
            rows.append(r)
        batch = None
        if not args.only:
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
              f"{cpu_description()}, {os.cpu_count()} cores; 1 thread; each time is the best of {args.rounds} "
              f"rounds' medians of {args.repeats} runs (the rounds one after another, every tool in each)")
    if versions:
        header += f"; {versions['fir']}, {versions['vips']}"
    lines = ["| scenario | transformers PIL (ms) | transformers torchvision, default / avx2 dispatch (ms) | OpenCV area+blob (ms) | "
             "Pillow resize only (ms) | fast_image_resize + blob, inexact (ms) | libvips + blob, inexact (ms) | "
             "pixelprep (ms) | pixelprep AVX2 (ms) | pixelprep, outputs reused (ms) | pixelprep, array pool off (ms) | "
             "vs PIL | vs torchvision (faster) | vs OpenCV | vs fast_image_resize | vs libvips | AVX2 vs PIL | "
             "reused vs PIL / torchvision | pool off vs PIL / torchvision | GMAC/s | floor: multiply-adds / memory (ms) | "
             "pixelprep / floor |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def peer(r, key, fmt):
        return fmt(r[key]) if key in r else "-"

    for r in rows:
        px = r["pixelprep"]
        lines.append(f"| {r['scenario']} | {r['hf_pil']:.2f} | {r['hf_tv_default']:.2f} / {r['hf_tv_avx2']:.2f} | "
                     f"{r['opencv']:.2f} | {r['pillow_resize']:.2f} | {peer(r, 'fir', lambda v: f'{v:.2f}')} | "
                     f"{peer(r, 'vips', lambda v: f'{v:.2f}')} | {px:.2f} | {r['pixelprep_avx2']:.2f} | "
                     f"{r['pixelprep_reused']:.2f} | {r['pixelprep_pool_off']:.2f} | {r['hf_pil'] / px:.2f}x | {r['hf_tv'] / px:.2f}x | {r['opencv'] / px:.2f}x | "
                     f"{peer(r, 'fir', lambda v: f'{v / px:.2f}x')} | {peer(r, 'vips', lambda v: f'{v / px:.2f}x')} | "
                     f"{r['hf_pil'] / r['pixelprep_avx2']:.2f}x | "
                     f"{r['hf_pil'] / r['pixelprep_reused']:.2f}x / {r['hf_tv'] / r['pixelprep_reused']:.2f}x | "
                     f"{r['hf_pil'] / r['pixelprep_pool_off']:.2f}x / {r['hf_tv'] / r['pixelprep_pool_off']:.2f}x | "
                     f"{peer(r, 'gmacs', lambda v: f'{v:.1f}')} | "
                     f"{peer(r, 'arith_floor_ms', lambda v: f'{v:.3f}')} / {peer(r, 'memory_floor_ms', lambda v: f'{v:.3f}')} | "
                     f"{peer(r, 'floor_ms', lambda v: f'{px / v:.2f}x')} |")
    lines.append("")
    lines.append("pixelprep (ms): a fresh result per call, as the peers return; the previous result is dropped "
                 "before the next call, and its large arrays' memory goes back to pixelprep's array pool "
                 "(include/pixelprep/core/array.hpp), which the next result's arrays of the same size take. "
                 "Array pool off: the same with set_output_pool_limit(0), so every large output is memory the kernel "
                 "maps and zeroes anew (malloc unmaps blocks above 32 MiB on free). Outputs reused: the previous "
                 "result's arrays handed back (process_into), a server's steady state.")
    lines.append("")
    lines.append("GMAC/s: Pillow's multiply-adds of the resize with the crop fused (both passes, 3 channels; "
                 "benchmarks/compare.py resize_crop_macs) over pixelprep's median time; VLM rows run several resizes "
                 "and are left out.")
    lines.append("")
    exact = machine["exact_macs_per_cycle"]
    lines.append(f"Floor (benchmarks/machine_floor, this run): {machine['clock_ghz']:.2f} GHz; "
                 + ((f"{exact:.1f} exact multiply-adds per cycle (vpdpbusd: 64 u8 x s8 products, three per 22-bit weight); "
                     if machine.get("exact_macs_source", "").startswith("avx512") else
                     f"{exact:.1f} exact multiply-adds per cycle (AVX2 vpmaddwd: 16 int16 products, two per 22-bit weight); ")
                    if exact else "no AVX2, so no multiply-add floor; ")
                 + f"{machine['read_gb_s']:.1f} GB/s streaming read on one core. A row's floor is the larger of its "
                 "multiply-adds at that rate and its source image read once; pixelprep / floor is its median over that.")
    for r in rows:
        if "floor_ms" in r and exact:
            lines.append(f"- {r['scenario']}: {r['macs'] / 1e6:.1f} M multiply-adds / ({exact:.1f} x {machine['clock_ghz']:.2f} GHz) "
                         f"= {r['arith_floor_ms']:.3f} ms; {r['memory_floor_ms'] * machine['read_gb_s']:.1f} MB / "
                         f"{machine['read_gb_s']:.1f} GB/s = {r['memory_floor_ms']:.3f} ms; floor {r['floor_ms']:.3f} ms, "
                         f"pixelprep {r['pixelprep']:.2f} ms = {r['pixelprep'] / r['floor_ms']:.2f}x the floor.")
    lines.append("")
    lines.append("Each round's medians (ms) of the CLIP rows, in the order they ran (the table keeps each tool's best):")
    for r in rows:
        if r["scenario"].startswith("CLIP"):
            spread = "; ".join(f"{label} " + " / ".join(f"{t[key]:.2f}" for t in r["rounds"])
                               for key, label in (("hf_pil", "PIL"), ("hf_tv_default", "torchvision"),
                                                  ("hf_tv_avx2", "torchvision avx2"), ("fir", "fast_image_resize"),
                                                  ("vips", "libvips"), ("pixelprep", "pixelprep"),
                                                  ("pixelprep_avx2", "pixelprep AVX2"))
                               if key in r["rounds"][0])
            lines.append(f"- {r['scenario']}: {spread}.")
    lines.append("")
    if batch:
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
                ("pillow_resize", "Pillow resize only"), ("fir", "fast_image_resize (inexact)"),
                ("vips", "libvips (inexact)"), ("pixelprep_avx2", "pixelprep AVX2"), ("pixelprep", "pixelprep")]
        width = 0.1
        for k, (key, label) in enumerate(keys):
            ax.bar([i + k * width for i in range(len(rows))], [r.get(key, 0) for r in rows], width, label=label)
        ax.set_xticks([i + 3.5 * width for i in range(len(rows))], names, rotation=20, ha="right", fontsize=8)
        ax.set_ylabel(f"ms per image, 1 thread\n(best of {args.rounds} rounds' medians)")
        ax.set_yscale("log")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "latency.png", dpi=110)
    except ImportError:
        print("matplotlib not installed: no chart written")


if __name__ == "__main__":
    main()
