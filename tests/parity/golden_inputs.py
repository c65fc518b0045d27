"""How each tests/golden input kind is built from its file: the recipes tools/make_goldens.py
records (its input descriptions), shared by hf_parity.py and the Python package's tests. And
where transformers must be run on a golden config (make_goldens, the transformers backend
test): the class-info stand-in OneFormer's configs need."""
import contextlib
import json
import os
from pathlib import Path

import numpy as np
from PIL import Image

PATH_KINDS = ("path", "path_string")


def golden_array(kind, path):
    """The numpy array a numpy_* input kind hands to transformers."""
    rgb = lambda: np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)  # noqa: E731
    raw = lambda: np.asarray(Image.open(path), dtype=np.uint8)  # noqa: E731
    arrays = {
        "numpy_uint8_hwc": lambda: rgb(),
        "numpy_float32_hwc": lambda: (rgb() / 255.0).astype(np.float32),
        "numpy_rgba_hwc": lambda: raw(),
        "numpy_gray_hw1": lambda: raw()[..., None],
        "numpy_gray_hw": lambda: raw(),
    }
    return np.ascontiguousarray(arrays[kind]())


def inputs_in_turn(cases, per_config):
    """A subset of golden cases that still uses every config and every input: config number i
    (in the order the cases first name it) keeps `per_config` of its own n inputs, spread evenly
    and starting one further on for each config (inputs i, i + n/k, i + 2n/k, ... mod n, for
    k = per_config), so that the inputs are dealt out in turn; an input that no config kept
    (one only a few configs have) joins for the first config that has it. Every case of a kept
    (config, input) pair stays. For the runs that repeat a check the full set already makes on
    the same library (the command, the Python package, the sanitizer build)."""
    by_config = {}
    for c in cases:
        by_config.setdefault(c["config"], {}).setdefault(c["input"], []).append(c)
    kept = []
    for i, mine in enumerate(by_config.values()):
        names = list(mine)
        n = len(names)
        picks = dict.fromkeys(names[(i + j * n // per_config) % n] for j in range(min(per_config, n)))
        kept += [c for name in picks for c in mine[name]]
    used = {c["input"] for c in kept}
    for mine in by_config.values():
        for name, its_cases in mine.items():
            if name not in used:
                kept += its_cases
                used.add(name)
    return kept


@contextlib.contextmanager
def class_info_stand_in(model_dir):
    """Runs the body in a folder that holds the file a OneFormer config's class_info_file names.

    OneFormer's __init__ reads repo_path/class_info_file (from the hub where it is no local
    file) for its labels' class names, not the pixels. There is no hub here: the file is written
    back from the config's own metadata (what that file gave when the config was saved), under
    repo_path in a folder next to the model's, which the body runs in. Other configs: no change."""
    model_dir = Path(model_dir).resolve()
    cfg = json.loads((model_dir / "preprocessor_config.json").read_text())
    if not (cfg.get("class_info_file") and isinstance(cfg.get("metadata"), dict)):
        yield
        return
    root = model_dir.parent / (model_dir.name + "__class_info")
    f = root / (cfg.get("repo_path") or "") / cfg["class_info_file"]
    f.parent.mkdir(parents=True, exist_ok=True)
    md = cfg["metadata"]
    ids = sorted((k for k in md if k.isdigit()), key=int)
    f.write_text(json.dumps({k: {"name": md[k], "isthing": int(int(k) in md.get("thing_ids", []))} for k in ids}))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(cwd)
