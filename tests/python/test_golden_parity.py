"""The Python package against transformers' own outputs (tests/golden and tests/golden_vlm,
recorded with transformers 5.23.0 and Pillow 13.0.0 by tools/make_goldens.py and
tools/make_vlm_goldens.py): PIL-backend cases, through pixelprep.AutoImageProcessor,
with the same keys, shapes, dtypes and bytes (SHA-256), or a pixelprep.Error where
transformers failed. Inputs reach pixelprep the way a Python user hands them over: paths,
PIL images and numpy arrays.

Each config runs on 4 of its inputs, dealt out in turn so that every input (and so every way of
handing one over) meets about a fifth of the configs (golden_inputs.inputs_in_turn): the
package adds only its conversions to the library that hf-parity checks on every case, and the
full set (5607 cases) was half of this suite's time. PIXELPREP_PYTEST_ALL_GOLDENS=1 runs it all."""
import hashlib
import json
import os
import re
import warnings

import numpy as np
import pytest
from PIL import Image, ImageOps

import pixelprep
from conftest import ROOT, model_dir_from_golden, skip_if_video_class_refuses_path_string
from golden_inputs import PATH_KINDS, golden_array, inputs_in_turn

HF = json.loads((ROOT / "tests/golden/manifest.json").read_text())
VLM = json.loads((ROOT / "tests/golden_vlm/manifest.json").read_text())
# tests/parity/vlm_parity.py's list: the VLM goldens of models pixelprep implements.
VLM_IMPLEMENTED = {"qwen2_vl", "llava_next", "pixtral", "siglip2", "gemma3", "idefics3", "smolvlm", "mllama"}


def load_image(path):
    """transformers.image_utils.load_image: open, EXIF transpose, RGB."""
    return ImageOps.exif_transpose(Image.open(path)).convert("RGB")


def hf_input(inp):
    """The image of a tests/golden input, as tools/make_goldens.py handed it to transformers."""
    if inp["kind"] == "files":  # several files (the pair classes' inputs): as the VLM goldens'
        return vlm_input(inp)
    p = ROOT / inp["file"]
    if inp["kind"] in PATH_KINDS:
        return str(p)
    if inp["kind"] == "pil_raw":
        return Image.open(p)
    return golden_array(inp["kind"], p)


def vlm_input(inp):
    """A tests/golden_vlm input: decoded files (optionally upscaled by repeating pixels), as a
    single image, a flat list or per-sample lists."""
    images = [load_image(ROOT / f) for f in inp["files"]]
    k = inp.get("upscale", 1)
    if k > 1:
        images = [Image.fromarray(np.repeat(np.repeat(np.asarray(im), k, axis=0), k, axis=1)) for im in images]
    if inp["structure"] == "nested":
        return [[images[i] for i in sample] for sample in inp["nested"]]
    return images[0] if inp["structure"] == "single" else images


def sha256(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def check_outputs(out, outputs, json_outputs=None):
    extra = set(out) - set(outputs) - set(json_outputs or {})
    assert not extra, f"outputs transformers does not give: {sorted(extra)}"
    for key, value in (json_outputs or {}).items():
        assert out[key] == value["value"], key
    for key, g in outputs.items():
        assert key in out, f"missing output {key!r}"
        a = out[key]
        if isinstance(a, list):  # a Python list in transformers too (EoMT's patch_offsets): numpy's view of it
            a = np.asarray(a, dtype=None if a else np.float64)
        assert isinstance(a, np.ndarray), f"{key}: {type(a)}"
        assert (str(a.dtype), list(a.shape)) == (g["dtype"], g["shape"]), key
        if sha256(a) != g["sha256"]:
            d = "unknown (golden .npy not stored)"
            if g.get("npy"):
                d = float(np.abs(a.astype(np.float64) - np.load(ROOT / g["npy"]).astype(np.float64)).max())
            pytest.fail(f"{key}: bytes differ from transformers, max|d|={d}")


def run_case(model_dir, image, call_kwargs, expect_error):
    kwargs = {k: v for k, v in call_kwargs.items() if k != "return_tensors"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown config keys: the C++ tests check the warning
        if expect_error:
            with pytest.raises(pixelprep.Error):
                pixelprep.AutoImageProcessor.from_pretrained(model_dir, backend="cpu", allow_fallback=False)(
                    image, return_tensors="np", **kwargs)
            return None
        proc = pixelprep.AutoImageProcessor.from_pretrained(model_dir, backend="cpu", allow_fallback=False)
        return proc(image, return_tensors="np", **kwargs)


PIL_CASES = [c for c in HF["cases"] if c["backend"] == "pil"]  # every one (the transformers backend test's list)
HF_CASES = PIL_CASES if os.environ.get("PIXELPREP_PYTEST_ALL_GOLDENS") == "1" else inputs_in_turn(PIL_CASES, 4)
HF_INPUTS = {i["id"]: i for i in HF["inputs"]}


@pytest.mark.parametrize("case", HF_CASES, ids=[f"{c['config']}/{c['input']}" for c in HF_CASES])
def test_image_processor_goldens(case, tmp_path_factory):
    models = tmp_path_factory.getbasetemp() / "golden_models"
    d = model_dir_from_golden(models, case["config"], case["config_file"])
    inp = HF_INPUTS[case["input"]]
    skip_if_video_class_refuses_path_string(case, inp)
    if "pixelprep_refuses" in case:  # by design (a pixel limit, a Pillow path not implemented): its error is checked
        with pytest.raises(pixelprep.Error, match=re.escape(case["pixelprep_refuses"]["expect"])):
            run_case(d, hf_input(inp), inp.get("call_kwargs", {}), False)
        return
    out = run_case(d, hf_input(inp), inp.get("call_kwargs", {}), "error" in case or "load_error" in case)
    if out is not None:
        check_outputs(out, case["outputs"])


VLM_CASES = [c for c in VLM["cases"] if c["backend"] == "pil" and c["model"] in VLM_IMPLEMENTED]
VLM_INPUTS = {i["id"]: i for i in VLM["inputs"]}


@pytest.mark.parametrize("case", VLM_CASES,
                         ids=[f"{c['config']}/{c['input']}/{c.get('variant', 'load')}" for c in VLM_CASES])
def test_vlm_goldens(case, tmp_path_factory):
    models = tmp_path_factory.getbasetemp() / "golden_vlm_models"
    d = model_dir_from_golden(models, case["config"], case["config_file"])
    inp = VLM_INPUTS[case["input"] or "landscape_jpg"]
    out = run_case(d, vlm_input(inp), case.get("call_kwargs", {}), "error" in case or "load_error" in case)
    if out is not None:
        check_outputs(out, case["outputs"], case.get("json_outputs"))


def test_every_class_has_golden_cases():
    """Every class pixelprep registers is exercised above (a guard against a manifest change
    that silently drops a model, or a new class added without goldens)."""
    exercised = {(c.get("processor_class") or "").removesuffix("Pil").removesuffix("Fast")
                 for c in HF_CASES + VLM_CASES}
    missing = sorted(set(pixelprep.supported_classes()) - exercised)
    assert not missing, f"classes without golden cases: {missing}"
