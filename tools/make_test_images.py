#!/usr/bin/env python3
"""Make the golden test images in tests/data/images/ from scikit-image's bundled sample photos.

Deterministic: the sources are files inside the scikit-image 0.26.0 wheel (checked by SHA-256 below) and every
step is a fixed Pillow 13.0.0 / numpy operation. Run with the golden venv (pillow==13.0.0):

    .venv-golden/bin/python tools/make_test_images.py [--wheel PATH | --skimage-data DIR]

Without --wheel/--skimage-data it runs `python -m pip download scikit-image==0.26.0 --no-deps` into a temporary
directory (PyPI access needed) and reads the files from that wheel. scikit-image is not installed and is not a
dependency of the project. Sources and licences are listed in tests/data/README.md; this script also writes
tests/data/images/SOURCES.json with the SHA-256 of every source and output file.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "data" / "images"

SKIMAGE_VERSION = "0.26.0"
PILLOW_VERSION = "13.0.0"

# name inside skimage/data -> licence note quoted from the skimage/data/_fetchers.py docstrings
SOURCES = {
    "chelsea.png": (
        "Chelsea the cat. 'No copyright restrictions. CC0 by the photographer (Stefan van der Walt).'"
    ),
    "astronaut.png": (
        "Eileen Collins, NASA Great Images database (https://flic.kr/p/r9qvLn). "
        "'No known copyright restrictions, released into the public domain.'"
    ),
    "rocket.jpg": (
        "Launch of DSCOVR on Falcon 9, SpaceX Photos (https://www.flickr.com/photos/spacexphotos/16511594820/). "
        "'The image was captured by SpaceX and released in the public domain.'"
    ),
    "coffee.png": (
        "Coffee cup, courtesy of Pikolo Espresso Bar. 'No copyright restrictions. CC0 by the photographer "
        "(Rachel Michetti).'"
    ),
    "camera.png": (
        "Gray-level 'camera' image. 'No copyright restrictions. CC0 by the photographer (Lav Varshney).'"
    ),
}
# SHA-256 of the files in the 0.26.0 wheel; checked so a different wheel cannot silently change the images.
SOURCE_SHA256 = {
    "chelsea.png": "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb",
    "astronaut.png": "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
    "rocket.jpg": "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c",
    "coffee.png": "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
    "camera.png": "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_sources(args) -> dict[str, bytes]:
    if args.skimage_data:
        d = Path(args.skimage_data)
        return {name: (d / name).read_bytes() for name in SOURCES}
    wheel = args.wheel
    tmp = None
    if wheel is None:
        tmp = tempfile.TemporaryDirectory()
        subprocess.run(
            [sys.executable, "-m", "pip", "download", f"scikit-image=={SKIMAGE_VERSION}", "--no-deps",
             "--only-binary=:all:", "-q", "-d", tmp.name],
            check=True,
        )
        wheels = sorted(Path(tmp.name).glob("scikit_image-*.whl"))
        if not wheels:
            raise SystemExit("make_test_images: pip download produced no scikit-image wheel")
        wheel = wheels[0]
    with zipfile.ZipFile(wheel) as zf:
        out = {name: zf.read(f"skimage/data/{name}") for name in SOURCES}
    if tmp is not None:
        tmp.cleanup()
    return out


def open_rgb(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def save_png(im: Image.Image, path: Path) -> None:
    # optimize=False, compress_level fixed: byte-identical output for a given Pillow/zlib.
    im.save(path, format="PNG", compress_level=9)


def save_jpeg(im: Image.Image, path: Path, exif: bytes | None = None) -> None:
    kwargs = dict(format="JPEG", quality=90, subsampling="4:2:0", optimize=False, progressive=False)
    if exif is not None:
        kwargs["exif"] = exif
    im.save(path, **kwargs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="path to scikit_image-0.26.0-*.whl (default: pip download it)")
    ap.add_argument("--skimage-data", help="directory holding the extracted skimage/data files")
    ap.add_argument("--out", default=str(OUT_DIR))
    args = ap.parse_args()

    if PIL.__version__ != PILLOW_VERSION:
        print(f"make_test_images: warning: Pillow {PIL.__version__}, images were made with {PILLOW_VERSION}; "
              "JPEG/PNG bytes may differ", file=sys.stderr)

    src = fetch_sources(args)
    for name, data in src.items():
        want = SOURCE_SHA256.get(name)
        if want and sha256(data) != want:
            raise SystemExit(f"make_test_images: {name} sha256 {sha256(data)} != expected {want}")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, dict] = {}

    def record(fname: str, how: str, source: str) -> None:
        p = out / fname
        im = Image.open(p)
        made[fname] = {
            "source": f"scikit-image {SKIMAGE_VERSION} wheel: skimage/data/{source}",
            "how": how,
            "mode": im.mode,
            "size_wh": list(im.size),
            "bytes": p.stat().st_size,
            "sha256": sha256(p.read_bytes()),
        }

    # 1+2. Landscape photo (Chelsea the cat, 451x300): Lanczos downscale to 360x240, saved as PNG and JPEG q90.
    chelsea = open_rgb(src["chelsea.png"]).convert("RGB")
    landscape = chelsea.resize((360, 240), Image.Resampling.LANCZOS)
    save_png(landscape, out / "landscape.png")
    record("landscape.png", "chelsea 451x300 -> resize((360,240), LANCZOS) -> PNG", "chelsea.png")
    save_jpeg(landscape, out / "landscape.jpg")
    record("landscape.jpg", "same pixels as landscape.png -> JPEG quality=90 4:2:0 baseline", "chelsea.png")

    # 3. Portrait photo (astronaut, 512x512): crop box (96,0,416,480) = 320x480 -> Lanczos 240x360 -> JPEG q90.
    astronaut = open_rgb(src["astronaut.png"]).convert("RGB")
    portrait = astronaut.crop((96, 0, 416, 480)).resize((240, 360), Image.Resampling.LANCZOS)
    save_jpeg(portrait, out / "portrait.jpg")
    record("portrait.jpg", "astronaut crop (96,0,416,480) -> resize((240,360), LANCZOS) -> JPEG q90", "astronaut.png")

    # 4. EXIF-rotated photo (rocket, 640x427): Lanczos 300x200, stored landscape with EXIF Orientation=6
    #    ("rotate 90 CW to display"), so load_image()/exif_transpose gives a 200x300 (W x H) portrait.
    rocket = open_rgb(src["rocket.jpg"]).convert("RGB")
    stored = rocket.resize((300, 200), Image.Resampling.LANCZOS)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    save_jpeg(stored, out / "rotated_exif6.jpg", exif=exif.tobytes())
    record("rotated_exif6.jpg",
           "rocket -> resize((300,200), LANCZOS) -> JPEG q90 with EXIF Orientation=6 (displays as 200x300)",
           "rocket.jpg")

    # 5. Tiny image: coffee (600x400) -> BOX downscale to 7x5 (W x H), PNG RGB.
    coffee = open_rgb(src["coffee.png"]).convert("RGB")
    tiny = coffee.resize((7, 5), Image.Resampling.BOX)
    save_png(tiny, out / "tiny_7x5.png")
    record("tiny_7x5.png", "coffee -> resize((7,5), BOX) -> PNG", "coffee.png")

    # 6. Grayscale (mode L): camera (512x512, L) -> crop (0,64,512,448) = 512x384 -> Lanczos 320x240 -> PNG L.
    camera = open_rgb(src["camera.png"])
    if camera.mode != "L":
        camera = camera.convert("L")
    gray = camera.crop((0, 64, 512, 448)).resize((320, 240), Image.Resampling.LANCZOS)
    save_png(gray, out / "gray.png")
    record("gray.png", "camera (L) crop (0,64,512,448) -> resize((320,240), LANCZOS) -> PNG mode L", "camera.png")

    # 7. RGBA with varied alpha: coffee -> Lanczos 300x200; alpha = radial ramp 255 at centre -> 0 at corners,
    #    with a fully transparent 40x40 block at top-left and a fully opaque 40x40 block at bottom-right.
    rgb = np.asarray(coffee.resize((300, 200), Image.Resampling.LANCZOS), dtype=np.uint8)
    h, w = rgb.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    r = np.sqrt(((yy - (h - 1) / 2) / ((h - 1) / 2)) ** 2 + ((xx - (w - 1) / 2) / ((w - 1) / 2)) ** 2) / np.sqrt(2)
    alpha = np.clip(np.floor(255.0 * (1.0 - r) + 0.5), 0, 255).astype(np.uint8)
    alpha[:40, :40] = 0
    alpha[-40:, -40:] = 255
    rgba = np.dstack([rgb, alpha])
    save_png(Image.fromarray(rgba, mode="RGBA"), out / "rgba.png")
    record("rgba.png", "coffee -> resize((300,200), LANCZOS) + radial alpha (255 centre .. 0 corners), "
           "alpha[:40,:40]=0, alpha[-40:,-40:]=255 -> PNG RGBA", "coffee.png")

    # 8. Very elongated: chelsea -> Lanczos 600x399 -> rows 180..220 (40 rows) -> 600x40 (W x H) PNG RGB.
    wide = chelsea.resize((600, 399), Image.Resampling.LANCZOS).crop((0, 180, 600, 220))
    save_png(wide, out / "elongated_40x600.png")
    record("elongated_40x600.png", "chelsea -> resize((600,399), LANCZOS) -> crop (0,180,600,220) -> PNG (H=40, W=600)",
           "chelsea.png")

    meta = {
        "generator": "tools/make_test_images.py",
        "pillow": PIL.__version__,
        "numpy": np.__version__,
        "scikit_image_wheel": SKIMAGE_VERSION,
        "sources": {name: {"sha256": sha256(data), "license": SOURCES[name]} for name, data in src.items()},
        "images": made,
    }
    (out / "SOURCES.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    for fname, m in made.items():
        print(f"{fname:24s} {m['mode']:5s} {m['size_wh'][0]:4d}x{m['size_wh'][1]:<4d} {m['bytes']:7d} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
