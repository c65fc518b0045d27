#!/usr/bin/env python3
"""Produce golden reference outputs from Hugging Face transformers' own image processors.

For every config in tests/golden/configs/*.json x every test input x backend ("pil", "torchvision") this loads the
processor exactly as `AutoImageProcessor.from_pretrained(dir, backend=...)` does (the config is written to a
temporary directory as preprocessor_config.json; a "_model_config" entry, when present, becomes config.json), calls
it with return_tensors="np" and records every output key (shape, dtype, SHA-256 of the raw little-endian bytes).
Keys of a config file that start with "_" are metadata (source URL, notes) and are removed before use; "_inputs"
lists multi-image inputs (build_group_inputs) that config also runs; "_pixelprep_refuses" maps input ids to
{"reason", "expect"}: inputs that pixelprep refuses by design (a pixel limit, a Pillow path it does not implement),
for which transformers is not run and the tests check pixelprep's error instead (its message contains `expect`).

Arrays are written as .npy under tests/golden/outputs/<config>/<input>__<backend>.<key>.npy within a size budget
(--budget-mb, default 27.5: with the manifest, tests/golden stays under 40 MB): identical arrays are stored once and later cases point at the stored file, and cases are
stored in a fixed priority order (see STORE_TIERS). Every case, stored or not, has its SHA-256 in the manifest, so a
consumer can check bit-exactness of all of them. --store-all writes every array (for local debugging; do not commit).

Also written:
  tests/golden/saved/<config>.json   processor.save_pretrained() output (identical for both backends, checked),
                                     plus a save -> load -> save round trip check recorded in the manifest;
  tests/golden/manifest.json         versions, inputs, configs, cases, resolution checks.

Run through tools/make_goldens.sh (pinned venv) or directly with a Python that has
transformers==5.23.0 pillow==13.0.0 numpy torch torchvision.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import shutil
import sys
import tempfile
import traceback
import warnings
from collections import OrderedDict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing here needs the network; never ask the Hub

import numpy as np  # noqa: E402
import PIL  # noqa: E402
from PIL import Image  # noqa: E402

import torch  # noqa: E402
import torchvision  # noqa: E402
import transformers  # noqa: E402
import transformers.utils.logging as hf_logging  # noqa: E402
from transformers import AutoImageProcessor  # noqa: E402
from transformers.image_utils import load_image  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "parity"))
from golden_inputs import class_info_stand_in  # noqa: E402

CONFIG_DIR = ROOT / "tests" / "golden" / "configs"
IMAGE_DIR = ROOT / "tests" / "data" / "images"
GOLDEN_DIR = ROOT / "tests" / "golden"

PINNED = {"transformers": "5.23.0", "pillow": "13.0.0"}
BACKENDS = ("pil", "torchvision")


# --------------------------------------------------------------------------------------------------------------
# Inputs. "kind" tells the C++ side what it must feed: a file it decodes itself, or a raw buffer.
# --------------------------------------------------------------------------------------------------------------
def _rel(p: Path) -> str:
    """Repository-relative path when p is inside the repository, else the absolute path (--out elsewhere)."""
    p = Path(p).resolve()
    try:
        return str(p.relative_to(ROOT))
    except ValueError:
        return str(p)


def _path_input(input_id, fname, note):
    path = IMAGE_DIR / fname
    return {
        "id": input_id,
        "file": _rel(path),
        "kind": "path",
        "description": "transformers.image_utils.load_image(path) (PIL open + ImageOps.exif_transpose + convert('RGB')), "
        "the PIL.Image is passed to the processor. " + note,
        "make": lambda: load_image(str(path)),
        "call_kwargs": {},
    }


def build_inputs():
    img = lambda f: IMAGE_DIR / f  # noqa: E731
    inputs = [
        _path_input("landscape_jpg", "landscape.jpg", "RGB JPEG 360x240."),
        _path_input("landscape_png", "landscape.png", "RGB PNG 360x240 (pixels of landscape.jpg before JPEG)."),
        _path_input("portrait_jpg", "portrait.jpg", "RGB JPEG 240x360."),
        _path_input("rotated_exif6_jpg", "rotated_exif6.jpg",
                    "JPEG stored 300x200 with EXIF Orientation=6; exif_transpose makes it 200x300 (W x H)."),
        _path_input("tiny_png", "tiny_7x5.png", "RGB PNG 7x5 (W x H)."),
        _path_input("gray_png", "gray.png", "mode L PNG 320x240; load_image converts it to RGB (R=G=B)."),
        _path_input("rgba_png", "rgba.png",
                    "RGBA PNG 300x200; load_image's convert('RGB') DROPS alpha (no compositing)."),
        _path_input("elongated_png", "elongated_40x600.png", "RGB PNG 600x40 (W x H)."),
        _path_input("one_pixel_png", "one_pixel_1x1.png", "RGB PNG 1x1 (tools/make_edge_images.py)."),
        _path_input("thin_png", "thin_3x1000.png", "RGB PNG 3x1000 (W x H): a 1:333 column."),
        _path_input("flat_png", "flat_1000x7.png", "RGB PNG 1000x7 (W x H): a 143:1 strip."),
        _path_input("gray16_png", "gray16_64x48.png",
                    "16-bit grey PNG (mode I;16) 64x48; load_image's convert('RGB') clamps values above 255."),
        {
            "id": "batch_two_sizes",
            "files": [_rel(img("landscape.jpg")), _rel(img("tiny_7x5.png"))],
            "kind": "files",
            "structure": "flat_list",
            "description": "flat list [landscape.jpg, tiny_7x5.png] (each via load_image): a batch of two sizes, "
            "for batch padding (and one image pair for the pair classes).",
            "make": lambda: [load_image(str(img("landscape.jpg"))), load_image(str(img("tiny_7x5.png")))],
            "call_kwargs": {},
        },
        {
            "id": "landscape_jpg_str",
            "file": _rel(img("landscape.jpg")),
            "kind": "path_string",
            "description": "the path string itself is passed to the processor. PIL backend: load_image(path). "
            "torchvision backend: load_image_as_tensor(path) = torchvision.io.decode_image(mode=RGB, "
            "apply_exif_orientation=True) (torchcodec when installed), i.e. a different JPEG decoder.",
            "make": lambda: str(img("landscape.jpg")),
            "call_kwargs": {},
        },
        {
            "id": "rotated_exif6_jpg_str",
            "file": _rel(img("rotated_exif6.jpg")),
            "kind": "path_string",
            "description": "path string, as landscape_jpg_str, for the EXIF Orientation=6 JPEG.",
            "make": lambda: str(img("rotated_exif6.jpg")),
            "call_kwargs": {},
        },
        {
            "id": "gray_pil_L",
            "file": _rel(img("gray.png")),
            "kind": "pil_raw",
            "description": "PIL.Image.open(path) without conversion (mode L) passed to the processor.",
            "make": lambda: Image.open(img("gray.png")),
            "call_kwargs": {},
        },
        {
            "id": "rgba_pil_RGBA",
            "file": _rel(img("rgba.png")),
            "kind": "pil_raw",
            "description": "PIL.Image.open(path) without conversion (mode RGBA) passed to the processor; "
            "do_convert_rgb composites onto white, otherwise 4 channels go through.",
            "make": lambda: Image.open(img("rgba.png")),
            "call_kwargs": {},
        },
        {
            "id": "landscape_u8_hwc",
            "file": _rel(img("landscape.png")),
            "kind": "numpy_uint8_hwc",
            "description": "np.asarray(Image.open(landscape.png).convert('RGB')): uint8 (240, 360, 3), channel layout "
            "inferred by transformers.",
            "make": lambda: np.ascontiguousarray(np.asarray(Image.open(img("landscape.png")).convert("RGB"), dtype=np.uint8)),
            "call_kwargs": {},
        },
        {
            "id": "landscape_f32_hwc",
            "file": _rel(img("landscape.png")),
            "kind": "numpy_float32_hwc",
            "description": "landscape.png as float32 in [0,1]: (np.asarray(uint8) / 255).astype(float32), "
            "shape (240, 360, 3), layout inferred. Note do_rescale still applies (values end up /255 twice).",
            "make": lambda: (np.asarray(Image.open(img("landscape.png")).convert("RGB"), dtype=np.uint8) / 255.0).astype(np.float32),
            "call_kwargs": {},
        },
        {
            "id": "rgba_u8_hwc",
            "file": _rel(img("rgba.png")),
            "kind": "numpy_rgba_hwc",
            "description": "np.asarray(Image.open(rgba.png)): uint8 (200, 300, 4), passed with "
            "input_data_format='channels_last'.",
            "make": lambda: np.ascontiguousarray(np.asarray(Image.open(img("rgba.png")), dtype=np.uint8)),
            "call_kwargs": {"input_data_format": "channels_last"},
        },
        {
            "id": "gray_u8_hw1",
            "file": _rel(img("gray.png")),
            "kind": "numpy_gray_hw1",
            "description": "np.asarray(Image.open(gray.png))[..., None]: uint8 (240, 320, 1), layout inferred "
            "(channels_last). This is the form of a grayscale array transformers accepts.",
            "make": lambda: np.ascontiguousarray(np.asarray(Image.open(img("gray.png")), dtype=np.uint8)[..., None]),
            "call_kwargs": {},
        },
        {
            "id": "gray_u8_hw",
            "file": _rel(img("gray.png")),
            "kind": "numpy_gray_hw",
            "description": "np.asarray(Image.open(gray.png)): uint8 (240, 320), no channel axis. transformers 5.23.0 "
            "rejects 2-D arrays in make_flat_list_of_images (expected_ndims=3) before any backend code runs.",
            "make": lambda: np.ascontiguousarray(np.asarray(Image.open(img("gray.png")), dtype=np.uint8)),
            "call_kwargs": {},
        },
    ]
    return inputs


def build_group_inputs():
    """Inputs of several images (kind "files", decoded with load_image as tests/golden_vlm's are),
    run only for the configs that list their ids under "_inputs": the pair classes (SuperGlue and
    its copies) refuse single images, and a batch of two would add a case to every config."""
    def files(iid, names, structure, note, nested=None):
        paths = [img(n) for n in names]
        entry = {"id": iid, "files": [_rel(p) for p in paths], "kind": "files", "structure": structure,
                 "description": note, "call_kwargs": {}}
        if nested is not None:
            entry["nested"] = nested
            entry["make"] = lambda: [[load_image(str(paths[i])) for i in sample] for sample in nested]
        else:
            entry["make"] = lambda: [load_image(str(p)) for p in paths]
        return entry

    img = lambda f: IMAGE_DIR / f  # noqa: E731
    return {i["id"]: i for i in [
        files("pair_flat", ["landscape.jpg", "portrait.jpg"], "flat_list",
              "flat list [landscape.jpg, portrait.jpg] (each via load_image): one image pair."),
        files("pairs_nested", ["landscape.jpg", "portrait.jpg", "tiny_7x5.png", "gray.png"], "nested",
              "nested [[landscape.jpg, portrait.jpg], [tiny_7x5.png, gray.png]] (nested[i] = indices into files): "
              "two pairs.", nested=[[0, 1], [2, 3]]),
        files("three_flat", ["landscape.jpg", "portrait.jpg", "tiny_7x5.png"], "flat_list",
              "flat list of three images (each via load_image): not a pair."),
    ]}


# Storage priority (first tier first; inside a tier: config order, then input order, then backend order).
SMALL_BYTES = 64 * 1024
STORE_TIERS = [
    ("small outputs (<= 64 KiB), every case", lambda c: c["_nbytes"] <= SMALL_BYTES),
    ("pil backend, landscape_jpg, every config", lambda c: c["backend"] == "pil" and c["input"] == "landscape_jpg"),
    ("pil backend, every input, vit_defaults + llava_defaults_do_pad",
     lambda c: c["backend"] == "pil" and c["config"] in ("vit_defaults", "llava_defaults_do_pad")),
    ("torchvision backend, landscape_jpg, every config",
     lambda c: c["backend"] == "torchvision" and c["input"] == "landscape_jpg"),
    ("pil backend, every input, clip_defaults", lambda c: c["backend"] == "pil" and c["config"] == "clip_defaults"),
    ("pil backend, remaining cases", lambda c: c["backend"] == "pil"),
    ("torchvision backend, remaining cases", lambda c: True),
]


# --------------------------------------------------------------------------------------------------------------
class WarningCapture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


def reset_warning_once():
    # logger.warning_once is an lru_cache: clear it so each case reports the warnings it triggers.
    wo = getattr(logging.Logger, "warning_once", None)
    if wo is not None and hasattr(wo, "cache_clear"):
        wo.cache_clear()


class Capture:
    """Collects transformers logger warnings and Python warnings raised inside the block."""

    def __enter__(self):
        reset_warning_once()
        self.handler = WarningCapture()
        self.logger = hf_logging.get_logger("transformers")
        self.logger.addHandler(self.handler)
        self._wc = warnings.catch_warnings(record=True)
        self.py = self._wc.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, *exc):
        self._wc.__exit__(*exc)
        self.logger.removeHandler(self.handler)
        return False

    def messages(self):
        out = [m.strip() for m in self.handler.records]
        out += [f"{w.category.__name__}: {str(w.message).strip()}" for w in self.py]
        seen, uniq = set(), []
        for m in out:
            if m not in seen:
                seen.add(m)
                uniq.append(m)
        return uniq


def sha256_array(a: np.ndarray) -> str:
    a = np.ascontiguousarray(a)
    if a.dtype.byteorder == ">":
        a = a.byteswap().view(a.dtype.newbyteorder("<"))
    return hashlib.sha256(a.tobytes()).hexdigest()


def array_key(sha: str, dtype, shape) -> str:
    """What makes two outputs the same stored array: their bytes, dtype and shape."""
    return f"{sha}:{np.dtype(dtype).str}:{tuple(int(d) for d in shape)}"


def load_config(path: Path):
    raw = json.loads(path.read_text())
    meta = {k: v for k, v in raw.items() if k.startswith("_")}
    cfg = OrderedDict((k, v) for k, v in raw.items() if not k.startswith("_"))
    return raw, meta, cfg


def write_repo_dir(d: Path, cfg: dict, meta: dict) -> None:
    d.mkdir(parents=True, exist_ok=True)
    (d / "preprocessor_config.json").write_text(json.dumps(cfg, indent=2) + "\n")
    if "_model_config" in meta:
        (d / "config.json").write_text(json.dumps(meta["_model_config"], indent=2) + "\n")


def load_processor(d: Path, backend: str):
    with class_info_stand_in(d):  # OneFormer's class_info_file (tests/parity/golden_inputs.py)
        return AutoImageProcessor.from_pretrained(str(Path(d).resolve()), backend=backend)


TMP_ROOT: list[str] = []


def err_record(e: BaseException) -> dict:
    msg = str(e)
    for t in TMP_ROOT:
        msg = msg.replace(t, "<tmpdir>")
    if len(msg) > 600:
        msg = msg[:600] + " ...[truncated]"
    tb = traceback.extract_tb(e.__traceback__)
    where = f"{Path(tb[-1].filename).name}:{tb[-1].lineno} in {tb[-1].name}" if tb else ""
    return {"type": type(e).__name__, "message": msg, "raised_at": where}


def jsonable(v):
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, (np.generic,)):
        return v.item()
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return repr(v)


# --------------------------------------------------------------------------------------------------------------
def resolution_checks(tmp: Path) -> list[dict]:
    """Synthetic configs documenting how AutoImageProcessor resolves file, class and backend (no outputs)."""
    clip = {"image_processor_type": "CLIPImageProcessor"}
    checks = [
        ("image_processor_type", {"preprocessor_config.json": clip}, [None, "pil", "torchvision"]),
        ("legacy Fast suffix", {"preprocessor_config.json": {"image_processor_type": "CLIPImageProcessorFast"}},
         [None, "pil", "torchvision"]),
        ("Pil suffix in the file (backend still decides)",
         {"preprocessor_config.json": {"image_processor_type": "CLIPImageProcessorPil"}}, [None, "pil", "torchvision"]),
        ("feature_extractor_type only", {"preprocessor_config.json": {"feature_extractor_type": "CLIPFeatureExtractor"}},
         [None, "pil"]),
        ("FeatureExtractor name in image_processor_type",
         {"preprocessor_config.json": {"image_processor_type": "ViTFeatureExtractor"}}, [None]),
        ("model_type fallback dinov2", {"preprocessor_config.json": {}, "config.json": {"model_type": "dinov2"}},
         [None, "pil"]),
        ("model_type fallback llava", {"preprocessor_config.json": {}, "config.json": {"model_type": "llava"}},
         [None, "pil"]),
        ("model_type fallback clip_vision_model",
         {"preprocessor_config.json": {}, "config.json": {"model_type": "clip_vision_model"}}, [None]),
        ("image_processor_type beats model_type",
         {"preprocessor_config.json": clip, "config.json": {"model_type": "vit"}}, [None]),
        ("no type, no config.json", {"preprocessor_config.json": {"size": 224}}, [None]),
        ("processor_config.json nested image_processor wins over preprocessor_config.json",
         {"preprocessor_config.json": {"image_processor_type": "ViTImageProcessor"},
          "processor_config.json": {"image_processor": {"image_processor_type": "SiglipImageProcessor"}}}, [None]),
        ("processor_config.json without image_processor key is ignored",
         {"preprocessor_config.json": {"image_processor_type": "ViTImageProcessor"},
          "processor_config.json": {"processor_class": "X"}}, [None]),
        ("processor_config.json only (no preprocessor_config.json)",
         {"processor_config.json": {"image_processor": {"image_processor_type": "DeiTImageProcessor"}}}, [None]),
    ]
    out = []
    for i, (title, files, backends) in enumerate(checks):
        d = tmp / f"resolve_{i}"
        d.mkdir(parents=True, exist_ok=True)
        for fname, content in files.items():
            (d / fname).write_text(json.dumps(content))
        for backend in backends:
            rec = {"title": title, "files": files, "backend_kwarg": backend}
            with Capture() as cap:
                try:
                    p = AutoImageProcessor.from_pretrained(str(d), backend=backend)
                    rec["resolved_class"] = type(p).__name__
                    rec["backend"] = p.backend
                except Exception as e:  # noqa: BLE001
                    rec["error"] = err_record(e)
            rec["warnings"] = cap.messages()
            out.append(rec)
        if title == "image_processor_type":
            for use_fast in (True, False):
                rec = {"title": "legacy use_fast kwarg", "files": files, "use_fast_kwarg": use_fast}
                with Capture() as cap:
                    p = AutoImageProcessor.from_pretrained(str(d), use_fast=use_fast)
                    rec["resolved_class"] = type(p).__name__
                rec["warnings"] = cap.messages()
                out.append(rec)
    return out


# --------------------------------------------------------------------------------------------------------------
class SpilledArrays:
    """The unique output arrays, each written to a temporary .npy as it comes and read back when
    the budget selects it: together they outgrow memory (about 15 GB for the 2026-12 configs,
    which the OOM killer stopped). A mapping of array key -> array, for store_selected_arrays."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pixelprep-golden-arrays-"))
        self.paths: dict[str, Path] = {}

    def setdefault(self, key, a):
        if key not in self.paths:
            path = self.dir / f"{len(self.paths)}.npy"
            np.save(path, np.ascontiguousarray(a), allow_pickle=False)
            self.paths[key] = path

    def __getitem__(self, key):
        return np.load(self.paths[key])

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def store_selected_arrays(cases, arrays, tiers, budget, store_key, whole_cases, dest) -> dict:
    """Decides which output arrays become .npy files and sets each output's `npy` (shared by
    tools/make_vlm_goldens.py). Cases are taken tier by tier (`tiers`: (name, predicate) pairs; a
    case belongs to the first tier whose predicate holds), in case order within a tier, until
    `budget` bytes are stored. Identical arrays (same `store_key(output)`) are stored once and later
    outputs point at that file. `whole_cases`: store a case's arrays all together or not at all
    (else array by array). Returns ({store key: repository-relative path}, bytes written)."""
    stored: dict[str, str] = {}
    stored_bytes = 0
    tier_of = {}
    for ti, (_, pred) in enumerate(tiers):
        for idx, c in enumerate(cases):
            if idx not in tier_of and "outputs" in c and pred(c):
                tier_of[idx] = ti
    for idx in sorted(tier_of, key=lambda i: (tier_of[i], i)):
        c = cases[idx]
        if whole_cases:
            need = sum(o["nbytes"] + 128 for o in c["outputs"].values() if store_key(o) not in stored)
            if stored_bytes + need > budget:
                continue
        for key, o in c["outputs"].items():
            h = store_key(o)
            if h in stored:
                o["npy"] = stored[h]
                continue
            if not whole_cases and stored_bytes + o["nbytes"] + 128 > budget:
                continue
            path = dest(c, key)
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, np.ascontiguousarray(arrays[h]), allow_pickle=False)
            stored_bytes += path.stat().st_size
            stored[h] = _rel(path)
            o["npy"] = stored[h]
            o["npy_is_own_file"] = True
    for c in cases:
        c.pop("_nbytes", None)
        for o in c.get("outputs", {}).values():
            o.setdefault("npy_is_own_file", False)
    return stored, stored_bytes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(GOLDEN_DIR), help="golden directory (default tests/golden)")
    ap.add_argument("--budget-mb", type=float, default=27.5, help="size budget for stored .npy files (MiB)")
    ap.add_argument("--store-all", action="store_true", help="store every array regardless of the budget")
    ap.add_argument("--configs", nargs="*", help="only these config names (default: all)")
    ap.add_argument("--allow-version-mismatch", action="store_true")
    args = ap.parse_args()

    versions = {
        "python": platform.python_version(),
        "transformers": transformers.__version__,
        "pillow": PIL.__version__,
        "numpy": np.__version__,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
    }
    bad = {k: versions[k] for k, v in PINNED.items() if versions[k] != v}
    if bad and not args.allow_version_mismatch:
        print(f"make_goldens: version mismatch {bad}, pinned {PINNED}", file=sys.stderr)
        return 2
    try:
        import torchcodec  # noqa: F401

        versions["torchcodec"] = torchcodec.__version__
    except Exception:  # noqa: BLE001
        versions["torchcodec"] = None
    # OWLv2's resize runs scipy.ndimage; numpy's float64 exp inside its Gaussian weights is
    # Intel's SVML routine where numpy dispatches to AVX512_SKX, glibc's elsewhere.
    import scipy

    versions["scipy"] = scipy.__version__
    try:
        from numpy._core._multiarray_umath import __cpu_features__

        versions["numpy_dispatch_avx512_skx"] = bool(__cpu_features__.get("AVX512_SKX"))
    except ImportError:
        versions["numpy_dispatch_avx512_skx"] = None

    out_dir = Path(args.out).resolve()
    outputs_dir = out_dir / "outputs"
    saved_dir = out_dir / "saved"
    for d in (outputs_dir, saved_dir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)

    config_paths = sorted(CONFIG_DIR.glob("*.json"))
    if args.configs:
        config_paths = [p for p in config_paths if p.stem in set(args.configs)]
    inputs = build_inputs()
    group_inputs = build_group_inputs()
    used_group_inputs = OrderedDict()

    tmp_root = Path(tempfile.mkdtemp(prefix="pixelprep-goldens-"))
    TMP_ROOT.append(str(tmp_root))
    configs_manifest = OrderedDict()
    cases = []
    arrays = SpilledArrays()  # array_key -> array (unique outputs only), kept on disk until stored

    try:
        for cpath in config_paths:
            name = cpath.stem
            raw, meta, cfg = load_config(cpath)
            config_inputs = inputs + [group_inputs[i] for i in meta.get("_inputs", [])]
            used_group_inputs.update((i, group_inputs[i]) for i in meta.get("_inputs", []))
            repo = tmp_root / "repos" / name
            write_repo_dir(repo, cfg, meta)
            centry = OrderedDict()
            centry["file"] = _rel(cpath)
            centry["source"] = meta.get("_source")
            if "_notes" in meta:
                centry["notes"] = meta["_notes"]
            centry["preprocessor_config"] = cfg
            if "_model_config" in meta:
                centry["model_config"] = meta["_model_config"]
            centry["backends"] = OrderedDict()
            saved_texts = {}
            for backend in BACKENDS:
                bentry = OrderedDict()
                with Capture() as cap:
                    try:
                        proc = load_processor(repo, backend)
                    except Exception as e:  # noqa: BLE001
                        proc = None
                        bentry["load_error"] = err_record(e)
                bentry["load_warnings"] = cap.messages()
                if proc is None:
                    centry["backends"][backend] = bentry
                    for inp in config_inputs:
                        cases.append({"config": name, "config_file": _rel(cpath), "input": inp["id"],
                                      "image_file": inp.get("file") or inp["files"][0], "input_kind": inp["kind"],
                                      "call_kwargs": inp["call_kwargs"], "backend": backend, "processor_class": None,
                                      "load_error": bentry["load_error"], "_nbytes": 0})
                    continue
                bentry["processor_class"] = type(proc).__name__
                bentry["processor_module"] = type(proc).__module__
                bentry["backend_property"] = getattr(proc, "backend", None)  # legacy BaseImageProcessor classes have none
                bentry["to_dict"] = jsonable(proc.to_dict())
                # unknown keys: config keys that are neither valid kwargs of the class nor the type/bookkeeping keys
                # (ImageProcessingMixin.__init__ still sets them as attributes; to_dict() writes them back)
                valid = set(type(proc).valid_kwargs.__annotations__)
                meta_keys = {"image_processor_type", "feature_extractor_type", "processor_class", "auto_map"}
                bentry["unknown_keys"] = [k for k in cfg if k not in valid and k not in meta_keys]
                # save_pretrained + round trip
                sdir = tmp_root / "saved" / name / backend
                proc.save_pretrained(str(sdir))
                text1 = (sdir / "preprocessor_config.json").read_text()
                saved_texts[backend] = text1
                rt = OrderedDict()
                try:
                    proc2 = load_processor(sdir, backend)
                    sdir2 = tmp_root / "saved2" / name / backend
                    proc2.save_pretrained(str(sdir2))
                    text2 = (sdir2 / "preprocessor_config.json").read_text()
                    rt["reloaded_class"] = type(proc2).__name__
                    rt["second_save_byte_identical"] = text1 == text2
                except Exception as e:  # noqa: BLE001
                    rt["error"] = err_record(e)
                bentry["save_roundtrip"] = rt
                centry["backends"][backend] = bentry

                for inp in config_inputs:
                    case = OrderedDict()
                    case["config"] = name
                    case["config_file"] = _rel(cpath)
                    case["input"] = inp["id"]
                    case["image_file"] = inp.get("file") or inp["files"][0]
                    case["input_kind"] = inp["kind"]
                    case["call_kwargs"] = inp["call_kwargs"]
                    case["backend"] = backend
                    case["processor_class"] = type(proc).__name__
                    if inp["id"] in meta.get("_pixelprep_refuses", {}):
                        # transformers is not run: pixelprep refuses this input by design (the
                        # reason says why, and `expect` is a phrase of its error message).
                        case["pixelprep_refuses"] = meta["_pixelprep_refuses"][inp["id"]]
                        case["_nbytes"] = 0
                        cases.append(case)
                        continue
                    x = inp["make"]()
                    with Capture() as cap:
                        try:
                            res = proc(x, return_tensors="np", **inp["call_kwargs"])
                        except Exception as e:  # noqa: BLE001
                            res = None
                            case["error"] = err_record(e)
                    case["warnings"] = cap.messages()
                    nbytes = 0
                    if isinstance(res, np.ndarray):  # IDEFICS returns pixel_values itself, not a BatchFeature
                        case["returned"] = "bare pixel_values array"
                        res = {"pixel_values": res}
                    if res is not None:
                        outs = OrderedDict()
                        for key in res.keys():
                            a = np.asarray(res[key])
                            h = sha256_array(a)
                            # Equal bytes in another shape or dtype (an all-ones pixel_mask of
                            # 96x64 and of 64x96) are another array: stored under their own file.
                            arrays.setdefault(array_key(h, a.dtype, a.shape), a)
                            outs[key] = OrderedDict(shape=list(a.shape), dtype=str(a.dtype), sha256=h,
                                                    nbytes=int(a.nbytes), npy=None)
                            nbytes += int(a.nbytes)
                        case["outputs"] = outs
                    case["_nbytes"] = nbytes
                    cases.append(case)
            # saved JSON: identical for both backends?
            if saved_texts:
                texts = list(saved_texts.values())
                same = all(t == texts[0] for t in texts)
                centry["saved_identical_across_backends"] = same
                if same:
                    p = saved_dir / f"{name}.json"
                    p.write_text(texts[0])
                    centry["saved"] = _rel(p)
                else:
                    centry["saved"] = {}
                    for b, t in saved_texts.items():
                        p = saved_dir / f"{name}__{b}.json"
                        p.write_text(t)
                        centry["saved"][b] = _rel(p)
            configs_manifest[name] = centry
            print(f"make_goldens: {name}: " + ", ".join(
                f"{b}={e.get('processor_class', 'LOAD ERROR')}" for b, e in centry["backends"].items()), flush=True)

        resolution = resolution_checks(tmp_root)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)

    # ---------------- storage selection
    budget = float("inf") if args.store_all else args.budget_mb * 1024 * 1024
    stored, stored_bytes = store_selected_arrays(
        cases, arrays, STORE_TIERS, budget, store_key=lambda o: array_key(o["sha256"], o["dtype"], o["shape"]),
        whole_cases=False,
        dest=lambda c, key: out_dir / "outputs" / c["config"] / f"{c['input']}__{c['backend']}.{key}.npy")
    arrays.close()

    # ---------------- manifest
    n_err = sum(1 for c in cases if "error" in c)
    n_load_err = sum(1 for c in cases if "load_error" in c)
    n_ok = sum(1 for c in cases if "outputs" in c)
    n_out = sum(len(c["outputs"]) for c in cases if "outputs" in c)
    n_out_stored = sum(1 for c in cases if "outputs" in c for o in c["outputs"].values() if o["npy"])
    uniq = len({o["sha256"] for c in cases if "outputs" in c for o in c["outputs"].values()})
    # pil vs torchvision agreement on the same config+input
    by = {}
    for c in cases:
        if "outputs" in c:
            by.setdefault((c["config"], c["input"]), {})[c["backend"]] = c["outputs"]
    agree = sum(1 for v in by.values() if len(v) == 2 and
                {k: o["sha256"] for k, o in v["pil"].items()} == {k: o["sha256"] for k, o in v["torchvision"].items()})
    both = sum(1 for v in by.values() if len(v) == 2)

    manifest = OrderedDict()
    manifest["format"] = "pixelprep-goldens/1"
    manifest["generator"] = "tools/make_goldens.py"
    manifest["versions"] = versions
    manifest["notes"] = [
        "sha256 is over the array's raw C-order little-endian bytes (np.ascontiguousarray(a).tobytes()).",
        "outputs.<key>.npy is the stored .npy holding exactly that array, possibly a file written for an earlier case with "
        "identical bytes, dtype and shape (npy_is_own_file false); null when the size budget left it out: compare by sha256 then.",
        "Config keys starting with '_' are metadata and were removed before loading; _model_config became config.json.",
        "backend 'torchvision' ran on CPU (no device kwarg).",
        "warnings lists transformers logger warnings and Python warnings raised during the call "
        "(logger.warning_once's cache is cleared before each call).",
    ]
    manifest["store_tiers"] = [t for t, _ in STORE_TIERS]
    manifest["summary"] = OrderedDict(
        configs=len(configs_manifest), inputs=len(inputs), backends=list(BACKENDS), cases=len(cases),
        cases_ok=n_ok, cases_call_error=n_err, cases_load_error=n_load_err, outputs=n_out,
        unique_output_arrays=uniq, outputs_with_npy=n_out_stored, stored_npy_files=len(stored),
        stored_npy_bytes=stored_bytes, pil_torchvision_bit_identical=f"{agree}/{both}",
    )
    manifest["inputs"] = [{k: v for k, v in inp.items() if k != "make"}
                          for inp in inputs + list(used_group_inputs.values())]
    manifest["configs"] = configs_manifest
    manifest["cases"] = cases
    manifest["resolution_checks"] = resolution
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")

    # ---------------- summary
    print("\nmake_goldens summary")
    for k, v in manifest["summary"].items():
        print(f"  {k:32s} {v}")
    rt_bad = [(n, b) for n, c in configs_manifest.items() for b, e in c["backends"].items()
              if "save_roundtrip" in e and not e["save_roundtrip"].get("second_save_byte_identical")]
    print(f"  {'save->load->save identical':32s} {'all' if not rt_bad else 'NOT for ' + str(rt_bad)}")
    load_err = sorted({c['config'] for c in cases if 'load_error' in c})
    print(f"  {'configs failing to load':32s} {load_err}")
    errs = {}
    for c in cases:
        if "error" in c:
            errs.setdefault((c["input"], c["backend"], c["error"]["type"]), []).append(c["config"])
    if errs:
        print("  call errors (input, backend, type): configs")
        for k, v in sorted(errs.items()):
            print(f"    {k}: {len(v)} -> {', '.join(v)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
