#!/usr/bin/env python3
"""resize-modes: `pixelprep resize IN OUT --size HxW --resample NAME` against live Pillow.

For every case, Pillow does what the command promises:
    Image.open(IN).resize((w, h), resample).save(REF)
and both OUT and REF are reopened with Pillow and compared: mode, size, tobytes(), palette,
info["transparency"], and the PNG bit depth and color type of the two files.

Random cases (sizes up and down, same size, vertical-first shapes, all six filters) for L,
RGB and RGBA (>= 150 each) and fewer for LA, P, 1 and I;16; then fixed variants of how
files open: 2/4-bit gray, 16-bit RGB / RGBA / gray+alpha, 1/2/4/8-bit palettes, tRNS in
every mode that keeps it, JPEG L and RGB, WebP RGB and RGBA, a JPEG with an EXIF rotation
(Image.open does not apply it), and a CMYK JPEG (Pillow cannot save CMYK as PNG: the
command must refuse it, naming the file and the mode). Prints per-mode case counts and
mismatches; exits 1 on any mismatch.

Needs pillow==13.0.0 (tools/setup_python_env.sh); exits 77 without it.
"""
import argparse
import collections
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

try:
    import numpy as np
    import PIL
    from PIL import Image
except ImportError as exc:  # pragma: no cover - a skip, reported by meson
    print(f"SKIP: resize-modes needs numpy and pillow==13.0.0 ({exc}); run tools/setup_python_env.sh")
    sys.exit(77)

PINNED_PILLOW = "13.0.0"
ROOT = Path(__file__).resolve().parents[2]
FILTERS = ["NEAREST", "BOX", "BILINEAR", "HAMMING", "BICUBIC", "LANCZOS"]
RANDOM_CASES = {"L": 150, "RGB": 150, "RGBA": 150, "LA": 40, "P": 40, "1": 30, "I;16": 60}


def png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def write_raw_png(path, rows, width, height, bit_depth, color_type, plte=None, trns=None):
    """A PNG of any bit depth / color type (Pillow cannot write 16-bit RGB, RGBA or gray+alpha).
    rows: height byte strings, each a row as PNG stores it (without the filter byte)."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    raw = b"".join(b"\0" + r for r in rows)
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
    if plte is not None:
        data += png_chunk(b"PLTE", plte)
    if trns is not None:
        data += png_chunk(b"tRNS", trns)
    data += png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b"")
    Path(path).write_bytes(data)


def pack_rows(a, bit_depth):
    """Rows of small unsigned values packed to bit_depth (1, 2, 4, 8) or big-endian 16-bit."""
    if bit_depth == 16:
        return [r.astype(">u2").tobytes() for r in a]
    if bit_depth == 8:
        return [r.astype(np.uint8).tobytes() for r in a]
    return [np.packbits(np.unpackbits(r.astype(np.uint8)[:, None], axis=1)[:, 8 - bit_depth:].reshape(-1)).tobytes()
            for r in a]


def random_pixels(rng, shape, high=256, dtype=np.uint8):
    """Noise, gradients, hard edges or blocks, so that every filter meets smooth areas,
    overshoot at the clamps and exact values."""
    kind = rng.integers(0, 4)
    h, w = shape[0], shape[1]
    if kind == 0:
        return rng.integers(0, high, shape, dtype=np.int64).astype(dtype)
    if kind == 1:
        yy, xx = np.mgrid[0:h, 0:w]
        base = (xx / max(w - 1, 1) * 0.6 + yy / max(h - 1, 1) * 0.4) * (high - 1)
        base = base.reshape((h, w) + (1,) * (len(shape) - 2))
        noise = rng.normal(0, high / 40, shape)
        return np.clip(base + noise, 0, high - 1).astype(dtype)
    if kind == 2:
        return (rng.integers(0, 2, shape) * (high - 1)).astype(dtype)
    bh, bw = max(1, h // int(rng.integers(1, 6))), max(1, w // int(rng.integers(1, 6)))
    small = rng.integers(0, high, ((h + bh - 1) // bh, (w + bw - 1) // bw) + tuple(shape[2:]), dtype=np.int64)
    return np.repeat(np.repeat(small, bh, axis=0), bw, axis=1)[:h, :w].astype(dtype)


def with_alpha_extremes(rng, a):
    """Alpha with exact 0 and 255 (un-premultiply keeps those) mixed in, half the time."""
    if rng.random() < 0.5:
        alpha = rng.choice([0, 255, 1, 128, 254], size=a.shape[:2]).astype(np.uint8)
        a[..., -1] = np.where(rng.random(a.shape[:2]) < 0.5, alpha, a[..., -1])
    return a


def random_sizes(rng, i):
    """Input and output sizes: up, down, mixed, the same size, and height shrinking much more
    than width (Pillow >= 13 then runs the vertical pass first)."""
    kind = i % 6
    ih, iw = int(rng.integers(1, 90)), int(rng.integers(1, 90))
    if kind == 0:
        return (ih, iw), (ih, iw)  # Image.resize returns a copy
    if kind == 1:
        ih = int(rng.integers(60, 200))
        return (ih, iw), (int(rng.integers(1, max(2, ih // 4))), max(1, iw - int(rng.integers(0, 3))))
    return (ih, iw), (int(rng.integers(1, 130)), int(rng.integers(1, 130)))


def random_image(rng, mode, h, w):
    if mode == "L":
        return Image.fromarray(random_pixels(rng, (h, w)), "L")
    if mode == "RGB":
        return Image.fromarray(random_pixels(rng, (h, w, 3)), "RGB")
    if mode == "RGBA":
        return Image.fromarray(with_alpha_extremes(rng, random_pixels(rng, (h, w, 4))), "RGBA")
    if mode == "LA":
        return Image.fromarray(with_alpha_extremes(rng, random_pixels(rng, (h, w, 2))), "LA")
    if mode == "1":
        return Image.fromarray(random_pixels(rng, (h, w), high=2) * 255, "L").convert("1", dither=Image.Dither.NONE)
    if mode == "I;16":
        return Image.fromarray(random_pixels(rng, (h, w), high=65536, dtype=np.uint16))
    # P: a random palette of 1..256 entries, indices within it; a transparent entry sometimes
    colors = int(rng.choice([1, 2, 3, 4, 9, 16, 17, 100, 256]))
    im = Image.fromarray(random_pixels(rng, (h, w), high=colors), "P")
    im.putpalette(rng.integers(0, 256, 3 * colors, dtype=np.uint8).tobytes())
    if rng.random() < 0.4:
        im.info["transparency"] = int(rng.integers(0, colors))
    return im


def png_header(path):
    data = Path(path).read_bytes()
    return (data[24], data[25]) if data[:8] == b"\x89PNG\r\n\x1a\n" else None


def describe(path):
    with Image.open(path) as im:
        im.load()
        return {"mode": im.mode, "size": im.size, "bytes": im.tobytes(), "palette": im.getpalette(),
                "transparency": im.info.get("transparency"), "png": png_header(path)}


class Runner:
    def __init__(self, pixelprep, tmp):
        self.pixelprep, self.tmp = pixelprep, Path(tmp)
        self.cases = collections.Counter()
        self.mismatches = collections.Counter()
        self.failures = []

    def check(self, label, src, out_hw, resample):
        """Runs one case; `label` groups the counts (the mode the file opens as, or a variant)."""
        out, ref = self.tmp / "out.png", self.tmp / "ref.png"
        for p in (out, ref):
            p.unlink(missing_ok=True)
        h, w = out_hw
        with Image.open(src) as im:
            im.resize((w, h), getattr(Image.Resampling, resample)).save(ref)
        r = subprocess.run([self.pixelprep, "resize", str(src), str(out), "--size", f"{h}x{w}", "--resample",
                            resample.lower()], capture_output=True, text=True)
        self.cases[label] += 1
        problem = None
        if r.returncode != 0:
            problem = f"exit {r.returncode}: {r.stderr.strip()}"
        else:
            got, want = describe(out), describe(ref)
            diff = [k for k in want if got[k] != want[k]]
            if diff:
                problem = "differs in " + ", ".join(diff) + f" (got mode {got['mode']} {got['size']} png {got['png']}, " \
                          f"Pillow {want['mode']} {want['size']} png {want['png']})"
        if problem:
            self.mismatches[label] += 1
            with Image.open(src) as im:
                self.failures.append(f"{label}: {im.mode} {im.size} -> {w}x{h} {resample}: {problem}")

    def check_refused(self, label, src, must_contain):
        out = self.tmp / "refused.png"
        r = subprocess.run([self.pixelprep, "resize", str(src), str(out), "--size", "5x5"], capture_output=True,
                           text=True)
        self.cases[label] += 1
        if r.returncode != 1 or any(s not in r.stderr for s in must_contain) or out.exists():
            self.mismatches[label] += 1
            self.failures.append(f"{label}: expected exit 1 naming {must_contain}, got {r.returncode}: {r.stderr.strip()}")


def random_cases(run, rng):
    for mode, n in RANDOM_CASES.items():
        for i in range(n):
            (ih, iw), out_hw = random_sizes(rng, i)
            src = run.tmp / f"in_{mode.replace(';', '')}.png"
            random_image(rng, mode, ih, iw).save(src)
            run.check(mode, src, out_hw, FILTERS[i % len(FILTERS)])


def variant_cases(run, rng):
    """Files Pillow opens in a mode other than the one it would write, or with tRNS."""
    def sizes():
        return (int(rng.integers(1, 40)), int(rng.integers(1, 40))), (int(rng.integers(1, 50)), int(rng.integers(1, 50)))

    variants = []
    for depth in (1, 2, 4, 8, 16):  # gray: "1", "L" (scaled), "I;16"
        variants.append((f"gray {depth}-bit", 0, depth, 1, None))
    for depth in (8, 16):
        variants.append((f"RGB {depth}-bit", 2, depth, 3, None))
        variants.append((f"gray+alpha {depth}-bit", 4, depth, 2, None))
        variants.append((f"RGBA {depth}-bit", 6, depth, 4, None))
    for depth in (1, 2, 4, 8):
        variants.append((f"palette {depth}-bit", 3, depth, 1, None))
    # tRNS: a gray value, an RGB color, one transparent palette entry, per-entry palette alpha
    variants += [("gray 8-bit tRNS", 0, 8, 1, "gray"), ("gray 1-bit tRNS", 0, 1, 1, "gray"),
                 ("gray 2-bit tRNS", 0, 2, 1, "gray"), ("gray 16-bit tRNS", 0, 16, 1, "gray"),
                 ("RGB 8-bit tRNS", 2, 8, 3, "rgb"), ("RGB 16-bit tRNS", 2, 16, 3, "rgb"),
                 ("palette 8-bit tRNS one", 3, 8, 1, "one"), ("palette 4-bit tRNS alphas", 3, 4, 1, "alphas")]
    for label, color_type, depth, samples, trns_kind in variants:
        for k in range(6):
            (ih, iw), out_hw = sizes()
            if color_type == 3:
                entries = int(rng.integers(1, (1 << depth) + 1))
                a = rng.integers(0, entries, (ih, iw, 1))
                plte = rng.integers(0, 256, 3 * entries, dtype=np.uint8).tobytes()
            else:
                a = random_pixels(rng, (ih, iw, samples), high=1 << depth, dtype=np.int64)
                plte = None
            trns = None
            if trns_kind == "gray":
                trns = struct.pack(">H", int(a[0, 0, 0]))
            elif trns_kind == "rgb":
                trns = struct.pack(">HHH", *(int(v) for v in a[0, 0]))
            elif trns_kind == "one":
                trns = bytes(255 if j != int(a[0, 0, 0]) else 0 for j in range(entries))
            elif trns_kind == "alphas":
                trns = rng.integers(0, 256, int(rng.integers(1, entries + 1)), dtype=np.uint8).tobytes()
            rows = pack_rows(a.reshape(ih, iw * samples), depth)
            src = run.tmp / "variant.png"
            write_raw_png(src, rows, iw, ih, depth, color_type, plte, trns)
            run.check(label, src, out_hw, FILTERS[(k + len(label)) % len(FILTERS)])

    # NEAREST over long rows: 8-bit images take Pillow's accumulated source position, I;16
    # its per-pixel closed form; the two disagree for about a quarter of these widths.
    for mode in ("L", "I;16"):
        for k in range(25):
            iw, ow = int(rng.integers(100, 2000)), int(rng.integers(100, 2000))
            src = run.tmp / "wide.png"
            random_image(rng, mode, int(rng.integers(1, 4)), iw).save(src)
            run.check(f"{mode} NEAREST long rows", src, (int(rng.integers(1, 4)), ow), "NEAREST")

    for mode in ("L", "RGB"):  # JPEG opens as L or RGB
        for k in range(6):
            (ih, iw), out_hw = sizes()
            src = run.tmp / "in.jpg"
            random_image(rng, mode, ih + 8, iw + 8).save(src, quality=90)
            run.check(f"JPEG {mode}", src, out_hw, FILTERS[k])
    for mode in ("RGB", "RGBA"):  # WebP opens as RGB or RGBA
        for k in range(6):
            (ih, iw), out_hw = sizes()
            src = run.tmp / "in.webp"
            random_image(rng, mode, ih + 8, iw + 8).save(src, lossless=True)
            run.check(f"WebP {mode}", src, out_hw, FILTERS[k])
    rotated = ROOT / "tests/data/images/rotated_exif6.jpg"  # Image.open does not rotate
    for k, resample in enumerate(FILTERS):
        run.check("JPEG EXIF-rotated", rotated, (17 + 5 * k, 23), resample)

    cmyk = run.tmp / "cmyk.jpg"
    Image.new("CMYK", (9, 7), (10, 20, 30, 40)).save(cmyk)
    run.check_refused("JPEG CMYK (refused)", cmyk, [str(cmyk), "mode CMYK", "cannot write mode CMYK as PNG"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pixelprep", required=True)
    ap.add_argument("--seed", type=int, default=20261202)
    args = ap.parse_args()
    if PIL.__version__ != PINNED_PILLOW:
        print(f"SKIP: resize-modes compares with pillow=={PINNED_PILLOW}, found {PIL.__version__}; "
              "run tools/setup_python_env.sh")
        return 77
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory(prefix="pixelprep-resize-modes-") as tmp:
        run = Runner(args.pixelprep, tmp)
        random_cases(run, rng)
        variant_cases(run, rng)
    for f in run.failures[:40]:
        print("MISMATCH", f)
    width = max(len(k) for k in run.cases)
    for label, n in run.cases.items():
        print(f"{label:<{width}}  {n:4d} cases  {run.mismatches[label]:3d} mismatches")
    total, bad = sum(run.cases.values()), sum(run.mismatches.values())
    short = [m for m, n in RANDOM_CASES.items() if run.cases[m] < n]
    print(f"resize-modes: {total} cases, {bad} mismatches (pillow {PIL.__version__}, seed {args.seed})")
    if short:
        print("too few cases for", short)
    return 1 if bad or short else 0


if __name__ == "__main__":
    sys.exit(main())
