"""How each tests/golden input kind is built from its file: the recipes tools/make_goldens.py
records (its input descriptions), shared by hf_parity.py and the Python package's tests."""
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
