#!/usr/bin/env python3
"""Make the edge-case golden inputs in tests/data/images/ from two images already there
(landscape.png, gray.png), with fixed numpy indexing and Pillow 13.0.0's PNG writer:

  one_pixel_1x1.png    RGB 1x1      the pixel at row 120, column 180 of landscape.png
  thin_3x1000.png      RGB 3x1000   (W x H) columns 100..102 of landscape.png, rows repeated cyclically
  flat_1000x7.png      RGB 1000x7   (W x H) rows 50..56 of landscape.png, columns repeated cyclically
  gray16_64x48.png     I;16 64x48   gray.png's top-left 48x64 block: even columns x 257 (most values
                                    above 255, which load_image's convert("RGB") clamps), odd columns as
                                    they are (below 256, kept)

Deterministic; writes tests/data/images/EDGE_SOURCES.json with each file's SHA-256, mode and size.
Run with the golden venv:  .venv-golden/bin/python tools/make_edge_images.py
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import PIL
from PIL import Image

IMAGES = Path(__file__).resolve().parent.parent / "tests" / "data" / "images"


def main() -> int:
    rgb = np.asarray(Image.open(IMAGES / "landscape.png").convert("RGB"), dtype=np.uint8)
    gray = np.asarray(Image.open(IMAGES / "gray.png"), dtype=np.uint8)
    gray16 = gray[:48, :64].astype(np.uint16)
    gray16[:, 0::2] *= 257
    made = {
        "one_pixel_1x1.png": (Image.fromarray(np.ascontiguousarray(rgb[120:121, 180:181])),
                              "landscape.png pixel (row 120, column 180)"),
        "thin_3x1000.png": (Image.fromarray(np.ascontiguousarray(rgb[np.arange(1000) % 240][:, 100:103])),
                            "landscape.png columns 100..102, rows i % 240 for i in 0..999"),
        "flat_1000x7.png": (Image.fromarray(np.ascontiguousarray(rgb[50:57][:, np.arange(1000) % 360])),
                            "landscape.png rows 50..56, columns i % 360 for i in 0..999"),
        "gray16_64x48.png": (Image.fromarray(gray16), "gray.png rows 0..47, columns 0..63; even columns x 257"),
    }
    record = {"generator": "tools/make_edge_images.py", "pillow": PIL.__version__, "numpy": np.__version__,
              "images": {}}
    for name, (im, how) in made.items():
        path = IMAGES / name
        im.save(path, format="PNG", compress_level=9)
        data = path.read_bytes()
        record["images"][name] = {"how": how, "mode": im.mode, "size_wh": list(im.size), "bytes": len(data),
                                  "sha256": hashlib.sha256(data).hexdigest()}
    (IMAGES / "EDGE_SOURCES.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    for name, r in record["images"].items():
        print(f"{name}: {r['mode']} {r['size_wh'][0]}x{r['size_wh'][1]}, {r['bytes']} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
