#!/usr/bin/env python3
"""Differential test: pixelprep's resize against real Pillow, byte for byte.

Generates random uint8 images (sizes 1..600, all six filters, 1/3/4 channels, up- and
downscaling, plus fixed edge cases such as very tall images, which Pillow >= 13 resizes
vertically first), resizes each with Pillow, writes input and expected output as .npy,
and asks the C++ checker to reproduce every expected output exactly.

Needs the Pillow the goldens pin (13.0.0); tools/setup_python_env.sh creates that venv.
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import PIL
    from PIL import Image
except ImportError as exc:  # pragma: no cover - reported as a skip by meson (exit 77)
    print(f"SKIP: pillow-differential needs numpy and pillow==13.0.0 ({exc}); run tools/setup_python_env.sh")
    sys.exit(77)

PINNED_PILLOW = "13.0.0"
FILTERS = {0: "NEAREST", 1: "LANCZOS", 2: "BILINEAR", 3: "BICUBIC", 4: "BOX", 5: "HAMMING"}
MODES = {1: "L", 3: "RGB", 4: "RGBA"}


def make_image(rng, h, w, c):
    kind = rng.integers(0, 4)
    if kind == 0:  # white noise: every tap matters
        a = rng.integers(0, 256, (h, w, c), dtype=np.uint8)
    elif kind == 1:  # smooth gradient with noise: exercises rounding near exact values
        yy, xx = np.mgrid[0:h, 0:w]
        base = (xx * 255.0 / max(w - 1, 1) * 0.6 + yy * 255.0 / max(h - 1, 1) * 0.4)
        a = np.clip(base[..., None] + rng.normal(0, 6, (h, w, c)), 0, 255).astype(np.uint8)
    elif kind == 2:  # hard edges and extremes: drives bicubic/lanczos overshoot to the clamps
        a = (rng.integers(0, 2, (h, w, c)) * 255).astype(np.uint8)
    else:  # blocks of constant color
        bh, bw = max(1, h // int(rng.integers(1, 6))), max(1, w // int(rng.integers(1, 6)))
        small = rng.integers(0, 256, ((h + bh - 1) // bh, (w + bw - 1) // bw, c), dtype=np.uint8)
        a = np.repeat(np.repeat(small, bh, axis=0), bw, axis=1)[:h, :w]
    if c == 4 and rng.random() < 0.5:  # alpha with exact 0 and 255 values mixed in
        alpha = rng.choice([0, 255, 1, 128, 254], size=(h, w)).astype(np.uint8)
        mask = rng.random((h, w)) < 0.5
        a[..., 3] = np.where(mask, alpha, a[..., 3])
    return np.ascontiguousarray(a)


def to_pil(a):
    c = a.shape[2]
    return Image.fromarray(a[..., 0] if c == 1 else a, MODES[c])


def from_pil(im, c):
    out = np.asarray(im)
    return out[..., None] if c == 1 else out


def edge_cases():
    """Fixed cases the random draw would rarely hit. (in_h, in_w, out_h, out_w)."""
    cases = [(1, 1, 1, 1), (1, 1, 7, 5), (5, 7, 1, 1), (1, 600, 1, 3), (600, 1, 2, 1),
             (2, 600, 1, 600), (600, 2, 600, 1), (1, 600, 1, 599), (600, 1, 599, 1),
             (3, 3, 600, 600), (600, 600, 1, 1), (37, 211, 211, 37)]
    # 1000:1-class aspect ratios, and very tall images whose height shrinks a lot
    # (Pillow >= 13 resizes those vertically first).
    cases += [(600, 1, 60, 1), (1, 600, 1, 60), (600, 3, 6, 2), (600, 5, 100, 4), (500, 4, 50, 3),
              (600, 6, 3, 1), (450, 2, 9, 1), (600, 600, 100, 599), (400, 400, 40, 221),
              (400, 400, 40, 220), (300, 900, 225, 188), (300, 900, 225, 187)]
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checker", required=True, help="path to the C++ pillow_diff_check binary")
    ap.add_argument("--cases", type=int, default=1200, help="number of random cases")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--chunk", type=int, default=100)
    args = ap.parse_args()

    if PIL.__version__ != PINNED_PILLOW:
        print(f"SKIP: pillow-differential needs Pillow {PINNED_PILLOW}, found {PIL.__version__}; "
              "run tools/setup_python_env.sh")
        return 77

    rng = np.random.default_rng(args.seed)
    plan = []
    for (ih, iw, oh, ow) in edge_cases():
        for f in FILTERS:
            plan.append((ih, iw, oh, ow, f, int(rng.choice([1, 3, 4]))))
    for _ in range(args.cases):
        ih, iw = (int(v) for v in rng.integers(1, 601, 2))
        r = rng.random()
        if r < 0.45:  # downscale
            oh, ow = int(rng.integers(1, ih + 1)), int(rng.integers(1, iw + 1))
        elif r < 0.8:  # upscale
            oh, ow = int(rng.integers(ih, 601)), int(rng.integers(iw, 601))
        else:  # anything
            oh, ow = (int(v) for v in rng.integers(1, 601, 2))
        plan.append((ih, iw, oh, ow, int(rng.integers(0, 6)), int(rng.choice([1, 3, 4]))))
    # resize(..., reducing_gap=g): Image.reduce by whole factors, then the fractional box
    # (Nougat's thumbnail, gap 2.0); 1 and 3 channels, the convolution filters.
    for _ in range(args.cases // 6):
        ih, iw = (int(v) for v in rng.integers(1, 601, 2))
        oh = max(1, int(ih / rng.uniform(1, 40))) if rng.random() < 0.7 else max(1, int(ih / rng.uniform(1, 3)))
        ow = max(1, int(iw / rng.uniform(1, 40))) if rng.random() < 0.7 else max(1, int(iw / rng.uniform(1, 3)))
        plan.append((ih, iw, oh, ow, int(rng.integers(1, 6)), int(rng.choice([1, 3])), float(rng.choice([2.0, 3.0]))))

    per_filter = collections.Counter()
    per_channels = collections.Counter()
    direction = collections.Counter()
    mismatches = 0
    levels = "?"
    with tempfile.TemporaryDirectory(prefix="pixelprep-pillow-diff-") as tmp:
        for start in range(0, len(plan), args.chunk):
            chunk = plan[start:start + args.chunk]
            manifest = os.path.join(tmp, "manifest.txt")
            with open(manifest, "w") as mf:
                for i, (ih, iw, oh, ow, f, c, *gap) in enumerate(chunk):
                    a = make_image(rng, ih, iw, c)
                    expected = from_pil(to_pil(a).resize((ow, oh), Image.Resampling(f),
                                                         reducing_gap=gap[0] if gap else None), c)
                    src = os.path.join(tmp, f"in{i}.npy")
                    dst = os.path.join(tmp, f"out{i}.npy")
                    np.save(src, a)
                    np.save(dst, np.ascontiguousarray(expected))
                    mf.write(f"{start + i} {src} {dst} {oh} {ow} {f}{' ' + repr(gap[0]) if gap else ''}\n")
            proc = subprocess.run([args.checker, manifest], capture_output=True, text=True)
            if proc.returncode not in (0, 1):
                print(proc.stdout + proc.stderr)
                print(f"checker failed with exit code {proc.returncode}")
                return 2
            if f"CHECKED {len(chunk)}" not in proc.stdout.splitlines():
                print(proc.stdout[-2000:] + proc.stderr[-2000:])
                print(f"checker stopped before checking all {len(chunk)} cases (exit code {proc.returncode})")
                return 2
            levels = next((line.split(maxsplit=1)[1] for line in proc.stdout.splitlines() if line.startswith("LEVELS ")), levels)
            bad = {int(line.split()[1]) for line in proc.stdout.splitlines() if line.startswith("MISMATCH")}
            for line in proc.stdout.splitlines():
                if line.startswith("MISMATCH"):
                    print(line)
            for i, (ih, iw, oh, ow, f, c, *gap) in enumerate(chunk):
                per_filter[FILTERS[f]] += 1
                direction["reducing_gap"] += bool(gap)
                per_channels[c] += 1
                direction["down" if oh * ow < ih * iw else "up/same"] += 1
                if start + i in bad:
                    mismatches += 1
    print(f"Pillow {PIL.__version__}, numpy {np.__version__}, seed {args.seed}")
    print("per filter: " + ", ".join(f"{k}={per_filter[k]}" for k in FILTERS.values()))
    print("per channel count: " + ", ".join(f"{c}ch={per_channels[c]}" for c in sorted(per_channels)))
    print("by direction: " + ", ".join(f"{k}={v}" for k, v in sorted(direction.items())))
    print(f"SIMD levels compared, each case at every one: {levels}")
    print(f"pillow differential: {len(plan)} cases, {mismatches} mismatches")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
