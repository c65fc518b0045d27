#!/usr/bin/env python3
"""Golden reference data for the dynamic-resolution vision-language image processors of transformers 5.23.0.

Two products, both under tests/golden_vlm/ (see docs/golden.md, section "VLM goldens"):

1. geometry.json -- the pure size/grid/crop helpers transformers uses, called as transformers' OWN functions (or,
   where the logic only exists inside a processor method, that method on a processor whose final PIL resize is
   replaced by a recorder that returns a zero-stride array of the requested size; every other line that runs is
   transformers' code). Each helper is evaluated on the same list of 1,100 (height, width) pairs (1x1 .. 8000x8000,
   extreme aspect ratios, rounding boundaries, seeded random sizes) for every parameter set listed with it.

2. Pixel goldens: for every config in tests/golden_vlm/configs/*.json x input x call variant x backend ("pil", exact
   target; "torchvision", tolerance target) the processor is loaded exactly as
   `AutoImageProcessor.from_pretrained(dir, backend=...)` does and called with return_tensors="np". Every output key is
   recorded (shape, dtype, SHA-256 of the raw C-order little-endian bytes, .npy when the size budget allows); keys
   that are not plain numeric arrays (nested lists such as Mllama's num_tiles, Idefics3's rows/cols) go to
   json_outputs. token_counts per image are computed by the model's *processor* code (its replace_image_token method
   called on a stub processor instance that holds only the attributes the method reads).

Deterministic: rerunning gives byte-identical files. Offline (HF_HUB_OFFLINE=1).

    GOLDEN_VENV=/tmp/hfv bash tools/make_goldens.sh        (the simple-model goldens; shares the pinned venv)
    /tmp/hfv/bin/python tools/make_vlm_goldens.py [--budget-mb 20] [--store-all --out /tmp/x] [--only qwen2_vl ...]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import types
from collections import OrderedDict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_goldens as mg  # noqa: E402  (Capture, sha256_array, err_record, load_config, write_repo_dir, jsonable)

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import transformers  # noqa: E402
from transformers.image_processing_backends import PilBackend  # noqa: E402
from transformers.image_processing_utils import get_patch_output_size, select_best_resolution  # noqa: E402
from transformers.image_utils import ChannelDimension, SizeDict, load_image  # noqa: E402
from transformers.models.gemma3.image_processing_pil_gemma3 import Gemma3ImageProcessorPil  # noqa: E402
from transformers.models.gemma3.processing_gemma3 import Gemma3Processor  # noqa: E402
from transformers.models.idefics3 import image_processing_pil_idefics3 as idefics3_pil  # noqa: E402
from transformers.models.idefics3.processing_idefics3 import Idefics3Processor  # noqa: E402
from transformers.models.llava_next.image_processing_pil_llava_next import LlavaNextImageProcessorPil  # noqa: E402
from transformers.models.llava_next.processing_llava_next import LlavaNextProcessor  # noqa: E402
from transformers.models.mllama import image_processing_pil_mllama as mllama_pil  # noqa: E402
from transformers.models.mllama.processing_mllama import MllamaProcessor  # noqa: E402
from transformers.models.pixtral import image_processing_pil_pixtral as pixtral_pil  # noqa: E402
from transformers.models.pixtral.processing_pixtral import PixtralProcessor  # noqa: E402
from transformers.models.qwen2_vl import image_processing_pil_qwen2_vl as qwen_pil  # noqa: E402
from transformers.models.qwen2_vl import image_processing_qwen2_vl as qwen_tv  # noqa: E402
from transformers.models.qwen2_vl.processing_qwen2_vl import Qwen2VLProcessor  # noqa: E402
from transformers.models.siglip2 import image_processing_pil_siglip2 as siglip2_pil  # noqa: E402
from transformers.models.siglip2 import image_processing_siglip2 as siglip2_tv  # noqa: E402
from transformers.models.smolvlm import image_processing_pil_smolvlm as smolvlm_pil  # noqa: E402
from transformers.models.smolvlm.processing_smolvlm import SmolVLMProcessor  # noqa: E402

ROOT = mg.ROOT
IMAGE_DIR = mg.IMAGE_DIR
VLM_DIR = ROOT / "tests" / "golden_vlm"
CONFIG_DIR = VLM_DIR / "configs"
BACKENDS = ("pil", "torchvision")
_rel = mg._rel


# ==============================================================================================================
# Sources of parameter values used in geometry.json (each is a published file found in the search corpus, a
# transformers class/processor default, or marked synthetic).
# ==============================================================================================================
SRC = {
    "llava_next_default_pinpoints": "LlavaNextImageProcessor class default image_grid_pinpoints (transformers 5.23.0); "
    "also published, e.g. https://huggingface.co/AdaptLLM/visual-instruction-synthesizer/blob/refs%2Fpr%2F1/preprocessor_config.json",
    "onevision_pinpoints": "https://huggingface.co/mgoin/llava-onevision-qwen2-7b-ov-hf-bnb-full-4bit/blob/main/config.json "
    "(image_grid_pinpoints of llava-hf/llava-onevision-qwen2-7b-ov-hf; same list in "
    "https://huggingface.co/llava-hf/llava-onevision-qwen2-72b-ov-hf/commit/6823383ab4184e64e4fc597d490be864a9768415)",
    "llava_3x3_pinpoints": "https://huggingface.co/orby-yanan/llava-v1.6-mistral-7b-3x3/blob/6ce11d3f10d3970681c64e73f672aaacb742767a/config.json",
    "docviz_pinpoints": "https://huggingface.co/ShinDJ/llava-next-docviz/blame/83a615081ead204094917a051138dd70e38034ca/preprocessor_config.json",
    "llava_next_processor": "published LlavaNextProcessor processor_config.json {patch_size 14, num_additional_image_tokens 1, "
    "vision_feature_select_strategy 'default'}: https://huggingface.co/Minchael/asdf/blob/main/processor_config.json "
    "(llava-hf/llava-v1.6-mistral-7b-hf's own processor_config.json is not in the search corpus)",
    "qwen2_vl_published": "https://huggingface.co/Qwen/Qwen2-VL-2B/blob/258ddfbb32d06e19760700c3e472c248e164119c/preprocessor_config.json "
    "(identical 347 B file in https://huggingface.co/morthens/qwen2-vl-7b-infer/blob/main/preprocessor_config.json, "
    "'Duplicate from Qwen/Qwen2-VL-7B-Instruct'; Qwen2.5-VL's 350 B file has the same min/max_pixels)",
    "qwen2_vl_class_default": "Qwen2VLImageProcessor class default size {shortest_edge: 56*56, longest_edge: 28*28*1280}",
    "qwen_model_card_256_1280": "Qwen2-VL / Qwen2.5-VL model-card recommendation min_pixels=256*28*28, max_pixels=1280*28*28, "
    "quoted in https://huggingface.co/spaces/ramprasady-m/rag_ColPali_Qwen2VL_7B/commit/a4c6545e7b63841519c9f7825fcdcc147ec623d4",
    "qwen2_vl_768": "https://huggingface.co/lktinhtemp/Qwen2-VL-72B-Instruct-GPTQ-Int4_768x768/blob/7947a6f235ea24142d2e7bff65d160cb4833785a/preprocessor_config.json",
    "qwen3_vl": "https://huggingface.co/coder3101/Qwen3-VL-2B-Instruct-heretic/blob/main/preprocessor_config.json "
    "(Qwen3-VL: Qwen2VLImageProcessor with patch_size 16, merge_size 2 -> factor 32, size 65536..16777216)",
    "synthetic": "SYNTHETIC (not a published value; chosen to exercise a code path or keep outputs small)",
    "idefics3_8b": "https://huggingface.co/HuggingFaceM4/Idefics3-8B-Llama3/blob/6a10ffe6541fa68792901d8b73baf4b844e1d3e3/preprocessor_config.json "
    "+ image_seq_len 169 from https://huggingface.co/leon-se/Idefics3-8B-Llama3-bnb_nf4/blob/5a4d2f3f1a173b4760e718b0a3cac83c04b5a69c/processor_config.json",
    "smolvlm_instruct": "https://huggingface.co/alvarobartt/SmolVLM-Instruct-Handler/blob/main/preprocessor_config.json "
    "('Duplicate from HuggingFaceTB/SmolVLM-Instruct') + image_seq_len 81 from "
    "https://huggingface.co/HuggingFaceTB/SmolVLM-Instruct/blob/f6f46b9273a96d7e00207efef638637bbf1dea9b/processor_config.json",
    "smolvlm2_256m": "https://huggingface.co/HuggingFaceTB/SmolVLM2-256M-Video-Instruct/blob/refs%2Fpr%2F6/preprocessor_config.json "
    "+ image_seq_len 64 from https://huggingface.co/HuggingFaceTB/SmolVLM2-256M-Video-Instruct/blob/7250429945d8016c21bedae06e1be62646b64181/processor_config.json",
    "pixtral_12b": "https://huggingface.co/hf-internal-testing/tiny-processor-pixtral/blob/main/preprocessor_config.json "
    "(483 B, same size as mistral-community/pixtral-12b's file at c242c38) + PixtralProcessor patch_size 16, spatial_merge_size 1 "
    "(https://huggingface.co/blue-blues/93/blob/main/processor_config.json)",
    "mistral_small_3_1": "https://huggingface.co/MtTinker/Mistral-Small-3.1-24B-Base-2503/blob/main/preprocessor_config.json "
    "('Duplicate from mistralai/Mistral-Small-3.1-24B-Base-2503'; patch_size 14, longest_edge 1540) + processor patch_size 14, "
    "spatial_merge_size 2 (https://huggingface.co/Elcaida/mismall/blob/main/processor_config.json); PixtralProcessor passes "
    "patch_size = 14*2 = 28 to the image processor",
    "gemma3_processor": "Gemma3Processor.images_kwargs defaults in transformers 5.23.0 (pan_and_scan_min_crop_size 256, "
    "pan_and_scan_max_num_crops 4, pan_and_scan_min_ratio_to_activate 1.2); google/gemma-3-*-it preprocessor_config.json "
    "has these keys as null",
    "siglip2_naflex": "https://huggingface.co/walaco/siglip2-so400m-patch16-naflex/blob/main/preprocessor_config.json "
    "('Duplicate from google/siglip2-so400m-patch16-naflex'; max_num_patches 256, patch_size 16) and Siglip2Processor.images_kwargs",
    "lfm2_vl": "https://huggingface.co/LiquidAI/LFM2-VL-1.6B/commit/655480ca450dedaa6f93ae9688b7c2decb66efd5 (max_num_patches 1024, patch_size 16)",
    "mllama_11b": "https://huggingface.co/EricB/Llama-3.2-11B-Vision-Instruct-UQFF/blob/71cea1ed05cc33e22119712f889b067e7f3e353c/preprocessor_config.json "
    "(max_image_tiles 4, size 560x560; same 437 B content as https://huggingface.co/hfhugs/Llama-3.2-90B-Vision-Instruct/blob/main/preprocessor_config.json)",
    "mllama_class_default": "MllamaImageProcessor class default (max_image_tiles 4, size 224x224)",
}

LLAVA_NEXT_PINPOINTS = [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008]]
ONEVISION_PINPOINTS = [[384 * i, 384 * j] for i in range(1, 7) for j in range(1, 7)]
LLAVA_3X3_PINPOINTS = [[336, 672], [672, 336], [672, 672], [1008, 336], [336, 1008], [672, 1008], [1008, 1008],
                       [1008, 672]]
DOCVIZ_PINPOINTS = [[336, 672], [672, 672]]


# ==============================================================================================================
# Geometry
# ==============================================================================================================
def geometry_sizes() -> list[list[int]]:
    """The (height, width) pairs every geometry helper is evaluated on. Deterministic."""
    s: set[tuple[int, int]] = set()
    for h in range(1, 9):
        for w in range(1, 9):
            s.add((h, w))
    extremes = [(1, 8000), (3, 5000), (1, 2), (1, 199), (1, 200), (1, 201), (2, 399), (2, 400), (2, 401), (3, 600),
                (3, 601), (10, 2000), (10, 2001), (39, 8000), (40, 8000), (41, 8000), (5, 8000), (17, 3400), (17, 3401),
                (1, 1000), (1, 7999), (2, 8000), (14, 2800), (28, 5600), (29, 5800), (100, 8000), (1, 64), (1, 28),
                (1, 56), (7, 1400), (7, 1401), (30, 6000), (31, 6200)]
    for h, w in extremes:
        s.add((h, w))
        s.add((w, h))
    special = [9, 10, 13, 14, 15, 16, 17, 27, 28, 29, 31, 32, 33, 42, 55, 56, 57, 63, 64, 65, 70, 98, 100, 111, 112,
               113, 126, 127, 128, 129, 154, 223, 224, 225, 255, 256, 257, 335, 336, 337, 363, 364, 365, 383, 384,
               385, 447, 448, 449, 511, 512, 513, 559, 560, 561, 671, 672, 673, 727, 728, 729, 895, 896, 897, 1007,
               1008, 1009, 1023, 1024, 1025, 1119, 1120, 1121, 1455, 1456, 1457, 1539, 1540, 1541, 2047, 2048, 2049,
               2303, 2304, 2305, 4095, 4096, 4097, 7999, 8000]
    for v in special:
        s.add((v, v))
    photos = [(240, 360), (360, 240), (200, 300), (240, 320), (480, 640), (600, 800), (720, 1280), (768, 1024),
              (1080, 1920), (1200, 1600), (1536, 2048), (2160, 3840), (3000, 4000), (3024, 4032), (4000, 6000),
              (40, 600), (5, 7), (7, 5), (320, 4800), (720, 1080), (8000, 7999), (7999, 8000), (1, 8000 - 1),
              (500, 600), (600, 500), (5, 6), (1000, 1200), (1000, 1199), (1000, 1201), (256, 512), (255, 512),
              (256, 511), (256, 307), (256, 308), (100, 150), (150, 100), (336, 672), (672, 336), (335, 673),
              (364, 400), (400, 364), (365, 700), (728, 1000), (1456, 1455), (560, 1120), (561, 1120), (560, 1121),
              (2240, 560), (1680, 560), (1120, 1121), (1400, 2800), (2800, 1400), (3500, 4000)]
    for h, w in photos:
        s.add((h, w))
        s.add((w, h))
    # Python round() is half-to-even: sizes at k*28 + 14 are exact .5 cases for smart_resize (factor 28), and
    # k*32 + 16 for factor 32
    for k in (0, 1, 2, 3, 4, 5, 8, 10, 13, 20, 37, 50, 100, 160):
        for m in (0, 1, 2, 7, 12, 25):
            s.add((28 * k + 14, 28 * m + 14))
            s.add((32 * k + 16, 32 * m + 16))
        s.add((28 * k + 13, 28 * k + 15))
        s.add((28 * k + 27, 28 * k + 29))
    rng = np.random.default_rng(20240523)
    for _ in range(160):
        h, w = (int(round(math.exp(x))) for x in rng.uniform(0.0, math.log(8000.0), size=2))
        s.add((min(max(h, 1), 8000), min(max(w, 1), 8000)))
    for _ in range(40):  # aspect ratios near the Gemma3 (1.2) and Qwen (200) thresholds
        h = int(rng.integers(1, 6000))
        r = float(rng.choice([1.19, 1.2, 1.21, 1.5, 2.5, 199.5, 200.0, 200.5]))
        w = min(8000, max(1, int(round(h * r))))
        s.add((h, w))
        s.add((w, h))
    # More log-uniform random sizes (their own seed: the pairs above stay as they were), so that
    # every helper sees over 1,000 distinct sizes.
    more = np.random.default_rng(20261205)
    while len(s) < 1100:
        h, w = (int(round(math.exp(x))) for x in more.uniform(0.0, math.log(8000.0), size=2))
        s.add((min(max(h, 1), 8000), min(max(w, 1), 8000)))
    return [list(p) for p in sorted(s)]


def dummy(h: int, w: int, c: int = 3) -> np.ndarray:
    """A channels-first uint8 array of shape (c, h, w) that costs no memory (zero strides)."""
    return np.broadcast_to(np.uint8(0), (c, h, w))


class _ResizeRecorder(PilBackend):
    """Sits between a processor class and PilBackend in the MRO: the processor's own code runs unchanged, but the
    final pixel resize (PilBackend.resize with an explicit height/width) is replaced by a zero-stride array of the
    requested size, and the request is logged."""

    def resize(self, image, size, resample=None, **kwargs):  # noqa: D401
        if not (size.height and size.width):
            raise RuntimeError(f"geometry recorder got a non height/width size: {size}")
        self._geom_calls.append([int(image.shape[-2]), int(image.shape[-1]), int(size.height), int(size.width)])
        return dummy(int(size.height), int(size.width), int(image.shape[0]))


def recording(cls, **init_kwargs):
    probe_cls = type(f"_Geom{cls.__name__}", (cls, _ResizeRecorder), {})
    p = probe_cls(**init_kwargs)
    p._geom_calls = []
    return p


def cached_recording(cache, cls, **init_kwargs):
    """recording(cls, **init_kwargs), made once per distinct set of arguments and kept in `cache`; its log of resize
    calls is emptied for the next case."""
    key = json.dumps(init_kwargs, sort_keys=True)
    if key not in cache:
        cache[key] = recording(cls, **init_kwargs)
    proc = cache[key]
    proc._geom_calls = []
    return proc


class _SliceRecorder(np.ndarray):
    """ndarray view that records the keys it is indexed with (to read Gemma3's crop boxes off its own slicing)."""

    def __array_finalize__(self, obj):
        self._log = getattr(obj, "_log", None)

    def __getitem__(self, key):
        if self._log is not None:
            self._log.append(key)
        return super().__getitem__(key)


def _slice_box(key, shape_hw):
    """(y0, y1, x0, x1) actually covered by image[:, ys, xs] (numpy clips stop at the edge)."""
    _, ys, xs = key
    return [int(ys.start), int(ys.start) + int(shape_hw[0]), int(xs.start), int(xs.start) + int(shape_hw[1])]


def _err(e: BaseException) -> dict:
    return {"type": type(e).__name__, "message": str(e)[:300]}


def _call(fn):
    try:
        return {"out": fn()}
    except Exception as e:  # noqa: BLE001
        return {"error": _err(e)}


def _i(x):
    return int(x)


def stub(cls, **attrs):
    """An instance of a transformers processor class without running __init__ (no tokenizer needed): only the
    attributes its replace_image_token / _get_number_of_features methods read are set."""
    o = object.__new__(cls)
    for k, v in attrs.items():
        setattr(o, k, v)
    return o


def build_geometry() -> OrderedDict:
    sizes = geometry_sizes()
    helpers: OrderedDict = OrderedDict()

    def run(helper_id, meta, param_sets, fn):
        cases = []
        for ps in param_sets:
            for h, w in sizes:
                rec = {"p": ps["id"], "h": h, "w": w}
                rec.update(_call(lambda: fn(h, w, ps["params"])))
                cases.append(rec)
        entry = OrderedDict(meta)
        entry["parameter_sets"] = param_sets
        entry["num_cases"] = len(cases)
        entry["num_errors"] = sum(1 for c in cases if "error" in c)
        entry["cases"] = cases
        helpers[helper_id] = entry
        print(f"make_vlm_goldens: geometry {helper_id}: {len(cases)} cases, {entry['num_errors']} errors", flush=True)

    # ---------------- LLaVA-NeXT: select_best_resolution
    pin_sets = [
        {"id": "llava_next_default", "params": {"possible_resolutions": LLAVA_NEXT_PINPOINTS},
         "source": SRC["llava_next_default_pinpoints"]},
        {"id": "llava_v16_3x3", "params": {"possible_resolutions": LLAVA_3X3_PINPOINTS}, "source": SRC["llava_3x3_pinpoints"]},
        {"id": "onevision_6x6_384", "params": {"possible_resolutions": ONEVISION_PINPOINTS},
         "source": SRC["onevision_pinpoints"]},
        {"id": "docviz", "params": {"possible_resolutions": DOCVIZ_PINPOINTS}, "source": SRC["docviz_pinpoints"]},
    ]
    run("select_best_resolution", {
        "function": "transformers.image_processing_utils.select_best_resolution",
        "call": "select_best_resolution((h, w), possible_resolutions) -> (best_h, best_w); pinpoints are [height, width]",
        "wrapped": False,
        "out": "[best_h, best_w]",
    }, pin_sets, lambda h, w, p: [_i(v) for v in select_best_resolution((h, w), p["possible_resolutions"])])

    # ---------------- LLaVA-NeXT: anyres patch grid via LlavaNextImageProcessorPil.get_image_patches
    anyres_sets = [
        {"id": "llava_v16_336", "params": {"grid_pinpoints": LLAVA_NEXT_PINPOINTS, "size": 336, "patch_size": 336},
         "source": "llava-v1.6 LlavaNextImageProcessor config (size shortest_edge 336, crop 336): " + SRC["llava_next_default_pinpoints"]},
        {"id": "class_defaults_224", "params": {"grid_pinpoints": LLAVA_NEXT_PINPOINTS, "size": 224, "patch_size": 224},
         "source": "LlavaNextImageProcessor class defaults (size shortest_edge 224, crop 224 -> patch_size 224, 336-based pinpoints)"},
        {"id": "onevision_384", "params": {"grid_pinpoints": ONEVISION_PINPOINTS, "size": 384, "patch_size": 384},
         "source": SRC["onevision_pinpoints"] + " with LlavaNextImageProcessor code (size/crop 384)"},
        {"id": "docviz_336", "params": {"grid_pinpoints": DOCVIZ_PINPOINTS, "size": 336, "patch_size": 336},
         "source": SRC["docviz_pinpoints"]},
        {"id": "small_synthetic_56", "params": {"grid_pinpoints": [[56, 112], [112, 56], [112, 112], [168, 56], [56, 168]],
                                                "size": 56, "patch_size": 56},
         "source": SRC["synthetic"] + " (the llava_next_small_synthetic pixel config)"},
    ]

    def anyres(h, w, p):
        proc = recording(LlavaNextImageProcessorPil)
        pins, size, patch = p["grid_pinpoints"], p["size"], p["patch_size"]
        best = select_best_resolution((h, w), pins)
        new_h, new_w = get_patch_output_size(dummy(h, w), best, input_data_format=ChannelDimension.FIRST)
        pad = proc._get_padding_size((new_h, new_w), best)
        out = proc.get_image_patches(dummy(h, w), pins, size=(size, size), patch_size=patch, resample=3)
        patches = out[1:]
        shapes = [[_i(x.shape[-2]), _i(x.shape[-1])] for x in patches]
        r = OrderedDict(
            best=[_i(best[0]), _i(best[1])], resized=[_i(new_h), _i(new_w)],
            pad=[_i(pad[0][0]), _i(pad[0][1]), _i(pad[1][0]), _i(pad[1][1])],
            grid=[-(-_i(best[0]) // patch), -(-_i(best[1]) // patch)], num_patches=len(patches),
        )
        assert proc._geom_calls == [[h, w, _i(new_h), _i(new_w)], [h, w, size, size]], proc._geom_calls
        if any(sh != [patch, patch] for sh in shapes):
            r["patch_shapes"] = shapes
        return r

    run("llava_next_anyres_patches", {
        "function": "transformers.models.llava_next.image_processing_pil_llava_next.LlavaNextImageProcessorPil.get_image_patches "
        "(+ select_best_resolution, image_processing_utils.get_patch_output_size, _get_padding_size)",
        "call": "get_image_patches(uint8 CHW image, grid_pinpoints, size=(S, S), patch_size=P, resample=BICUBIC)",
        "wrapped": "method run on a subclass whose PilBackend.resize returns a zero-stride array of the requested size "
        "(the requested sizes are checked); everything else is transformers' code",
        "out": "best=[h,w] (select_best_resolution); resized=[h,w] (get_patch_output_size: aspect-preserving, ceil, capped "
        "at target); pad=[top,bottom,left,right] zero padding (np.pad, uint8 space) to best; grid=[ceil(best_h/P), "
        "ceil(best_w/P)]; num_patches = len(divide_to_patches(...)) (the list also has the resized original image first); "
        "the two resizes done are h x w -> resized (for the patches) and h x w -> S x S (the 'original' first entry), "
        "checked; patch_shapes only when some patch is not PxP "
        "(divide_to_patches keeps partial edge patches)",
    }, anyres_sets, anyres)

    # ---------------- LLaVA-NeXT: number of image tokens (processor)
    tok_sets = [
        {"id": "llava_v16_processor", "params": {"grid_pinpoints": LLAVA_NEXT_PINPOINTS, "patch_size": 14,
                                                   "processed": 336, "num_additional_image_tokens": 1,
                                                   "vision_feature_select_strategy": "default"},
         "source": SRC["llava_next_processor"]},
        {"id": "llava_v16_processor_no_extra", "params": {"grid_pinpoints": LLAVA_NEXT_PINPOINTS, "patch_size": 14,
                                                           "processed": 336, "num_additional_image_tokens": 0,
                                                           "vision_feature_select_strategy": "default"},
         "source": "LlavaNextProcessor default num_additional_image_tokens=0 with patch_size 14, strategy 'default' "
         "(older llava-hf processor configs)"},
        {"id": "onevision_grid_llava_next_formula", "params": {"grid_pinpoints": ONEVISION_PINPOINTS, "patch_size": 14,
                                                                "processed": 384, "num_additional_image_tokens": 0,
                                                                "vision_feature_select_strategy": "full"},
         "source": SRC["synthetic"] + ": LlavaNextProcessor formula on the onevision grid (LlavaOnevisionProcessor has its own formula)"},
    ]

    def llava_tokens(h, w, p):
        captured = {}
        s = stub(LlavaNextProcessor, image_processor=types.SimpleNamespace(image_grid_pinpoints=p["grid_pinpoints"]),
                 patch_size=p["patch_size"], num_additional_image_tokens=p["num_additional_image_tokens"],
                 vision_feature_select_strategy=p["vision_feature_select_strategy"])

        def unpadded(*args):
            res = LlavaNextProcessor._get_unpadded_features(s, *args)
            captured["args"] = [_i(a) for a in args]
            captured["res"] = [_i(r) for r in res]
            return res

        s._get_unpadded_features = unpadded
        n = s._get_number_of_features(h, w, p["processed"], p["processed"])
        n_final = n - 1 if p["vision_feature_select_strategy"] == "default" else n
        return OrderedDict(num_features=_i(n), num_image_tokens=_i(n_final),
                           unpadded_args=captured["args"], unpadded_and_newline=captured["res"])

    run("llava_next_num_image_tokens", {
        "function": "transformers.models.llava_next.processing_llava_next.LlavaNextProcessor._get_number_of_features "
        "(calls _get_unpadded_features and select_best_resolution)",
        "call": "_get_number_of_features(orig_h, orig_w, processed_h, processed_w) on a LlavaNextProcessor stub "
        "(object.__new__, no tokenizer) holding image_processor.image_grid_pinpoints, patch_size, num_additional_image_tokens",
        "wrapped": "processor method on a stub instance; _get_unpadded_features is the class's own method, wrapped only to log "
        "its arguments [height, width, patches_height, patches_width, scale_height, scale_width] and result",
        "out": "num_features; num_image_tokens = num_features - 1 when vision_feature_select_strategy == 'default' "
        "(replace_image_token / _get_num_multimodal_tokens); unpadded_and_newline = [unpadded_features, newline_features]",
    }, tok_sets, llava_tokens)

    # ---------------- Qwen2-VL smart_resize
    q_sets = [
        {"id": "qwen2_vl_published", "params": {"factor": 28, "min_pixels": 3136, "max_pixels": 12845056},
         "source": SRC["qwen2_vl_published"]},
        {"id": "qwen2_vl_class_default", "params": {"factor": 28, "min_pixels": 3136, "max_pixels": 1003520},
         "source": SRC["qwen2_vl_class_default"]},
        {"id": "qwen_model_card_256_1280", "params": {"factor": 28, "min_pixels": 200704, "max_pixels": 1003520},
         "source": SRC["qwen_model_card_256_1280"]},
        {"id": "qwen2_vl_768x768", "params": {"factor": 28, "min_pixels": 3136, "max_pixels": 589824},
         "source": SRC["qwen2_vl_768"]},
        {"id": "small_synthetic", "params": {"factor": 28, "min_pixels": 3136, "max_pixels": 12544},
         "source": SRC["synthetic"] + " (the qwen2_vl_small_synthetic pixel config)"},
        {"id": "qwen3_vl_factor32", "params": {"factor": 32, "min_pixels": 65536, "max_pixels": 16777216},
         "source": SRC["qwen3_vl"]},
    ]
    qproc = qwen_pil.Qwen2VLImageProcessorPil()

    def qwen(h, w, p):
        hh, ww = qwen_pil.smart_resize(h, w, factor=p["factor"], min_pixels=p["min_pixels"], max_pixels=p["max_pixels"])
        tv = qwen_tv.smart_resize(h, w, factor=p["factor"], min_pixels=p["min_pixels"], max_pixels=p["max_pixels"])
        assert tuple(tv) == (hh, ww), "pil/torchvision smart_resize differ"
        patch = p["factor"] // 2
        n = qproc.get_number_of_image_patches(h, w, {"min_pixels": p["min_pixels"], "max_pixels": p["max_pixels"],
                                                      "patch_size": patch, "merge_size": 2})
        return OrderedDict(size=[_i(hh), _i(ww)], grid=[_i(hh) // patch, _i(ww) // patch], num_patches=_i(n),
                           num_image_tokens=_i(n) // 4)

    run("qwen2_vl_smart_resize", {
        "function": "transformers.models.qwen2_vl.image_processing_pil_qwen2_vl.smart_resize (checked identical to "
        "image_processing_qwen2_vl.smart_resize) + Qwen2VLImageProcessorPil.get_number_of_image_patches",
        "call": "smart_resize(h, w, factor, min_pixels, max_pixels); get_number_of_image_patches(h, w, {min_pixels, "
        "max_pixels, patch_size=factor/2, merge_size=2})",
        "wrapped": False,
        "out": "size=[H, W]; grid=[H/patch, W/patch] (image_grid_thw = [1, gh, gw]); num_patches = gh*gw; "
        "num_image_tokens = num_patches // merge_size**2 (Qwen2VLProcessor.replace_image_token). Raises ValueError when "
        "max(h,w)/min(h,w) > 200.",
    }, q_sets, qwen)

    # ---------------- Idefics3 / SmolVLM
    id_sets = [
        {"id": "idefics3_8b", "params": {"class": "Idefics3ImageProcessorPil", "longest_edge": 1456, "max_image_size": 364,
                                          "image_seq_len": 169}, "source": SRC["idefics3_8b"] + "; = class defaults"},
        {"id": "smolvlm_instruct", "params": {"class": "Idefics3ImageProcessorPil", "longest_edge": 1536,
                                               "max_image_size": 384, "image_seq_len": 81}, "source": SRC["smolvlm_instruct"]},
        {"id": "smolvlm2_256m", "params": {"class": "SmolVLMImageProcessorPil", "longest_edge": 2048, "max_image_size": 512,
                                            "image_seq_len": 64}, "source": SRC["smolvlm2_256m"]},
        {"id": "clamp_4096_synthetic", "params": {"class": "SmolVLMImageProcessorPil", "longest_edge": 6000,
                                                   "max_image_size": 512, "image_seq_len": 64},
         "source": SRC["synthetic"] + " (longest_edge above MAX_IMAGE_SIZE=4096 exercises _resize_output_size_scale_below_upper_bound)"},
        {"id": "idefics3_small_synthetic", "params": {"class": "Idefics3ImageProcessorPil", "longest_edge": 64,
                                                       "max_image_size": 32, "image_seq_len": 169},
         "source": SRC["synthetic"] + " (the idefics3_small_synthetic pixel config)"},
        {"id": "smolvlm_small_synthetic", "params": {"class": "SmolVLMImageProcessorPil", "longest_edge": 90,
                                                      "max_image_size": 30, "image_seq_len": 64},
         "source": SRC["synthetic"] + " (the smolvlm_small_synthetic pixel config)"},
    ]
    classes = {"Idefics3ImageProcessorPil": (idefics3_pil.Idefics3ImageProcessorPil, idefics3_pil),
               "SmolVLMImageProcessorPil": (smolvlm_pil.SmolVLMImageProcessorPil, smolvlm_pil)}

    def idefics(h, w, p):
        cls, mod = classes[p["class"]]
        L, M = p["longest_edge"], p["max_image_size"]
        proc = recording(cls, size={"longest_edge": L}, max_image_size={"longest_edge": M})
        r = OrderedDict()
        r["resized"] = [_i(v) for v in mod.get_resize_output_image_size(dummy(h, w), resolution_max_side=L)]
        rm = [_i(v) for v in mod._resize_output_size_rescale_to_max_len(h, w, max_len=L)]
        if rm != r["resized"]:
            r["rescale_to_max_len"] = rm  # only when _resize_output_size_scale_below_upper_bound changed it
        img = proc.resize(dummy(h, w), SizeDict(longest_edge=L), resample=1)
        img = proc.resize_for_vision_encoder(img, M, resample=1)
        r["vision_encoder_size"] = [_i(img.shape[-2]), _i(img.shape[-1])]
        frames, rows, cols = proc.split_images(img, max_image_size={"longest_edge": M}, resample=1)
        r["rows"], r["cols"], r["num_frames"] = _i(rows), _i(cols), len(frames)
        assert all(f.shape[-2:] == (M, M) for f in frames)
        gn = proc.get_number_of_image_patches(h, w, {})
        r["get_number_of_image_patches"] = [_i(v) for v in gn]
        r["get_number_of_image_patches_matches_split"] = (
            (_i(gn[1]), _i(gn[2])) == (r["rows"], r["cols"]) if r["rows"] else _i(gn[0]) == 0)
        r["num_image_tokens"] = p["image_seq_len"] * (r["rows"] * r["cols"] + 1)
        calls = [[h, w] + r["resized"], r["resized"] + r["vision_encoder_size"]] + (
            [r["vision_encoder_size"] + [M, M]] if r["rows"] else [])
        assert proc._geom_calls == calls, (proc._geom_calls, calls)
        # the same code path in the other class (code is a copy) must agree
        other = [c for n, c in classes.items() if n != p["class"]][0]
        o = recording(other[0], size={"longest_edge": L}, max_image_size={"longest_edge": M})
        oi = o.resize_for_vision_encoder(o.resize(dummy(h, w), SizeDict(longest_edge=L), resample=1), M, resample=1)
        assert list(oi.shape[-2:]) == r["vision_encoder_size"], "Idefics3/SmolVLM copies disagree"
        return r

    run("idefics3_smolvlm_split", {
        "function": "transformers.models.{idefics3,smolvlm}.image_processing_pil_*: _resize_output_size_rescale_to_max_len, "
        "get_resize_output_image_size, and the class methods resize (longest_edge), resize_for_vision_encoder, split_images, "
        "get_number_of_image_patches",
        "call": "resize(img, {longest_edge: L}) -> resize_for_vision_encoder(img, M) -> split_images(img, {longest_edge: M}); "
        "get_number_of_image_patches(h, w, {}) on a processor with size={longest_edge: L}, max_image_size={longest_edge: M}",
        "wrapped": "methods run on a subclass whose PilBackend.resize returns a zero-stride array of the requested size; "
        "the resizes done are checked to be h x w -> resized -> vision_encoder_size (-> M x M global image when split); "
        "checked identical between the Idefics3 and SmolVLM copies",
        "out": "resized = size after the longest-edge resize (do_resize; rescale_to_max_len is given only when the "
        "MAX_IMAGE_SIZE=4096 clamp changed it); every split frame is M x M (checked); vision_encoder_size = multiples of M (do_image_splitting); "
        "rows/cols = split grid (0/0 when not split); num_frames = rows*cols (+1 global image when split, else 1); "
        "get_number_of_image_patches = [num_patches, rows, cols] as the processor's _get_num_multimodal_tokens sees them "
        "(NOT always equal to the split actually done; see *_matches_split); num_image_tokens = image_seq_len * (rows*cols + 1) "
        "= count of <image> tokens in Idefics3Processor/SmolVLMProcessor.replace_image_token",
    }, id_sets, idefics)

    # ---------------- Pixtral
    px_sets = [
        {"id": "pixtral_12b", "params": {"longest_edge": 1024, "patch_size": 16}, "source": SRC["pixtral_12b"]},
        {"id": "mistral_small_3_1_image_processor", "params": {"longest_edge": 1540, "patch_size": 14},
         "source": SRC["mistral_small_3_1"] + " (image processor called directly)"},
        {"id": "mistral_small_3_1_processor", "params": {"longest_edge": 1540, "patch_size": 28},
         "source": SRC["mistral_small_3_1"] + " (as PixtralProcessor calls it: patch_size*spatial_merge_size)"},
        {"id": "small_synthetic_64", "params": {"longest_edge": 64, "patch_size": 16},
         "source": SRC["synthetic"] + " (the pixtral_small_synthetic pixel config)"},
    ]

    def pixtral(h, w, p):
        L, P = p["longest_edge"], p["patch_size"]
        H, W = pixtral_pil.get_resize_output_image_size(dummy(h, w), size=(L, L), patch_size=(P, P),
                                                        input_data_format=ChannelDimension.FIRST)
        rows, cols = H // P, W // P
        # PixtralProcessor._get_num_multimodal_tokens passes np.zeros((h, w, 3)) WITHOUT input_data_format, so the
        # channel axis is inferred; the same call on a zero-stride array of that shape:
        try:
            ph, pw = pixtral_pil.get_resize_output_image_size(np.broadcast_to(0.0, (h, w, 3)), size=(L, L),
                                                              patch_size=(P, P))
            proc_path = [_i(ph), _i(pw), (_i(ph) // P) * (_i(pw) // P + 1)]
        except Exception as e:  # noqa: BLE001
            proc_path = _err(e)
        r = OrderedDict(size=[_i(H), _i(W)], rows=_i(rows), cols=_i(cols), num_image_tokens=_i(rows) * (_i(cols) + 1))
        if proc_path != [_i(H), _i(W), r["num_image_tokens"]]:
            r["processor_num_multimodal_tokens_path"] = proc_path
        return r

    run("pixtral_resize", {
        "function": "transformers.models.pixtral.image_processing_pil_pixtral.get_resize_output_image_size (uses _num_image_tokens)",
        "call": "get_resize_output_image_size(CHW image, size=(L, L), patch_size=(P, P), input_data_format=FIRST)",
        "wrapped": False,
        "out": "size=[H, W] (multiples of P); rows=H/P, cols=W/P; num_image_tokens = rows*(cols+1) ([IMG]*cols + [IMG_BREAK] "
        "per row, last [IMG_BREAK] replaced by [IMG_END]; PixtralProcessor.replace_image_token); "
        "processor_num_multimodal_tokens_path = [H, W, tokens] from the call PixtralProcessor._get_num_multimodal_tokens makes "
        "(np.zeros((h, w, 3)) with the channel axis inferred), present only when it differs from the image processor's "
        "result (h of 1 or 3: the array is taken as channels-first)",
    }, px_sets, pixtral)

    # ---------------- Gemma3 pan and scan
    g_sets = [
        {"id": "gemma3_processor_defaults", "params": {"pan_and_scan_min_crop_size": 256, "pan_and_scan_max_num_crops": 4,
                                                       "pan_and_scan_min_ratio_to_activate": 1.2},
         "source": SRC["gemma3_processor"]},
        {"id": "synthetic_128_6_1_5", "params": {"pan_and_scan_min_crop_size": 128, "pan_and_scan_max_num_crops": 6,
                                                 "pan_and_scan_min_ratio_to_activate": 1.5}, "source": SRC["synthetic"]},
    ]
    gproc = Gemma3ImageProcessorPil()

    def gemma(h, w, p):
        img = dummy(h, w).view(_SliceRecorder)
        img._log = []
        crops = gproc.pan_and_scan(img, p["pan_and_scan_min_crop_size"], p["pan_and_scan_max_num_crops"],
                                   p["pan_and_scan_min_ratio_to_activate"])
        keys = [k for k in img._log if isinstance(k, tuple)]
        boxes = [_slice_box(k, c.shape[-2:]) for k, c in zip(keys, crops)]
        return OrderedDict(num_crops=len(crops), crop_boxes=boxes,
                           num_image_tokens=256 * (1 + len(crops)))

    run("gemma3_pan_and_scan", {
        "function": "transformers.models.gemma3.image_processing_pil_gemma3.Gemma3ImageProcessorPil.pan_and_scan",
        "call": "pan_and_scan(CHW image, pan_and_scan_min_crop_size, pan_and_scan_max_num_crops, pan_and_scan_min_ratio_to_activate)",
        "wrapped": "method called on a zero-stride ndarray subclass that logs the slices it is indexed with (crop boxes)",
        "out": "num_crops; crop_boxes = [y0, y1, x0, x1] actually covered (numpy clips the last crop at the image edge, so it "
        "can be narrower than the others); num_image_tokens = image_seq_length(256) * (1 + num_crops) "
        "(Gemma3Processor.replace_image_token repeats the 256-token image sequence for the original and each crop)",
    }, g_sets, gemma)

    # ---------------- SigLIP2
    s_sets = [
        {"id": "naflex_256_p16", "params": {"patch_size": 16, "max_num_patches": 256}, "source": SRC["siglip2_naflex"]},
        {"id": "lfm2_vl_1024_p16", "params": {"patch_size": 16, "max_num_patches": 1024}, "source": SRC["lfm2_vl"]},
        {"id": "small_16_p16", "params": {"patch_size": 16, "max_num_patches": 16},
         "source": SRC["synthetic"] + " (the siglip2_small_synthetic pixel config)"},
        {"id": "synthetic_576_p14", "params": {"patch_size": 14, "max_num_patches": 576}, "source": SRC["synthetic"]},
    ]

    def siglip(h, w, p):
        H, W = siglip2_pil.get_image_size_for_max_num_patches(h, w, p["patch_size"], p["max_num_patches"])
        tv = siglip2_tv.get_image_size_for_max_num_patches(h, w, p["patch_size"], p["max_num_patches"])
        assert tuple(tv) == (H, W), "pil/torchvision siglip2 helpers differ"
        gh, gw = H // p["patch_size"], W // p["patch_size"]
        return OrderedDict(size=[_i(H), _i(W)], spatial_shape=[_i(gh), _i(gw)], valid_patches=_i(gh * gw))

    run("siglip2_size_for_max_num_patches", {
        "function": "transformers.models.siglip2.image_processing_pil_siglip2.get_image_size_for_max_num_patches "
        "(checked identical to image_processing_siglip2.get_image_size_for_max_num_patches)",
        "call": "get_image_size_for_max_num_patches(h, w, patch_size, max_num_patches) (eps=1e-5 binary search on the scale)",
        "wrapped": False,
        "out": "size=[H, W] (each side a multiple of p, >= p); spatial_shape=[H/p, W/p]; valid_patches = product (= sum "
        "of pixel_attention_mask); <= max_num_patches on every size here",
    }, s_sets, siglip)

    # ---------------- Mllama
    m_sets = [
        {"id": "llama_3_2_vision_560", "params": {"max_image_tiles": 4, "tile_size": 560}, "source": SRC["mllama_11b"]},
        {"id": "class_default_224", "params": {"max_image_tiles": 4, "tile_size": 224}, "source": SRC["mllama_class_default"]},
        {"id": "small_56_synthetic", "params": {"max_image_tiles": 4, "tile_size": 56},
         "source": SRC["synthetic"] + " (the mllama_small_synthetic pixel config)"},
    ]

    def mllama(h, w, p):
        N, T = p["max_image_tiles"], p["tile_size"]
        ch, cw = mllama_pil.get_optimal_tiled_canvas(h, w, N, T)
        nh, nw = mllama_pil.get_image_size_fit_to_canvas(h, w, _i(ch), _i(cw), T)
        proc = recording(mllama_pil.MllamaImageProcessorPil, size={"height": T, "width": T}, max_image_tiles=N)
        img, ar = proc.resize(dummy(h, w), size=SizeDict(height=T, width=T), max_image_tiles=N, resample=2)
        assert list(img.shape[-2:]) == [_i(nh), _i(nw)]
        ids = mllama_pil.convert_aspect_ratios_to_ids_np([[ar]], N)
        mask = mllama_pil.build_aspect_ratio_mask_np([[ar]], N)
        return OrderedDict(canvas=[_i(ch), _i(cw)], tiles=[_i(ar[0]), _i(ar[1])], resized=[_i(nh), _i(nw)],
                           pad_bottom_right=[_i(ar[0]) * T - _i(nh), _i(ar[1]) * T - _i(nw)],
                           aspect_ratio_id=_i(ids[0, 0]), aspect_ratio_mask=[_i(v) for v in mask[0, 0]],
                           num_tiles=_i(ar[0]) * _i(ar[1]))

    run("mllama_tiling", {
        "function": "transformers.models.mllama.image_processing_pil_mllama: get_optimal_tiled_canvas, "
        "get_image_size_fit_to_canvas, MllamaImageProcessorPil.resize, convert_aspect_ratios_to_ids_np, build_aspect_ratio_mask_np",
        "call": "get_optimal_tiled_canvas(h, w, max_image_tiles, tile_size); get_image_size_fit_to_canvas(h, w, canvas_h, canvas_w, "
        "tile_size); MllamaImageProcessorPil.resize(img, size={tile,tile}, max_image_tiles) -> (img, (tiles_h, tiles_w))",
        "wrapped": "resize run on a subclass whose PilBackend.resize returns a zero-stride array (checked equal to "
        "get_image_size_fit_to_canvas)",
        "out": "canvas=[H, W]; tiles=[tiles_h, tiles_w]; resized=[h, w] (image resized to this, then zero-padded bottom/right in "
        "uint8 space to tiles*tile_size); aspect_ratio_id = index+1 of (tiles_h, tiles_w) in get_all_supported_aspect_ratios; "
        "aspect_ratio_mask; num_tiles = tiles_h*tiles_w",
    }, m_sets, mllama)

    # ---------------- GOT-OCR2 / InternVL / Aya Vision / Qianfan-OCR: the tile grid and the patch count
    from transformers.models.got_ocr2.image_processing_pil_got_ocr2 import (  # noqa: PLC0415
        GotOcr2ImageProcessorPil,
        get_optimal_tiled_canvas,
    )

    got_sets = [
        {"id": "got_ocr2_384_1_12", "params": {"tile": 384, "min_patches": 1, "max_patches": 12},
         "source": "GotOcr2ImageProcessor class defaults (size 384, min 1, max 12) with crop_to_patches on"},
        {"id": "internvl_448_1_12", "params": {"tile": 448, "min_patches": 1, "max_patches": 12},
         "source": "InternVL3 (size 448, min 1, max 12; InternVLProcessor turns crop_to_patches on)"},
        {"id": "aya_vision_364_1_12", "params": {"tile": 364, "min_patches": 1, "max_patches": 12},
         "source": "hf-internal-testing/tiny-processor-aya_vision (size 364, min 1, max 12)"},
        {"id": "synthetic_56_2_6", "params": {"tile": 56, "min_patches": 2, "max_patches": 6},
         "source": "synthetic: min 2, max 6, 56-pixel tiles (the tie rule's area test at small tiles)"},
    ]

    def got_ocr2(h, w, p):
        columns, rows = get_optimal_tiled_canvas((h, w), (p["tile"], p["tile"]), p["min_patches"], p["max_patches"])
        proc = GotOcr2ImageProcessorPil(crop_to_patches=True, min_patches=p["min_patches"], max_patches=p["max_patches"],
                                        size={"height": p["tile"], "width": p["tile"]})
        return OrderedDict(grid=[_i(columns), _i(rows)], num_patches=_i(proc.get_number_of_image_patches(h, w, {})))

    run("got_ocr2_tiles", {
        "function": "transformers.models.got_ocr2.image_processing_pil_got_ocr2: get_optimal_tiled_canvas, "
        "GotOcr2ImageProcessorPil.get_number_of_image_patches",
        "call": "get_optimal_tiled_canvas((h, w), (tile, tile), min_patches, max_patches) -> (columns, rows); "
        "get_number_of_image_patches(h, w, {}) on a processor with crop_to_patches and those values",
        "wrapped": False,
        "out": "grid=[columns, rows]; num_patches (tiles plus the thumbnail when there is more than one tile)",
    }, got_sets, got_ocr2)

    # ---------------- GLM-4V family, Ernie-4.5-VL, VideoLLaMA3: their smart_resize and patch counts
    from transformers.models.cosmos3_edge import image_processing_pil_cosmos3_edge as cosmos3_pil  # noqa: PLC0415
    from transformers.models.ernie4_5_vl_moe import image_processing_pil_ernie4_5_vl_moe as ernie_pil  # noqa: PLC0415
    from transformers.models.glm4v import image_processing_pil_glm4v as glm4v_pil  # noqa: PLC0415
    from transformers.models.glm46v import image_processing_pil_glm46v as glm46v_pil  # noqa: PLC0415
    from transformers.models.glmga import image_processing_pil_glmga as glmga_pil  # noqa: PLC0415
    from transformers.models.video_llama_3 import image_processing_pil_video_llama_3 as vl3_pil  # noqa: PLC0415

    family = {
        "glm4v": (glm4v_pil, glm4v_pil.Glm4vImageProcessorPil, True),
        "glm46v": (glm46v_pil, glm46v_pil.Glm46VImageProcessorPil, True),
        "glmga": (glmga_pil, glmga_pil.GlmgaImageProcessorPil, True),
        "cosmos3_edge": (cosmos3_pil, cosmos3_pil.Cosmos3EdgeImageProcessorPil, True),
        "ernie4_5_vl_moe": (ernie_pil, ernie_pil.Ernie4_5_VLMoeImageProcessorPil, False),
        "video_llama_3": (vl3_pil, vl3_pil.VideoLlama3ImageProcessorPil, False),
    }
    fam_sets = [
        {"id": "glm4v_defaults", "params": {"model": "glm4v"}, "source": "Glm4vImageProcessor class defaults"},
        {"id": "glm46v_defaults", "params": {"model": "glm46v"}, "source": "Glm46VImageProcessor class defaults"},
        {"id": "glmga_defaults", "params": {"model": "glmga"}, "source": "GlmgaImageProcessor class defaults"},
        {"id": "glm4v_small_budget", "params": {"model": "glm4v", "shortest_edge": 3136, "longest_edge": 200704},
         "source": "synthetic: GLM-4V with a 56x56 .. 448x448 pixel budget"},
        {"id": "cosmos3_edge_defaults", "params": {"model": "cosmos3_edge"},
         "source": "Cosmos3EdgeImageProcessor class defaults (nvidia/Cosmos3-Edge processor_config.json has the same values)"},
        {"id": "cosmos3_edge_small_t2", "params": {"model": "cosmos3_edge", "shortest_edge": 256, "longest_edge": 6400,
                                                   "patch_size": 4, "temporal_patch_size": 2},
         "source": "synthetic: Cosmos3-Edge with patch 4, temporal 2 (the cosmos3_edge_small_by_model_type pixel config)"},
        {"id": "ernie_defaults", "params": {"model": "ernie4_5_vl_moe"}, "source": "Ernie4_5_VLMoeImageProcessor class defaults"},
        {"id": "video_llama_3_defaults", "params": {"model": "video_llama_3"},
         "source": "VideoLlama3ImageProcessor class defaults"},
        {"id": "video_llama_3_merge1", "params": {"model": "video_llama_3", "merge_size": 1},
         "source": "VideoLlama3ImageProcessor with merge_size 1 (its processor's image setting)"},
    ]

    def qwen_family(h, w, p):
        module, cls, counts_frames = family[p["model"]]
        init = {}
        if "shortest_edge" in p:
            init["size"] = {"shortest_edge": p["shortest_edge"], "longest_edge": p["longest_edge"]}
        for key in ("merge_size", "patch_size", "temporal_patch_size"):
            if key in p:
                init[key] = p[key]
        proc = cls(**init)
        size = proc.size
        factor = proc.patch_size * proc.merge_size
        if counts_frames:
            hh, ww = module.smart_resize(num_frames=proc.temporal_patch_size, height=h, width=w, factor=factor,
                                         min_pixels=size.shortest_edge, max_pixels=size.longest_edge,
                                         temporal_factor=proc.temporal_patch_size)
        else:
            hh, ww = module.smart_resize(h, w, factor, min_pixels=size.shortest_edge, max_pixels=size.longest_edge)
        n = proc.get_number_of_image_patches(h, w, {})
        return OrderedDict(size=[_i(hh), _i(ww)], num_patches=_i(n), merge_size=_i(proc.merge_size),
                           patch_size=_i(proc.patch_size), num_image_tokens=_i(n) // (proc.merge_size ** 2))

    run("qwen_family_smart_resize", {
        "function": "smart_resize and get_number_of_image_patches of transformers.models.{glm4v, glm46v, glmga, "
        "cosmos3_edge, ernie4_5_vl_moe, video_llama_3}.image_processing_pil_*",
        "call": "the module's smart_resize with the arguments its get_number_of_image_patches passes (GLM: num_frames = "
        "temporal_factor = temporal_patch_size); get_number_of_image_patches(h, w, {}) on the class with the set's values",
        "wrapped": False,
        "out": "size=[h, w] resized; num_patches; num_image_tokens = num_patches // merge_size^2 (the processors' count)",
    }, fam_sets, qwen_family)

    # ---------------- Gemma4: the budgeted size and the soft token count
    from transformers.models.gemma4 import image_processing_pil_gemma4 as gemma4_pil  # noqa: PLC0415

    g4_sets = [
        {"id": "gemma4_280", "params": {"patch_size": 16, "max_soft_tokens": 280, "pooling_kernel_size": 3},
         "source": "Gemma4ImageProcessor class defaults (google/gemma-4 image_processor block)"},
        {"id": "gemma4_70", "params": {"patch_size": 16, "max_soft_tokens": 70, "pooling_kernel_size": 3},
         "source": "Gemma4 with the video processor's budget of 70 soft tokens"},
        {"id": "gemma4_1120", "params": {"patch_size": 16, "max_soft_tokens": 1120, "pooling_kernel_size": 3},
         "source": "Gemma4 with 1120 soft tokens (google/gemma-4-E4B-it discussion 40)"},
        {"id": "synthetic_4_70_2", "params": {"patch_size": 4, "max_soft_tokens": 70, "pooling_kernel_size": 2},
         "source": "synthetic: 4-pixel patches, 2x2 pooling"},
    ]

    def gemma4(h, w, p):
        k = p["pooling_kernel_size"]
        hh, ww = gemma4_pil.get_aspect_ratio_preserving_size(h, w, p["patch_size"], p["max_soft_tokens"] * k * k, k)
        patches = (hh // p["patch_size"]) * (ww // p["patch_size"])
        return OrderedDict(size=[_i(hh), _i(ww)], num_soft_tokens=_i(patches) // (k * k))

    run("gemma4_aspect_ratio_preserving_size", {
        "function": "transformers.models.gemma4.image_processing_pil_gemma4.get_aspect_ratio_preserving_size",
        "call": "get_aspect_ratio_preserving_size(h, w, patch_size, max_soft_tokens * k^2, k) -> (h, w); soft tokens = "
        "patches // k^2 as _preprocess counts them",
        "wrapped": False,
        "out": "size=[h, w]; num_soft_tokens",
    }, g4_sets, gemma4)

    # ---------------- LLaVA-OneVision: the image tokens of a single-image sample
    from transformers.models.llava_onevision.processing_llava_onevision import LlavaOnevisionProcessor  # noqa: PLC0415

    ov_sets = [
        {"id": "onevision_siglip_384", "params": {"grid_pinpoints": ONEVISION_PINPOINTS, "view": 384,
                                                  "num_image_tokens": 729, "vision_aspect_ratio": "anyres_max_9"},
         "source": SRC["onevision_pinpoints"] + "; LlavaOnevisionProcessor defaults (anyres_max_9) with SigLIP 384/14 "
         "(729 tokens per view, llava-hf/llava-onevision-qwen2-*-hf processor_config.json)"},
        {"id": "synthetic_48_16_max4", "params": {"grid_pinpoints": [[48, 48], [48, 96], [96, 48], [96, 96], [48, 144],
                                                                    [144, 144]],
                                                  "view": 48, "num_image_tokens": 16, "vision_aspect_ratio": "anyres_max_4"},
         "source": "synthetic: 48-pixel views of 4x4 tokens, at most 4 views' worth (the shrink branch)"},
    ]

    def onevision_tokens(h, w, p):
        proc = stub(LlavaOnevisionProcessor, image_processor=types.SimpleNamespace(image_grid_pinpoints=p["grid_pinpoints"]),
                    num_image_tokens=p["num_image_tokens"], vision_aspect_ratio=p["vision_aspect_ratio"])
        return OrderedDict(num_features=_i(proc._get_number_of_features(h, w, p["view"], p["view"])))

    run("llava_onevision_num_image_tokens", {
        "function": "transformers.models.llava_onevision.processing_llava_onevision: "
        "LlavaOnevisionProcessor._get_number_of_features",
        "call": "_get_number_of_features(h, w, view, view) on a stub processor holding image_grid_pinpoints, "
        "num_image_tokens and vision_aspect_ratio (replace_image_token's count for a single-image sample, before the "
        "'default' strategy's minus one)",
        "wrapped": "stub instance (object.__new__), no tokenizer",
        "out": "num_features",
    }, ov_sets, onevision_tokens)

    # ---------------- Janus / DeepSeek-VL: the longer side to size, Python's round, min_size
    from transformers.models.deepseek_vl import image_processing_pil_deepseek_vl as deepseek_pil  # noqa: PLC0415
    from transformers.models.janus import image_processing_pil_janus as janus_pil  # noqa: PLC0415

    janus_sets = [
        {"id": "janus_384_14", "params": {"model": "janus", "size": 384, "min_size": 14},
         "source": "JanusImageProcessor class defaults (size 384, min_size 14)"},
        {"id": "deepseek_vl_384_14", "params": {"model": "deepseek_vl", "size": 384, "min_size": 14},
         "source": "DeepseekVLImageProcessor class defaults"},
        {"id": "synthetic_48_20", "params": {"model": "janus", "size": 48, "min_size": 20},
         "source": "synthetic: a 48-pixel square, min_size 20 (the floor applies to most elongated sizes)"},
    ]

    def janus(h, w, p):
        module = janus_pil if p["model"] == "janus" else deepseek_pil
        cls = module.JanusImageProcessorPil if p["model"] == "janus" else module.DeepseekVLImageProcessorPil
        calls = []

        def record(image, size, **kwargs):
            calls.append([int(size[0]), int(size[1])])
            return dummy(int(size[0]), int(size[1]), int(image.shape[0]))

        original = module.np_resize
        module.np_resize = record
        try:
            proc = cls(size={"height": p["size"], "width": p["size"]}, min_size=p["min_size"])
            proc.resize(dummy(h, w), SizeDict(height=p["size"], width=p["size"]), min_size=p["min_size"])
        finally:
            module.np_resize = original
        return OrderedDict(size=calls[0])

    run("janus_resize", {
        "function": "transformers.models.{janus, deepseek_vl}.image_processing_pil_*: *ImageProcessorPil.resize",
        "call": "resize(image of (h, w), size={size, size}, min_size) with the module's np_resize replaced by a recorder "
        "that returns a zero-stride array of the requested size",
        "wrapped": "np_resize (image_transforms.resize as the module imports it) recorded",
        "out": "size=[h, w] handed to the resize",
    }, janus_sets, janus)

    # ---------------- Idefics2: the shortest/longest-edge rule, on the image and on its quadrants
    from transformers.models.idefics2 import image_processing_pil_idefics2 as idefics2_pil  # noqa: PLC0415

    idefics2_sets = [
        {"id": "idefics2_8b", "params": {"shortest_edge": 378, "longest_edge": 980},
         "source": "https://huggingface.co/huz-relay/idefics2-8b-ocr/blob/main/preprocessor_config.json "
         "(HuggingFaceM4/idefics2-8b's file; = class defaults)"},
        {"id": "synthetic_16_48", "params": {"shortest_edge": 16, "longest_edge": 48},
         "source": "synthetic (the idefics2_small_split_by_model_type pixel config)"},
    ]

    def idefics2(h, w, p):
        size = SizeDict(shortest_edge=p["shortest_edge"], longest_edge=p["longest_edge"])
        proc = idefics2_pil.Idefics2ImageProcessorPil(size={"shortest_edge": p["shortest_edge"],
                                                              "longest_edge": p["longest_edge"]})
        frames = []
        for part in proc.split_images(dummy(h, w)):
            try:
                frames.append([int(v) for v in idefics2_pil.get_resize_output_image_size(part, size)])
            except ZeroDivisionError:
                frames.append(None)
        return OrderedDict(size=[int(v) for v in idefics2_pil.get_resize_output_image_size(dummy(h, w), size)],
                           split_sizes=frames)

    run("idefics2_resize", {
        "function": "transformers.models.idefics2.image_processing_pil_idefics2: get_resize_output_image_size and "
        "Idefics2ImageProcessorPil.split_images",
        "call": "get_resize_output_image_size(image of (h, w), SizeDict(shortest_edge, longest_edge)); then the same for "
        "each of split_images' five parts (null where it raises ZeroDivisionError: a part with no rows)",
        "wrapped": "none",
        "out": "size=[h, w]; split_sizes=[[h, w] or null] * 5",
    }, idefics2_sets, idefics2)

    # ---------------- Ovis2: crop_to_patches' covering-area grid
    from transformers.models.ovis2 import image_processing_pil_ovis2 as ovis2_pil  # noqa: PLC0415

    ovis2_sets = [
        {"id": "ovis2_448_12", "params": {"side": 448, "max_tiles": 12},
         "source": "https://huggingface.co/thisisiron/Ovis2-2B-hf/blob/main/preprocessor_config.json (448, max_patches 12)"},
        {"id": "synthetic_24_6", "params": {"side": 24, "max_tiles": 6},
         "source": "synthetic (the ovis2_small_tiles pixel config)"},
    ]

    def ovis2_grid(h, w, p):
        cols, rows = ovis2_pil.get_min_tile_covering_grid((h, w), target_patch_size=p["side"], max_image_tiles=p["max_tiles"])
        return OrderedDict(grid=[int(cols), int(rows)])

    run("ovis2_covering_grid", {
        "function": "transformers.models.ovis2.image_processing_pil_ovis2.get_min_tile_covering_grid",
        "call": "get_min_tile_covering_grid((h, w), target_patch_size=side, max_image_tiles=max_tiles) (covering_threshold 0.9)",
        "wrapped": "none",
        "out": "grid=[num_columns, num_rows] as crop_image_to_patches unpacks it",
    }, ovis2_sets, ovis2_grid)

    # ---------------- PaddleOCR-VL and GLM-Image: their own smart_resize (HunYuan-VL uses Qwen2-VL's)
    from transformers.models.glm_image import image_processing_pil_glm_image as glm_image_pil  # noqa: PLC0415
    from transformers.models.paddleocr_vl import image_processing_pil_paddleocr_vl as paddle_pil  # noqa: PLC0415

    paddle_sets = [
        {"id": "paddleocr_vl", "params": {"factor": 28, "min_pixels": 147384, "max_pixels": 2822400},
         "source": "https://huggingface.co/PaddlePaddle/PaddleOCR-VL/blob/main/preprocessor_config.json (patch 14, merge 2)"},
        {"id": "paddleocr_vl_defaults", "params": {"factor": 28, "min_pixels": 384 * 384, "max_pixels": 1536 * 1536},
         "source": "class defaults"},
        {"id": "synthetic_8", "params": {"factor": 8, "min_pixels": 3000, "max_pixels": 20000},
         "source": "synthetic (the paddleocr_vl_small_pixels_by_model_type pixel config)"},
    ]

    def paddle(h, w, p):
        size = [int(v) for v in paddle_pil.smart_resize(h, w, factor=p["factor"], min_pixels=p["min_pixels"],
                                                        max_pixels=p["max_pixels"])]
        proc = paddle_pil.PaddleOCRVLImageProcessorPil(size={"shortest_edge": p["min_pixels"],
                                                              "longest_edge": p["max_pixels"]},
                                                        patch_size=p["factor"] // 2, merge_size=2)
        return OrderedDict(size=size, patches=int(proc.get_number_of_image_patches(h, w)))

    run("paddleocr_vl_smart_resize", {
        "function": "transformers.models.paddleocr_vl.image_processing_pil_paddleocr_vl: smart_resize and "
                    "PaddleOCRVLImageProcessorPil.get_number_of_image_patches",
        "call": "smart_resize(h, w, factor, min_pixels, max_pixels); get_number_of_image_patches(h, w) with patch "
                "factor // 2, merge 2",
        "wrapped": "none",
        "out": "size=[h, w]; patches=grid_h * grid_w",
    }, paddle_sets, paddle)

    glm_image_sets = [
        {"id": "glm_image", "params": {"factor": 16, "min_pixels": 512 * 512, "max_pixels": 2048 * 2048},
         "source": "https://huggingface.co/zai-org/GLM-Image/blob/main/processor/preprocessor_config.json (patch 16, merge 1)"},
        {"id": "glm_image_defaults", "params": {"factor": 28, "min_pixels": 56 * 56, "max_pixels": 28 * 28 * 1280},
         "source": "class defaults"},
        {"id": "synthetic_16", "params": {"factor": 16, "min_pixels": 3000, "max_pixels": 40000},
         "source": "synthetic (the glm_image_small_budget_by_model_type pixel config)"},
    ]

    def glm_image(h, w, p):
        return OrderedDict(size=[int(v) for v in glm_image_pil.smart_resize(
            h, w, factor=p["factor"], min_pixels=p["min_pixels"], max_pixels=p["max_pixels"])])

    run("glm_image_smart_resize", {
        "function": "transformers.models.glm_image.image_processing_pil_glm_image.smart_resize",
        "call": "smart_resize(h, w, factor, min_pixels, max_pixels)",
        "wrapped": "none",
        "out": "size=[h, w]",
    }, glm_image_sets, glm_image)

    # ---------------- Emu3 (legacy class): its module's smart_resize with spatial_factor
    from transformers.models.emu3 import image_processing_emu3 as emu3_module  # noqa: PLC0415

    emu3_sets = [
        {"id": "emu3_chat_hf", "params": {"factor": 8, "min_pixels": 512 * 512, "max_pixels": 1024 * 1024},
         "source": "https://huggingface.co/Emu3-community/Emu3-Chat-hf/blob/b16164eb51c47c467edba9ffe0fc7b18874b54ac/"
         "preprocessor_config.json (= class defaults)"},
        {"id": "synthetic_small", "params": {"factor": 8, "min_pixels": 1000, "max_pixels": 4000},
         "source": "synthetic (the emu3_small_by_model_type pixel config)"},
    ]

    def emu3(h, w, p):
        return OrderedDict(size=[int(v) for v in emu3_module.smart_resize(
            h, w, factor=p["factor"], min_pixels=p["min_pixels"], max_pixels=p["max_pixels"])])

    run("emu3_smart_resize", {
        "function": "transformers.models.emu3.image_processing_emu3.smart_resize",
        "call": "smart_resize(h, w, factor=spatial_factor, min_pixels, max_pixels)",
        "wrapped": "none",
        "out": "size=[h, w]",
    }, emu3_sets, emu3)

    # ---------------- Fuyu: the size its resize() picks and the scale factor it reports
    from transformers.models.fuyu import image_processing_pil_fuyu as fuyu_pil  # noqa: PLC0415

    fuyu_sets = [
        {"id": "fuyu_8b", "params": {"height": 1080, "width": 1920},
         "source": "https://huggingface.co/adept/fuyu-8b/blob/b5c3f7253e2e78da0da77a21d7e8dce15d9abe23/"
         "preprocessor_config.json (= class defaults)"},
        {"id": "synthetic_small", "params": {"height": 36, "width": 60},
         "source": "synthetic (the fuyu_small_by_model_type pixel config)"},
    ]
    fuyu_procs = {}

    def fuyu(h, w, p):
        proc = cached_recording(fuyu_procs, fuyu_pil.FuyuImageProcessorPil, size={"height": p["height"], "width": p["width"]})
        out = proc.resize(dummy(h, w), SizeDict(height=p["height"], width=p["width"]))
        rh, rw = int(out.shape[-2]), int(out.shape[-1])
        assert not proc._geom_calls or proc._geom_calls[0][2:] == [rh, rw]
        return OrderedDict(size=[rh, rw], scale_factor=rh / h)

    run("fuyu_resize", {
        "function": "transformers.models.fuyu.image_processing_pil_fuyu: FuyuImageProcessorPil.resize",
        "call": "resize(image of (h, w), size={height, width}) on a recorder subclass (PilBackend.resize returns a "
        "zero-stride array of the requested size); an image that fits is returned unchanged",
        "wrapped": "PilBackend.resize recorded",
        "out": "size=[h, w] after resize; scale_factor = resized h / h (the image_scale_factors value, a float64)",
    }, fuyu_sets, fuyu)

    # ---------------- TVP: its longest-edge rule
    from transformers.models.tvp import image_processing_pil_tvp as tvp_pil  # noqa: PLC0415

    tvp_sets = [
        {"id": "tvp_defaults", "params": {"longest_edge": 448}, "source": "class defaults (Intel/tvp-base sets none)"},
        {"id": "synthetic_20", "params": {"longest_edge": 20}, "source": "synthetic (the tvp_small_reflect pixel config)"},
    ]

    def tvp(h, w, p):
        return OrderedDict(size=[int(v) for v in tvp_pil.get_resize_output_image_size(
            dummy(h, w), p["longest_edge"], input_data_format=ChannelDimension.FIRST)])

    run("tvp_longest_edge_size", {
        "function": "transformers.models.tvp.image_processing_pil_tvp.get_resize_output_image_size",
        "call": "get_resize_output_image_size(image of (h, w), longest_edge, channels first)",
        "wrapped": "none",
        "out": "size=[h, w]",
    }, tvp_sets, tvp)

    # ---------------- DeepSeek-OCR-2: the tile grid, the global view's resize and pad, the token count
    from transformers.models.deepseek_ocr2 import image_processing_pil_deepseek_ocr2 as dso2_pil  # noqa: PLC0415
    from transformers.models.deepseek_ocr2.processing_deepseek_ocr2 import DeepseekOcr2Processor  # noqa: PLC0415

    dso2_sets = [
        {"id": "deepseek_ocr2", "params": {"size": 1024, "tile_size": 768, "min_patches": 2, "max_patches": 6,
                                           "crop_to_patches": True},
         "source": "https://huggingface.co/hf-internal-testing/tiny-processor-deepseek_ocr2/blob/main/processor_config.json "
         "(= class defaults; DeepSeek-OCR-2's values)"},
        {"id": "synthetic_small", "params": {"size": 64, "tile_size": 48, "min_patches": 2, "max_patches": 6,
                                             "crop_to_patches": True},
         "source": "synthetic (the deepseek_ocr2_small_by_model_type pixel config)"},
        {"id": "synthetic_no_crop", "params": {"size": 1024, "tile_size": 40, "min_patches": 2, "max_patches": 6,
                                               "crop_to_patches": False},
         "source": "synthetic (the deepseek_ocr2_no_crop_by_model_type pixel config)"},
    ]
    dso2_procs = {}

    def deepseek_ocr2(h, w, p):
        proc = cached_recording(dso2_procs, dso2_pil.DeepseekOcr2ImageProcessorPil,
                                size={"height": p["size"], "width": p["size"]}, tile_size=p["tile_size"],
                                min_patches=p["min_patches"], max_patches=p["max_patches"],
                                crop_to_patches=p["crop_to_patches"])
        out = proc._preprocess([dummy(h, w)], size=proc.size, resample=proc.resample, do_rescale=False, rescale_factor=1.0,
                               do_normalize=False, image_mean=None, image_std=None, return_tensors=None,
                               crop_to_patches=p["crop_to_patches"], min_patches=p["min_patches"],
                               max_patches=p["max_patches"], tile_size=p["tile_size"])
        n = int(out["num_local_patches"][0])
        grid = None
        if p["crop_to_patches"] and max(h, w) > p["tile_size"]:
            columns, rows = dso2_pil.get_optimal_tiled_canvas((h, w), (p["tile_size"], p["tile_size"]), p["min_patches"],
                                                              p["max_patches"])
            grid = [_i(columns), _i(rows)]
        processor = stub(DeepseekOcr2Processor, image_processor=proc, patch_size=16, downsample_ratio=4, image_token="<image>")
        text = processor.replace_image_token({"num_local_patches": [n]}, 0)
        return OrderedDict(grid=grid, num_local_patches=n, global_resize=proc._geom_calls[-1][2:],
                           global_side=_i(out["pixel_values"][0].shape[-1]), num_image_tokens=text.count("<image>"))

    run("deepseek_ocr2_views", {
        "function": "transformers.models.deepseek_ocr2: get_optimal_tiled_canvas, DeepseekOcr2ImageProcessorPil._preprocess, "
        "DeepseekOcr2Processor.replace_image_token",
        "call": "_preprocess on a zero-stride (3, h, w) image without rescale/normalize, PilBackend.resize recorded; the grid "
        "from get_optimal_tiled_canvas where the image is tiled; replace_image_token on a processor stub (patch 16, "
        "downsample 4) with that image's num_local_patches",
        "wrapped": "PilBackend.resize recorded",
        "out": "grid=[columns, rows] or null; num_local_patches; global_resize=[h, w]; global_side (the padded square); "
        "num_image_tokens",
    }, dso2_sets, deepseek_ocr2)

    # ---------------- MiniCPM-V 4.6: the slice grid, the views' sizes, target_sizes and the token count
    from transformers.models.minicpmv4_6 import image_processing_pil_minicpmv4_6 as minicpm_pil  # noqa: PLC0415
    from transformers.models.minicpmv4_6.processing_minicpmv4_6 import MiniCPMV4_6Processor  # noqa: PLC0415

    minicpm_sets = [
        {"id": "minicpmv4_6", "params": {"scale_resolution": 448, "patch_size": 14, "max_slice_nums": 9,
                                         "downsample_mode": "16x", "slice_mode": True},
         "source": "https://huggingface.co/openbmb/MiniCPM-V-4.6-Thinking/blob/main/preprocessor_config.json (= class defaults)"},
        {"id": "synthetic_4x", "params": {"scale_resolution": 56, "patch_size": 4, "max_slice_nums": 9,
                                          "downsample_mode": "4x", "slice_mode": True},
         "source": "synthetic (the minicpmv4_7_small_by_model_type pixel config)"},
        {"id": "synthetic_no_slice", "params": {"scale_resolution": 64, "patch_size": 8, "max_slice_nums": 9,
                                                "downsample_mode": "16x", "slice_mode": False},
         "source": "synthetic (the minicpmv4_6_no_slice_uint8_by_model_type pixel config)"},
        {"id": "synthetic_4_slices", "params": {"scale_resolution": 448, "patch_size": 14, "max_slice_nums": 4,
                                                "downsample_mode": "16x", "slice_mode": True},
         "source": "synthetic: MiniCPM-V 4.6 with at most 4 slices"},
    ]
    minicpm_procs = {}

    def minicpm(h, w, p):
        proc = cached_recording(minicpm_procs, minicpm_pil.MiniCPMV4_6ImageProcessorPil, **p)
        out = proc._preprocess([dummy(h, w)], do_resize=True, resample=proc.resample, do_rescale=False, rescale_factor=1.0,
                               do_normalize=False, image_mean=None, image_std=None, return_tensors=None, **p)
        processor = stub(MiniCPMV4_6Processor, image_processor=proc, slice_mode=True, image_token="X",
                         image_start_token="", image_end_token="", slice_start_token="", slice_end_token="")
        text = processor.replace_image_token(out, 0, image_token_divisor=4 if p["downsample_mode"] == "4x" else 16)
        return OrderedDict(grid=[_i(v) for v in out["grids"][0]], resizes=proc._geom_calls,
                           target_sizes=[[_i(a), _i(b)] for a, b in out["target_sizes"]],
                           num_image_tokens=text.count("X"))

    run("minicpmv4_6_views", {
        "function": "transformers.models.minicpmv4_6: MiniCPMV4_6ImageProcessorPil._preprocess (get_sliced_grid, "
        "find_best_resize, get_refine_size, divide_to_patches), MiniCPMV4_6Processor.replace_image_token",
        "call": "_preprocess on a zero-stride (3, h, w) image without rescale/normalize, PilBackend.resize recorded; "
        "replace_image_token on a processor stub with that output (empty start/end tokens)",
        "wrapped": "PilBackend.resize recorded",
        "out": "grid=[rows, columns] ([0, 0] unsliced); resizes=[[h, w, to_h, to_w], ...] (the whole image's, then the "
        "refine image's); target_sizes; num_image_tokens",
    }, minicpm_sets, minicpm)

    # ---------------- Aria: its crops (anyres split or the whole image), each crop's resize, the token count
    from transformers.models.aria import image_processing_pil_aria as aria_pil  # noqa: PLC0415
    from transformers.models.aria.processing_aria import AriaProcessor  # noqa: PLC0415

    aria_sets = [
        {"id": "aria_980", "params": {"max_image_size": 980, "min_image_size": 336, "split_image": False},
         "source": "https://huggingface.co/hf-internal-testing/tiny-processor-aria/blob/main/preprocessor_config.json "
         "(= rhymes-ai/Aria's values)"},
        {"id": "aria_980_split", "params": {"max_image_size": 980, "min_image_size": 336, "split_image": True},
         "source": "rhymes-ai/Aria's values with split_image"},
        {"id": "synthetic_490_split", "params": {"max_image_size": 490, "min_image_size": 100, "split_image": True},
         "source": "synthetic (the aria_split_490_by_model_type pixel config)"},
    ]
    aria_procs = {}

    def aria(h, w, p):
        proc = cached_recording(aria_procs, aria_pil.AriaImageProcessorPil, **p)
        out = proc._preprocess([dummy(h, w)], do_rescale=False, rescale_factor=1.0, do_normalize=False, image_mean=None,
                               image_std=None, return_tensors=None, split_resolutions=proc.split_resolutions,
                               resample=proc.resample, **p)
        n = proc.get_number_of_image_patches(h, w, {})
        processor = stub(AriaProcessor, size_conversion={490: 128, 980: 256}, image_token="X")
        text = processor.replace_image_token({"pixel_values": out["pixel_values"], "num_crops": n}, 0)
        return OrderedDict(num_crops=_i(out["num_crops"]), number_of_patches=_i(n), resizes=proc._geom_calls,
                           mask_areas=[_i(m.sum()) for m in out["pixel_mask"]], num_image_tokens=text.count("X"))

    run("aria_crops", {
        "function": "transformers.models.aria: AriaImageProcessorPil._preprocess (get_image_patches, "
        "select_best_resolution, get_patch_output_size, divide_to_patches, the crop resize), "
        "get_number_of_image_patches, AriaProcessor.replace_image_token",
        "call": "_preprocess on a zero-stride (3, h, w) image without rescale/normalize, PilBackend.resize recorded; "
        "replace_image_token on a processor stub (size_conversion {490: 128, 980: 256}) with get_number_of_image_patches' "
        "count",
        "wrapped": "PilBackend.resize recorded",
        "out": "num_crops; number_of_patches; resizes=[[h, w, to_h, to_w], ...] (the fit into the split resolution, then "
        "each crop's); mask_areas (true pixels of each crop's pixel_mask); num_image_tokens",
    }, aria_sets, aria)

    # ---------------- Granite-Docling: the tile budget (spread rule), the grids, the patch and token counts
    from transformers.models.granite_docling import image_processing_pil_granite_docling as granite_pil  # noqa: PLC0415
    from transformers.models.granite_docling.processing_granite_docling import GraniteDoclingProcessor  # noqa: PLC0415

    granite_sets = [
        {"id": "granite_docling_defaults", "params": {"size": [512, 512]},
         "source": "GraniteDoclingImageProcessor class defaults (512 tiles, 1..32)"},
        {"id": "synthetic_dense", "params": {"size": [32, 32], "max_patches": 40, "dense_max_patches": 60,
                                             "dense_max_scale": 2.0, "dense_min_aspect": 1.2, "fine_route": True},
         "source": "synthetic (the granite_docling_small_dense_by_model_type pixel config)"},
        {"id": "synthetic_dense_aspect_band", "params": {"size": [512, 512], "min_patches": 2, "max_patches": 12,
                                                         "dense_max_patches": 48, "dense_min_aspect": 1.3,
                                                         "dense_max_aspect": 3.0},
         "source": "synthetic: the spread rule on aspect alone, between 1.3 and 3.0 (no scale test), at least 2 tiles"},
        {"id": "synthetic_no_crop", "params": {"size": [48, 64], "crop_to_patches": False},
         "source": "synthetic (the granite_docling_no_crop_by_model_type pixel config)"},
    ]
    granite_procs = {}

    def granite(h, w, p):
        key = json.dumps(p, sort_keys=True)
        if key not in granite_procs:
            init = {k: v for k, v in p.items() if k != "size"}
            granite_procs[key] = granite_pil.GraniteDoclingImageProcessorPil(
                size={"height": p["size"][0], "width": p["size"][1]}, **init)
        proc = granite_procs[key]
        rows, cols = proc.get_tile_grid(h, w, {})
        grid_kwargs = {k: getattr(proc, k) for k in ("crop_to_patches", "min_patches", "max_patches", "dense_max_patches",
                                                    "dense_max_scale", "dense_min_aspect", "dense_max_aspect")}
        budget = granite_pil.get_page_max_patches(h, w, size=proc.size, **grid_kwargs)
        crop_columns, crop_rows = granite_pil.get_optimal_tiled_canvas(
            (h, w), (proc.size.height, proc.size.width), min(proc.min_patches, budget), budget)
        processor = stub(GraniteDoclingProcessor, image_processor=proc, image_seq_len=64, image_token="X",
                         fake_image_token="", global_image_tag="")
        inputs = {"rows": [[rows]], "cols": [[cols]]}
        if proc.fine_route:
            inputs["tile_fine_mask"] = None
        text = processor.replace_image_token(inputs, 0)
        return OrderedDict(budget=_i(budget), grid=[_i(rows), _i(cols)], crop_grid=[_i(crop_rows), _i(crop_columns)],
                           num_patches=_i(proc.get_number_of_image_patches(h, w, {})), num_image_tokens=text.count("X"))

    run("granite_docling_tiles", {
        "function": "transformers.models.granite_docling.image_processing_pil_granite_docling: get_page_max_patches "
        "(get_tile_budget), GraniteDoclingImageProcessorPil.get_tile_grid, get_optimal_tiled_canvas (as "
        "crop_image_to_patches calls it), get_number_of_image_patches; GraniteDoclingProcessor.replace_image_token",
        "call": "the functions with the processor's values; replace_image_token on a processor stub (image_seq_len 64, "
        "empty fake and global tags) with that grid",
        "wrapped": False,
        "out": "budget; grid=[rows, cols] (the prompt's); crop_grid=[rows, cols] (the tiles cut); num_patches; "
        "num_image_tokens",
    }, granite_sets, granite)

    # ---------------- GLM-5-Next: its smart_resize, its patch count, and the content size its resize() picks
    from unittest import mock as _mock  # noqa: PLC0415

    # Imported under their own names: build_geometry's earlier helpers read the module's SizeDict.
    from transformers.image_utils import SizeDict as _SizeDict  # noqa: PLC0415
    from transformers.models.glm5_next import image_processing_pil_glm5_next as glm5_next_pil  # noqa: PLC0415

    glm5_next_sets = [
        {"id": "glm5_next_defaults", "params": {"patch": 14, "merge": 2, "temporal": 2, "min_tokens": 16,
                                                "max_tokens": 8000}, "source": "class defaults"},
        {"id": "synthetic_8", "params": {"patch": 8, "merge": 2, "temporal": 2, "min_tokens": 4, "max_tokens": 40},
         "source": "synthetic (the glm5_next_small_budget_by_model_type pixel config)"},
    ]
    glm5_next_procs = {}

    def glm5_next(h, w, p):
        key = tuple(sorted(p.items()))
        if key not in glm5_next_procs:
            glm5_next_procs[key] = glm5_next_pil.Glm5NextImageProcessorPil(
                patch_size=p["patch"], merge_size=p["merge"], temporal_patch_size=p["temporal"],
                min_image_tokens=p["min_tokens"], max_image_tokens=p["max_tokens"])
        proc = glm5_next_procs[key]
        factor = p["patch"] * p["merge"]
        canvas = glm5_next_pil.smart_resize(num_frames=p["temporal"], height=h, width=w, factor=factor,
                                            temporal_factor=p["temporal"], min_pixels=p["min_tokens"],
                                            max_pixels=p["max_tokens"])
        resized = []  # the size resize() hands to the PIL resize (none: the image keeps its size)

        def pil_resize(self, image, size, resample=None, **kwargs):
            resized.append([int(size.height), int(size.width)])
            return np.zeros((image.shape[0], size.height, size.width), dtype=image.dtype)

        image = np.broadcast_to(np.zeros((1, 1, 1), np.uint8), (1, h, w))  # the sizes without the memory
        with _mock.patch.object(PilBackend, "resize", pil_resize):
            padded = proc.resize(image, resample=proc.resample, factor=factor, temporal_factor=p["temporal"],
                                 min_image_tokens=p["min_tokens"], max_image_tokens=p["max_tokens"])
        return OrderedDict(size=[int(v) for v in canvas], content=resized[0] if resized else [h, w],
                           padded=[int(padded.shape[1]), int(padded.shape[2])],
                           patches=int(proc.get_number_of_image_patches(h, w)))

    run("glm5_next_sizes", {
        "function": "transformers.models.glm5_next.image_processing_pil_glm5_next: smart_resize, "
                    "Glm5NextImageProcessorPil.resize and get_number_of_image_patches",
        "call": "smart_resize(num_frames=temporal, h, w, factor=patch*merge, temporal_factor=temporal, min_pixels=min_tokens, "
                "max_pixels=max_tokens); resize() on a zero-stride (1, h, w) uint8 view with PilBackend.resize replaced "
                "by a recorder of its size; get_number_of_image_patches(h, w)",
        "wrapped": "PilBackend.resize (the pixel work) is replaced; the size arithmetic is transformers' own",
        "out": "size=[h, w] canvas; content=[h, w] resized to (the image's own when resize() does not resize); "
               "padded=[h, w] resize()'s result; patches=grid_h * grid_w",
    }, glm5_next_sets, glm5_next)

    # ---------------- Pix2Struct and Kosmos-2.5: the patch grid extract_flattened_patches computes inline
    import torch as _torch  # noqa: PLC0415
    from transformers.models.kosmos2_5 import image_processing_pil_kosmos2_5 as kosmos2_5_pil  # noqa: PLC0415
    from transformers.models.pix2struct import image_processing_pil_pix2struct as pix2struct_pil  # noqa: PLC0415

    def zero_interpolate(t, size, **kwargs):  # stands in for torch's resize: only the size reaches the grid
        return _torch.zeros((t.shape[0], t.shape[1], *size), dtype=_torch.float32)

    def flattened_grid(proc, h, w, p):
        image = np.broadcast_to(np.zeros((1, 1, 1), np.float32), (1, h, w))
        with _mock.patch("torch.nn.functional.interpolate", zero_interpolate):
            out = proc.extract_flattened_patches(image, max_patches=p["max_patches"],
                                                 patch_size=_SizeDict(height=p["ph"], width=p["pw"]))
        patches = out[0] if isinstance(out, tuple) else out
        rows, cols = int(patches[:, 0].max()), int(patches[:, 1].max())  # ids count from 1; padding rows are 0
        result = OrderedDict(grid=[rows, cols], shape=[int(v) for v in patches.shape])
        if isinstance(out, tuple):  # Kosmos-2.5 also returns (width, height, rows, columns)
            result["returned"] = [int(v) for v in out[1:]]
        return result

    pix2struct_sets = [
        {"id": "pix2struct_2048_16", "params": {"max_patches": 2048, "ph": 16, "pw": 16}, "source": "class defaults"},
        {"id": "synthetic_40_6x10", "params": {"max_patches": 40, "ph": 6, "pw": 10},
         "source": "synthetic (the pix2struct_small_by_model_type pixel config)"},
    ]
    pix2struct_proc = pix2struct_pil.Pix2StructImageProcessorPil()
    run("pix2struct_patch_grid", {
        "function": "transformers.models.pix2struct.image_processing_pil_pix2struct."
                    "Pix2StructImageProcessorPil.extract_flattened_patches",
        "call": "extract_flattened_patches(zero-stride (1, h, w) float32 view, max_patches, patch_size) with "
                "torch.nn.functional.interpolate replaced by zeros of the requested size",
        "wrapped": "torch's interpolate (the pixel work) is replaced; the grid arithmetic is transformers' own",
        "out": "grid=[rows, columns] (the largest row and column ids); shape=[max_patches, 2 + ph * pw]",
    }, pix2struct_sets, lambda h, w, p: flattened_grid(pix2struct_proc, h, w, p))

    kosmos2_5_sets = [
        {"id": "kosmos2_5_4096_16", "params": {"max_patches": 4096, "ph": 16, "pw": 16},
         "source": "https://huggingface.co/microsoft/kosmos-2.5-chat/blob/db6195b6ff952dcc7f4faaf832b21f9a34c37f77/"
                   "preprocessor_config.json (the class defaults)"},
        {"id": "synthetic_40_10x6", "params": {"max_patches": 40, "ph": 10, "pw": 6},
         "source": "synthetic (the kosmos2_5_small_by_model_type pixel config)"},
    ]
    kosmos2_5_proc = kosmos2_5_pil.Kosmos2_5ImageProcessorPil()
    run("kosmos2_5_patch_grid", {
        "function": "transformers.models.kosmos2_5.image_processing_pil_kosmos2_5."
                    "Kosmos2_5ImageProcessorPil.extract_flattened_patches",
        "call": "as pix2struct_patch_grid",
        "wrapped": "torch's interpolate (the pixel work) is replaced; the grid arithmetic is transformers' own",
        "out": "grid=[rows, columns]; shape; returned=[resized_width, resized_height, rows, columns]",
    }, kosmos2_5_sets, lambda h, w, p: flattened_grid(kosmos2_5_proc, h, w, p))

    geo = OrderedDict()
    geo["format"] = "pixelprep-vlm-geometry/1"
    geo["generator"] = "tools/make_vlm_goldens.py"
    geo["versions"] = versions()
    geo["notes"] = [
        "Every helper is evaluated on every (h, w) in `sizes` (height, width; 1..8000) for each of its parameter_sets; "
        "cases[i] = {p: parameter set id, h, w, out | error{type, message}}.",
        "All sizes are [height, width].",
        "Python semantics to reproduce: round() is half-to-even (smart_resize, _get_unpadded_features' round(x, 7)); int() "
        "truncates toward zero; math.floor/ceil on float64 quotients; '/' is float64 division.",
        "'wrapped' says when a helper is not a standalone function and how its method was run.",
    ]
    geo["sizes"] = sizes
    geo["helpers"] = helpers
    return geo


def versions() -> OrderedDict:
    import platform

    import PIL
    import torch
    import torchvision

    v = OrderedDict(python=platform.python_version(), transformers=transformers.__version__, pillow=PIL.__version__,
                    numpy=np.__version__, torch=torch.__version__, torchvision=torchvision.__version__)
    try:
        import torchcodec  # noqa: F401

        v["torchcodec"] = torchcodec.__version__
    except Exception:  # noqa: BLE001
        v["torchcodec"] = None
    return v


# ==============================================================================================================
# Pixel goldens: inputs
# ==============================================================================================================
def _load(fname):
    return load_image(str(IMAGE_DIR / fname))


def _upscaled(fname, k):
    a = np.asarray(_load(fname), dtype=np.uint8)
    return Image.fromarray(np.ascontiguousarray(np.repeat(np.repeat(a, k, axis=0), k, axis=1)), mode="RGB")


def build_inputs():
    def single(iid, fname, note):
        return {"id": iid, "files": [_rel(IMAGE_DIR / fname)], "kind": "path", "structure": "single",
                "description": note, "make": lambda: _load(fname)}

    inputs = [
        single("landscape_jpg", "landscape.jpg", "RGB JPEG 360x240 (W x H)."),
        single("portrait_jpg", "portrait.jpg", "RGB JPEG 240x360."),
        single("tiny_png", "tiny_7x5.png", "RGB PNG 7x5."),
        single("elongated_png", "elongated_40x600.png", "RGB PNG 600x40."),
        single("gray_png", "gray.png", "mode L PNG 320x240; load_image converts to RGB (R=G=B)."),
        single("rgba_png", "rgba.png", "RGBA PNG 300x200; load_image's convert('RGB') drops alpha (no compositing)."),
        {"id": "landscape_x3", "files": [_rel(IMAGE_DIR / "landscape.jpg")], "kind": "path_upscaled", "upscale": 3,
         "structure": "single",
         "description": "load_image(landscape.jpg) -> uint8 HWC array -> np.repeat(np.repeat(a, 3, axis=0), 3, axis=1) "
         "(nearest-neighbour integer upscale, 1080x720) -> PIL.Image.fromarray(mode RGB). Large enough for downscaling "
         "paths and Gemma3 pan-and-scan.",
         "make": lambda: _upscaled("landscape.jpg", 3)},
        {"id": "elongated_x8", "files": [_rel(IMAGE_DIR / "elongated_40x600.png")], "kind": "path_upscaled", "upscale": 8,
         "structure": "single",
         "description": "elongated_40x600.png upscaled x8 by np.repeat as landscape_x3 (4800x320, aspect 15).",
         "make": lambda: _upscaled("elongated_40x600.png", 8)},
        {"id": "batch3", "files": [_rel(IMAGE_DIR / f) for f in ("landscape.jpg", "tiny_7x5.png", "elongated_40x600.png")],
         "kind": "path", "structure": "flat_list",
         "description": "flat list [landscape.jpg, tiny_7x5.png, elongated_40x600.png] (each via load_image). Idefics3/"
         "SmolVLM/Mllama treat a flat list as ONE sample with 3 images (make_nested_list_of_images).",
         "make": lambda: [_load("landscape.jpg"), _load("tiny_7x5.png"), _load("elongated_40x600.png")]},
        {"id": "nested_2_1", "files": [_rel(IMAGE_DIR / f) for f in ("landscape.jpg", "tiny_7x5.png", "elongated_40x600.png")],
         "kind": "path", "structure": "nested", "nested": [[0, 1], [2]],
         "description": "nested per-sample list [[landscape.jpg, tiny_7x5.png], [elongated_40x600.png]] (nested[i] = indices "
         "into files).",
         "make": lambda: [[_load("landscape.jpg"), _load("tiny_7x5.png")], [_load("elongated_40x600.png")]]},
    ]
    return inputs


NESTED_MODELS = {"idefics3", "smolvlm", "mllama", "gemma3"}


# ==============================================================================================================
# Pixel goldens: models (call variants and token counting)
# ==============================================================================================================
GEMMA3_PROC = {"do_convert_rgb": True, "do_pan_and_scan": False, "pan_and_scan_min_crop_size": 256,
               "pan_and_scan_max_num_crops": 4, "pan_and_scan_min_ratio_to_activate": 1.2}


def variants(model: str, proc_params: dict) -> list[tuple[str, dict, str]]:
    """(variant id, call kwargs, description). 'processor' = the images_kwargs the model's Processor passes to the
    image processor in transformers 5.23.0 (they override the preprocessor_config.json values)."""
    v = [("plain", {}, "image processor called directly with its loaded config")]
    if model == "llava_next":
        v.append(("processor", {"do_pad": True}, "LlavaNextProcessor.images_kwargs = {do_pad: True}"))
    elif model in ("idefics3", "smolvlm"):
        v.append(("processor", {"return_row_col_info": True},
                  f"{'Idefics3' if model == 'idefics3' else 'SmolVLM'}Processor.images_kwargs = {{return_row_col_info: True}}"))
    elif model == "pixtral":
        ps = proc_params.get("patch_size", 16) * proc_params.get("spatial_merge_size", 1)
        v.append(("processor", {"patch_size": ps},
                  "PixtralProcessor._process_images sets images_kwargs['patch_size'] = patch_size * spatial_merge_size "
                  f"= {ps} (its images_kwargs return_tensors='pt' is replaced by 'np' here)"))
    elif model == "gemma3":
        v.append(("processor", dict(GEMMA3_PROC), "Gemma3Processor.images_kwargs defaults"))
        v.append(("processor_pan_and_scan", dict(GEMMA3_PROC, do_pan_and_scan=True),
                  "Gemma3Processor.images_kwargs with do_pan_and_scan=True (how users enable pan-and-scan)"))
        v.append(("plain_pan_and_scan", {"do_pan_and_scan": True},
                  "image processor alone with do_pan_and_scan=True (pan_and_scan_* params come from the config)"))
    elif model == "siglip2":
        v.append(("processor", {"max_num_patches": 256, "patch_size": 16}, "Siglip2Processor.images_kwargs"))
    return v


def _count(s: str, tok: str) -> int:
    return s.count(tok)


def token_counts(model: str, res, proc_params: dict, proc) -> dict:
    """Number of image placeholder tokens per image (flattened order), from the outputs, via the processor's own
    replace_image_token on a stub instance (no tokenizer)."""
    out = OrderedDict()
    try:
        if model == "llava_next":
            pp = proc_params
            s = stub(LlavaNextProcessor, image_processor=proc, patch_size=pp["patch_size"],
                     num_additional_image_tokens=pp["num_additional_image_tokens"],
                     vision_feature_select_strategy=pp["vision_feature_select_strategy"], image_token="<image>")
            n = len(res["image_sizes"])
            out["per_image"] = [_count(s.replace_image_token(res, i), "<image>") for i in range(n)]
            out["formula"] = ("LlavaNextProcessor.replace_image_token: _get_number_of_features(orig_h, orig_w, h, w) with (h, w) "
                              "= pixel_values[0][0].shape[-2:] (the crop size); best = select_best_resolution((orig_h, orig_w), "
                              "image_grid_pinpoints); scale_h, scale_w = best_h // h, best_w // w; ph, pw = h // patch_size, "
                              "w // patch_size; unpadded/newline from _get_unpadded_features(orig_h, orig_w, ph, pw, scale_h, "
                              "scale_w) [current = ph*scale_h x pw*scale_w; if orig_w/orig_h > current_w/current_h: new_h = "
                              "int(round(orig_h*current_w/orig_w, 7)), current_h -= 2*((current_h-new_h)//2) else the same on "
                              "width; unpadded = current_h*current_w, newline = current_h]; tokens = unpadded + newline + "
                              "ph*pw + num_additional_image_tokens, minus 1 when vision_feature_select_strategy == 'default'")
            out["processor_params"] = pp
        elif model == "qwen2_vl":
            s = stub(Qwen2VLProcessor, image_processor=proc, image_token="<|image_pad|>")
            n = len(res["image_grid_thw"])
            out["per_image"] = [_count(s.replace_image_token(res, i), "<|image_pad|>") for i in range(n)]
            out["formula"] = "prod(image_grid_thw[i]) // merge_size**2  (Qwen2VLProcessor / Qwen2_5_VLProcessor.replace_image_token)"
            out["processor_params"] = {"merge_size": proc.merge_size}
        elif model in ("idefics3", "smolvlm"):
            if "rows" not in res:
                out["per_image"] = None
                out["note"] = ("not computable: rows/cols are only returned with return_row_col_info=True (the processor "
                               "always passes it; see the 'processor' variant)")
            else:
                cls = Idefics3Processor if model == "idefics3" else SmolVLMProcessor
                s = stub(cls, image_seq_len=proc_params["image_seq_len"], fake_image_token="<fake_token_around_image>",
                         image_token="<image>", global_image_tag="<global-img>", global_image_token="<global-img>")
                n = sum(len(r) for r in res["rows"])
                strs = [s.replace_image_token(res, i) for i in range(n)]
                out["per_image"] = [_count(t, "<image>") for t in strs]
                out["fake_token_around_image_per_image"] = [_count(t, "<fake_token_around_image>") for t in strs]
                out["formula"] = ("image_seq_len * (rows*cols + 1) <image> tokens (replace_image_token: per tile "
                                  "<fake_token_around_image><row_r_col_c> + image_seq_len x <image>, '\\n' after each row, then "
                                  "'\\n<fake_token_around_image><global-img>' + image_seq_len x <image> + <fake_token_around_image>; "
                                  "unsplit: <fake_token_around_image><global-img> + image_seq_len x <image> + <fake_token_around_image>)")
                out["processor_params"] = {"image_seq_len": proc_params["image_seq_len"]}
                # what the processor's _get_num_multimodal_tokens would see (get_number_of_image_patches)
                flat_rc = [(r, c) for rl, cl in zip(res["rows"], res["cols"]) for r, c in zip(rl, cl)]
                out["rows_cols"] = [list(map(int, rc)) for rc in flat_rc]
        elif model == "pixtral":
            pp = proc_params
            s = stub(PixtralProcessor, patch_size=pp["patch_size"], spatial_merge_size=pp["spatial_merge_size"],
                     image_token="[IMG]", image_break_token="[IMG_BREAK]", image_end_token="[IMG_END]")
            n = len(res["image_sizes"])
            strs = [s.replace_image_token(res, i) for i in range(n)]
            out["per_image"] = [_count(t, "[IMG]") + _count(t, "[IMG_BREAK]") + _count(t, "[IMG_END]") for t in strs]
            out["img_tokens_per_image"] = [_count(t, "[IMG]") for t in strs]
            out["formula"] = ("rows*(cols+1) with rows = image_sizes[i][0] // (patch_size*spatial_merge_size), cols = "
                              "image_sizes[i][1] // (patch_size*spatial_merge_size): [IMG]*cols + [IMG_BREAK] per row, the last "
                              "[IMG_BREAK] replaced by [IMG_END] (PixtralProcessor.replace_image_token); image_sizes are the "
                              "unpadded per-image sizes. Only variant 'processor' is what PixtralProcessor produces; for "
                              "'plain' the processor's patch_size*spatial_merge_size is applied to outputs made with the "
                              "config's patch_size (an IndexError when an image is smaller than that, e.g. 14x14 vs 28)")
            out["processor_params"] = pp
        elif model == "gemma3":
            seq = 256
            s = stub(Gemma3Processor, image_seq_length=seq,
                     full_image_sequence="\n\n<start_of_image>" + "<image_soft_token>" * seq + "<end_of_image>\n\n")
            n = len(res["num_crops"])
            out["per_image"] = [_count(s.replace_image_token(res, i), "<image_soft_token>") for i in range(n)]
            out["formula"] = ("image_seq_length(256) * (1 + num_crops[i]) <image_soft_token> tokens (Gemma3Processor."
                              "replace_image_token; full_image_sequence = '\\n\\n' + boi + 256 x image_token + eoi + '\\n\\n' as "
                              "built in Gemma3Processor.__init__)")
            out["processor_params"] = {"image_seq_length": seq}
        elif model == "siglip2":
            m = np.asarray(res["pixel_attention_mask"])
            out["per_image"] = [int(x) for x in m.sum(axis=1)]
            out["formula"] = ("valid patches = sum(pixel_attention_mask[i]) = spatial_shapes[i][0]*spatial_shapes[i][1] "
                              "(Siglip2Processor adds no image placeholder tokens; the vision tower sees max_num_patches "
                              "positions with this mask)")
        elif model == "mllama":
            nt = res["num_tiles"]
            flat = [int(t) for row in nt for t in row]
            s = stub(MllamaProcessor, image_token="<|image|>")
            out["per_image"] = [_count(s.replace_image_token(res, i), "<|image|>") for i in range(len(flat))]
            out["num_tiles_per_image"] = flat
            out["formula"] = ("1 <|image|> text token per image (MllamaProcessor.replace_image_token returns the token itself); "
                              "the vision side is num_tiles[i] tiles (cross-attention mask covers :num_tiles)")
    except Exception as e:  # noqa: BLE001
        out["error"] = mg.err_record(e)
    return out


def extra_checks(model: str, res, proc, structure_sizes) -> dict:
    """Cross-checks between outputs and the processors' count helpers (vLLM / _get_num_multimodal_tokens paths)."""
    out = OrderedDict()
    try:
        if model == "qwen2_vl":
            pred = [int(proc.get_number_of_image_patches(h, w)) for h, w in structure_sizes]
            got = [int(np.prod(g)) for g in np.asarray(res["image_grid_thw"])]
            out["get_number_of_image_patches"] = pred
            out["matches_outputs"] = pred == got
        elif model in ("idefics3", "smolvlm") and "rows" in res:
            pred = [[int(v) for v in proc.get_number_of_image_patches(h, w)] for h, w in structure_sizes]
            got = [[int(r), int(c)] for rl, cl in zip(res["rows"], res["cols"]) for r, c in zip(rl, cl)]
            out["get_number_of_image_patches"] = pred
            out["matches_outputs"] = [p[1:] for p in pred] == got
    except Exception as e:  # noqa: BLE001
        out["error"] = mg.err_record(e)
    return out


# ==============================================================================================================
# Output recording
# ==============================================================================================================
def _store_key(o) -> str:
    # identical bytes with a different shape or dtype (e.g. int64 [4] vs [[4]]) must not share a .npy
    return f"{o['sha256']}:{o['dtype']}:{'x'.join(map(str, o['shape']))}"


def array_record(a: np.ndarray, arrays: dict) -> OrderedDict:
    h = mg.sha256_array(a)
    arrays.setdefault(f"{h}:{a.dtype}:{'x'.join(map(str, a.shape))}", a)
    return OrderedDict(shape=list(a.shape), dtype=str(a.dtype), sha256=h, nbytes=int(a.nbytes), npy=None)


def json_value(v, arrays):
    if isinstance(v, np.ndarray):
        if v.dtype == object:
            return [json_value(x, arrays) for x in v]
        if v.size <= 256 and (np.issubdtype(v.dtype, np.integer) or v.dtype == bool):
            return v.tolist()
        return {"array": array_record(np.asarray(v), arrays)}
    if isinstance(v, (list, tuple)):
        return [json_value(x, arrays) for x in v]
    if isinstance(v, np.generic):
        return v.item()
    return mg.jsonable(v)


def record_outputs(res, arrays):
    outs, jouts = OrderedDict(), OrderedDict()
    for key in res.keys():
        v = res[key]
        if isinstance(v, np.ndarray) and v.dtype != object:
            outs[key] = array_record(v, arrays)
        else:
            jouts[key] = OrderedDict(python_type=type(v).__name__, value=json_value(v, arrays))
    return outs, jouts


# ==============================================================================================================
# Main
# ==============================================================================================================
SMALL_BYTES = 256 * 1024


def store_tiers(configs_meta):
    synth = {n for n, m in configs_meta.items() if m.get("synthetic")}
    K = 1024
    return [
        ("pil, cases with <= 128 KiB of outputs", lambda c: c["backend"] == "pil" and c["_nbytes"] <= 128 * K),
        ("pil, synthetic small configs, variant plain, every input",
         lambda c: c["backend"] == "pil" and c["config"] in synth and c["variant"] == "plain"),
        ("pil, synthetic small configs, other variants, cases <= 512 KiB",
         lambda c: c["backend"] == "pil" and c["config"] in synth and c["_nbytes"] <= 512 * K),
        ("pil, published/default configs, landscape_jpg, variant plain, cases <= 2.5 MiB",
         lambda c: c["backend"] == "pil" and c["config"] not in synth and c["input"] == "landscape_jpg"
         and c["variant"] == "plain" and c["_nbytes"] <= 2.5 * K * K),
        ("torchvision, synthetic small configs, landscape_jpg, variant plain",
         lambda c: c["backend"] == "torchvision" and c["config"] in synth and c["input"] == "landscape_jpg"
         and c["variant"] == "plain"),
        ("pil, published/default configs, tiny_png / elongated_png, variant plain, cases <= 2.5 MiB",
         lambda c: c["backend"] == "pil" and c["config"] not in synth and c["input"] in ("tiny_png", "elongated_png")
         and c["variant"] == "plain" and c["_nbytes"] <= 2.5 * K * K),
        ("pil, remaining cases <= 2.5 MiB", lambda c: c["backend"] == "pil" and c["_nbytes"] <= 2.5 * K * K),
    ]


def image_hw_list(inp) -> list[tuple[int, int]]:
    x = inp["make"]()
    flat = []

    def walk(o):
        if isinstance(o, (list, tuple)):
            for e in o:
                walk(e)
        else:
            flat.append((o.height, o.width))

    walk(x)
    return flat


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(VLM_DIR))
    ap.add_argument("--budget-mb", type=float, default=17.0, help="size budget for stored .npy files (MiB)")
    ap.add_argument("--store-all", action="store_true")
    ap.add_argument("--only", nargs="*", help="only configs of these models (llava_next qwen2_vl idefics3 smolvlm pixtral "
                    "gemma3 siglip2 mllama)")
    ap.add_argument("--skip-geometry", action="store_true")
    ap.add_argument("--skip-pixels", action="store_true")
    ap.add_argument("--allow-version-mismatch", action="store_true")
    args = ap.parse_args()

    vers = versions()
    bad = {k: vers[k] for k, v in mg.PINNED.items() if vers[k] != v}
    if bad and not args.allow_version_mismatch:
        print(f"make_vlm_goldens: version mismatch {bad}, pinned {mg.PINNED}", file=sys.stderr)
        return 2
    out_dir = Path(args.out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)

    if not args.skip_geometry:
        import transformers.utils.logging as hf_logging

        level = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()  # the Pixtral processor-path call logs 'channel dimension is ambiguous' for h in (1, 3)
        try:
            geo = build_geometry()
        finally:
            hf_logging.set_verbosity(level)
        (out_dir / "geometry.json").write_text(json.dumps(geo, separators=(",", ":")) + "\n")
    if args.skip_pixels:
        return 0

    outputs_dir = out_dir / "outputs"
    if outputs_dir.exists():
        shutil.rmtree(outputs_dir)
    outputs_dir.mkdir(parents=True)

    config_paths = sorted(CONFIG_DIR.glob("*.json"))
    inputs = build_inputs()
    input_sizes = {inp["id"]: image_hw_list(inp) for inp in inputs}
    tmp_root = Path(tempfile.mkdtemp(prefix="pixelprep-vlm-goldens-"))
    mg.TMP_ROOT.append(str(tmp_root))
    configs_manifest = OrderedDict()
    cases = []
    arrays: dict[str, np.ndarray] = {}
    results_by_key = {}
    token_formulas: dict[str, str] = OrderedDict()

    try:
        for cpath in config_paths:
            name = cpath.stem
            raw, meta, cfg = mg.load_config(cpath)
            model = meta["_model"]
            if args.only and model not in args.only:
                continue
            proc_params = meta.get("_processor", {})
            repo = tmp_root / "repos" / name
            mg.write_repo_dir(repo, cfg, meta)
            centry = OrderedDict(file=_rel(cpath), model=model, source=meta.get("_source"),
                                 synthetic=bool(meta.get("_synthetic", False)))
            if "_notes" in meta:
                centry["notes"] = meta["_notes"]
            if proc_params:
                centry["processor_params"] = proc_params
                centry["processor_params_source"] = meta.get("_processor_source")
            centry["preprocessor_config"] = cfg
            centry["backends"] = OrderedDict()
            configs_manifest[name] = centry
            for backend in BACKENDS:
                bentry = OrderedDict()
                with mg.Capture() as cap:
                    try:
                        proc = mg.load_processor(repo, backend)
                    except Exception as e:  # noqa: BLE001
                        proc = None
                        bentry["load_error"] = mg.err_record(e)
                bentry["load_warnings"] = cap.messages()
                centry["backends"][backend] = bentry
                if proc is None:
                    cases.append(OrderedDict(config=name, config_file=_rel(cpath), model=model, input=None, backend=backend,
                                             processor_class=None, load_error=bentry["load_error"], _nbytes=0))
                    continue
                bentry["processor_class"] = type(proc).__name__
                bentry["processor_module"] = type(proc).__module__
                valid = set(type(proc).valid_kwargs.__annotations__)
                meta_keys = {"image_processor_type", "feature_extractor_type", "processor_class", "auto_map"}
                bentry["unknown_keys"] = [k for k in cfg if k not in valid and k not in meta_keys]
                bentry["to_dict"] = mg.jsonable(proc.to_dict())
                for inp in inputs:
                    if inp["structure"] == "nested" and model not in NESTED_MODELS:
                        continue
                    for vid, kwargs, vdesc in variants(model, proc_params):
                        if vid == "plain_pan_and_scan" and inp["id"] != "landscape_x3":
                            continue  # raises for every input when the config's pan_and_scan_* are None: one case is enough
                        case = OrderedDict(config=name, config_file=_rel(cpath), model=model, input=inp["id"],
                                           input_files=inp["files"], input_kind=inp["kind"],
                                           input_structure=inp["structure"])
                        if "nested" in inp:
                            case["nested"] = inp["nested"]
                        if "upscale" in inp:
                            case["upscale"] = inp["upscale"]
                        case["image_sizes_hw"] = [list(t) for t in input_sizes[inp["id"]]]
                        case["variant"] = vid
                        case["call_kwargs"] = dict(kwargs, return_tensors="np")
                        case["backend"] = backend
                        case["processor_class"] = type(proc).__name__
                        x = inp["make"]()
                        with mg.Capture() as cap:
                            try:
                                res = proc(x, return_tensors="np", **kwargs)
                            except Exception as e:  # noqa: BLE001
                                res = None
                                case["error"] = mg.err_record(e)
                        case["warnings"] = cap.messages()
                        nbytes = 0
                        if res is not None:
                            outs, jouts = record_outputs(res, arrays)
                            case["outputs"] = outs
                            if jouts:
                                case["json_outputs"] = jouts
                            nbytes = sum(o["nbytes"] for o in outs.values())
                            tc = token_counts(model, res, proc_params, proc)
                            formula = tc.pop("formula", None)
                            tc.pop("processor_params", None)
                            if formula:
                                token_formulas.setdefault(model, formula)
                            case["token_counts"] = tc
                            chk = extra_checks(model, res, proc, input_sizes[inp["id"]])
                            if chk:
                                case["count_helper_checks"] = chk
                            results_by_key[(name, inp["id"], vid, backend)] = {k: np.asarray(res[k]) for k in outs}
                        case["_nbytes"] = nbytes
                        cases.append(case)
            print(f"make_vlm_goldens: {name}: " + ", ".join(
                f"{b}={e.get('processor_class', 'LOAD ERROR')}" for b, e in centry["backends"].items()), flush=True)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)

    # ---------------- torchvision vs pil
    for c in cases:
        if c["backend"] != "torchvision" or "outputs" not in c:
            continue
        pil = results_by_key.get((c["config"], c["input"], c["variant"], "pil"))
        tv = results_by_key.get((c["config"], c["input"], c["variant"], "torchvision"))
        if pil is None:
            continue
        cmp = OrderedDict()
        for k, a in tv.items():
            b = pil.get(k)
            if b is None:
                cmp[k] = "missing in pil output"
            elif a.shape != b.shape:
                cmp[k] = OrderedDict(same_shape=False, pil_shape=list(b.shape))
            else:
                d = np.abs(a.astype(np.float64) - b.astype(np.float64))
                cmp[k] = OrderedDict(same_shape=True, bit_identical=bool(mg.sha256_array(a) == mg.sha256_array(b)),
                                     max_abs_diff=float(d.max()) if d.size else 0.0,
                                     mean_abs_diff=float(d.mean()) if d.size else 0.0,
                                     same_dtype=str(a.dtype) == str(b.dtype))
        c["vs_pil"] = cmp

    # ---------------- storage selection
    budget = float("inf") if args.store_all else args.budget_mb * 1024 * 1024
    tiers = store_tiers(configs_manifest)
    stored, stored_bytes = mg.store_selected_arrays(
        cases, arrays, tiers, budget, store_key=_store_key, whole_cases=True,
        dest=lambda c, key: outputs_dir / c["config"] / f"{c['input']}__{c['variant']}__{c['backend']}.{key}.npy")

    # ---------------- summary + manifest
    ok = [c for c in cases if "outputs" in c]
    per_model = OrderedDict()
    for c in cases:
        pm = per_model.setdefault(c["model"], OrderedDict(configs=set(), cases=0, ok=0, call_error=0, load_error=0))
        pm["configs"].add(c["config"])
        pm["cases"] += 1
        pm["ok"] += "outputs" in c
        pm["call_error"] += "error" in c
        pm["load_error"] += "load_error" in c
    for pm in per_model.values():
        pm["configs"] = len(pm["configs"])
    n_cmp = [c for c in cases if "vs_pil" in c]
    identical = sum(1 for c in n_cmp if all(isinstance(v, dict) and v.get("bit_identical") for v in c["vs_pil"].values()))
    manifest = OrderedDict()
    manifest["format"] = "pixelprep-vlm-goldens/1"
    manifest["generator"] = "tools/make_vlm_goldens.py"
    manifest["versions"] = vers
    manifest["notes"] = [
        "sha256 is over the array's raw C-order little-endian bytes (np.ascontiguousarray(a).tobytes()), as in tests/golden.",
        "outputs.<key>.npy names a stored .npy with exactly those bytes (possibly written for an earlier case: "
        "npy_is_own_file false) or is null when the size budget left it out: compare by sha256 then.",
        "json_outputs holds keys that are not numeric ndarrays after BatchFeature conversion (python lists: Mllama num_tiles, "
        "Idefics3/SmolVLM rows/cols); python_type is the type transformers returned.",
        "call_kwargs are passed to the image processor's __call__ (return_tensors='np' always). variant 'processor' = the "
        "images_kwargs the model's Processor class passes (they override preprocessor_config.json values).",
        "token_counts.per_image: image placeholder tokens per image in flattened input order, computed by the Processor's "
        "own replace_image_token on a stub instance (no tokenizer); formula says exactly what it counts.",
        "Config keys starting with '_' are metadata (_source, _notes, _model, _synthetic, _processor = processor-level "
        "parameters such as image_seq_len / patch_size, _processor_source) and are removed before loading.",
        "vs_pil (torchvision cases): per key shape/dtype equality, bit identity and abs differences against the pil case.",
        "image_sizes_hw: the (height, width) of each input image as transformers receives it (flattened order).",
    ]
    manifest["store_tiers"] = [t for t, _ in tiers]
    manifest["summary"] = OrderedDict(
        configs=len(configs_manifest), inputs=len(inputs), backends=list(BACKENDS), cases=len(cases), cases_ok=len(ok),
        cases_call_error=sum(1 for c in cases if "error" in c),
        cases_load_error=sum(1 for c in cases if "load_error" in c),
        outputs=sum(len(c["outputs"]) for c in ok),
        unique_output_arrays=len({o["sha256"] for c in ok for o in c["outputs"].values()}),
        outputs_with_npy=sum(1 for c in ok for o in c["outputs"].values() if o["npy"]),
        stored_npy_files=len(stored), stored_npy_bytes=stored_bytes,
        torchvision_bit_identical_to_pil=f"{identical}/{len(n_cmp)}", per_model=per_model,
    )
    manifest["token_count_formulas"] = OrderedDict(sorted(token_formulas.items()))
    manifest["call_variants"] = OrderedDict(
        (m, [{"variant": v, "call_kwargs": k, "description": d} for v, k, d in variants(m, {})])
        for m in ("llava_next", "qwen2_vl", "idefics3", "smolvlm", "pixtral", "gemma3", "siglip2", "mllama"))
    manifest["inputs"] = [{k: v for k, v in inp.items() if k != "make"} for inp in inputs]
    manifest["configs"] = configs_manifest
    manifest["cases"] = cases
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")

    print("\nmake_vlm_goldens summary")
    for k, v in manifest["summary"].items():
        print(f"  {k:34s} {v}")
    errs = {}
    for c in cases:
        if "error" in c:
            errs.setdefault((c["config"], c["variant"], c["backend"], c["error"]["type"]), []).append(c["input"])
        if "load_error" in c:
            errs.setdefault((c["config"], "-", c["backend"], "LOAD " + c["load_error"]["type"]), []).append("-")
    for k, v in sorted(errs.items()):
        print(f"    error {k}: {', '.join(v)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
