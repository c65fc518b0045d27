#!/usr/bin/env python3
"""Compares the .npy files `pixelprep preprocess MODEL IMAGE --out OUT` wrote with what transformers
itself gives for the same model folder and image, for both of its backends.

    python tools/compare_with_transformers.py MODEL_DIR IMAGE OUT

Run it with a Python that has transformers (5.23.0 for bit-exactness), Pillow and torchvision, e.g. the
golden venv (tools/make_goldens.sh). Exit 0 when every key is bit-identical to the PIL backend's."""
import sys
from pathlib import Path

import numpy as np
import PIL
import transformers
from transformers import AutoImageProcessor
from transformers.image_utils import load_image


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    model_dir, image, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    print(f"transformers {transformers.__version__}, Pillow {PIL.__version__}")
    pil_identical = True
    for backend in ("pil", "torchvision"):
        proc = AutoImageProcessor.from_pretrained(model_dir, backend=backend)
        ref = proc(load_image(image), return_tensors="np")
        for key in ref.keys():
            path = out / f"{key}.npy"
            if not path.exists():
                print(f"{type(proc).__name__} ({backend}) {key}: missing {path}")
                pil_identical &= backend != "pil"
                continue
            ours, theirs = np.load(path), np.asarray(ref[key])
            same = ours.shape == theirs.shape and ours.dtype == theirs.dtype and ours.tobytes() == theirs.tobytes()
            diff = (np.abs(ours.astype(np.float64) - theirs.astype(np.float64)).max()
                    if ours.shape == theirs.shape and ours.size else float("nan"))
            print(f"{type(proc).__name__} ({backend}) {key}: pixelprep {ours.shape} {ours.dtype}, transformers "
                  f"{theirs.shape} {theirs.dtype}, max|d|={diff:g}, bit-identical={same}")
            if backend == "pil":
                pil_identical &= same
    return 0 if pil_identical else 1


if __name__ == "__main__":
    sys.exit(main())
