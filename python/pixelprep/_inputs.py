"""What a user passes as images, turned into the items pixelprep._core reads.

transformers' rules: one image, a flat list, or per-sample lists (nested); a 4-D array is a
stack of images. Each image becomes one item (python/src/inputs.hpp lists their forms), so an
error's input index is the image's position in the flat list.
"""
import os
import sys

import numpy as np

_PIL_MODES = ("L", "LA", "RGB", "RGBA")


def _is_pil(x):
    pil = sys.modules.get("PIL.Image")
    return pil is not None and isinstance(x, pil.Image)


def _is_torch(x):
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(x, torch.Tensor)


def _is_image(x):
    return _is_pil(x) or _is_torch(x) or isinstance(x, (np.ndarray, str, os.PathLike, bytes, bytearray, memoryview))


def _array_items(a, index, error):
    if a.dtype not in (np.uint8, np.float32):
        raise error(f"input {index}: dtype {a.dtype} is not supported; give uint8, or float32 values "
                    "(a conversion here could change the last bit of transformers' result)")
    if a.ndim == 4:  # a stack: one item per image, each a view into the same memory
        a = np.ascontiguousarray(a)
        return [("array", a[i]) for i in range(a.shape[0])]
    return [("array", np.ascontiguousarray(a))]


def _items_of(x, index, convert_rgb, error):
    """The items of one element of the user's list (a 4-D array gives several)."""
    if _is_pil(x):
        mode = x.mode
        if mode not in _PIL_MODES:
            if not convert_rgb:
                raise error(f"input {index}: PIL mode {mode!r} is read only with do_convert_rgb=True "
                            f"(pixelprep reads modes {', '.join(_PIL_MODES)} as they are)")
            # transformers' convert_rgb starts with image.convert("RGBA"); the rest is pixelprep's.
            x, mode = x.convert("RGBA"), "RGBA"
        return [("pil", np.asarray(x), mode)]
    if _is_torch(x):
        return _array_items(x.detach().cpu().numpy(), index, error)
    if isinstance(x, np.ndarray):
        return _array_items(x, index, error)
    if isinstance(x, (str, os.PathLike)):
        path = os.fspath(x)
        if path.startswith(("http://", "https://")):
            raise error(f"input {index}: {path!r} is a URL; pixelprep reads local files (download it first)")
        return [("path", path)]
    if isinstance(x, (bytes, bytearray, memoryview)):
        return [("bytes", bytes(x), f"<bytes input {index}>")]
    raise error(f"input {index}: a {type(x).__module__}.{type(x).__qualname__} is not an image (give a PIL image, "
                "numpy array, torch tensor, file path or encoded bytes)")


def collect(images, convert_rgb, error):
    """(items, samples): samples is None for a flat batch, else each sample's image count."""
    if _is_image(images):
        images = [images]
    if not isinstance(images, (list, tuple)):
        raise error(f"images: a {type(images).__qualname__} is neither an image nor a list of images")
    nested = len(images) > 0 and all(isinstance(s, (list, tuple)) for s in images)
    if nested != any(isinstance(s, (list, tuple)) for s in images):
        raise error("images: a list that mixes images and lists of images")
    items, samples = [], [] if nested else None
    for sample in (images if nested else [images]):
        before = len(items)
        for x in sample:
            items.extend(_items_of(x, len(items), convert_rgb(), error))
        if nested:
            samples.append(len(items) - before)
    return items, samples
