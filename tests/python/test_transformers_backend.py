"""transformers' AutoImageProcessor with backend="pixelprep" (pixelprep.transformers) against
backend="pil", live, on every golden config with a spread of its inputs (file, PIL modes, arrays,
edge sizes, batches and pairs; test_golden_parity.py checks every input's bytes against the
goldens): the same keys, shapes, dtypes and bytes, or an error from both. Needs transformers 5.23.0 (tools/setup_python_env.sh installs it; the
test is skipped, with its reason, where it is missing)."""
import warnings

import numpy as np
from PIL import Image
import pytest

transformers = pytest.importorskip("transformers", reason="transformers is not installed")
if transformers.__version__ != "5.23.0":
    pytest.skip(f"transformers {transformers.__version__} is not the pinned 5.23.0", allow_module_level=True)

import pixelprep.transformers as pixelprep_backend  # noqa: E402
from conftest import ROOT, model_dir_from_golden, skip_if_video_class_refuses_path_string  # noqa: E402
from golden_inputs import PATH_KINDS, class_info_stand_in  # noqa: E402
from test_golden_parity import PIL_CASES, HF_INPUTS, VLM_CASES, VLM_INPUTS, hf_input, vlm_input  # noqa: E402

from transformers import AutoImageProcessor  # noqa: E402


def run(model_dir, backend, image, kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with class_info_stand_in(model_dir):  # OneFormer's class_info_file, without the hub
                proc = AutoImageProcessor.from_pretrained(model_dir, backend=backend)
            out = proc(image, **kwargs)
            return type(proc).__name__, out if isinstance(out, np.ndarray) else dict(out)  # IDEFICS: the array
        except Exception as e:  # noqa: BLE001 - both backends must fail alike
            return None, e


def same(a, b):
    if type(a).__module__ == "torch" and type(b).__module__ == "torch":  # EoMT's patch_offsets
        return a.dtype == b.dtype and a.shape == b.shape and bool((a == b).all())
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
                and a.tobytes() == b.tobytes())
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def compare(model_dir, image_factory, kwargs, path_input=False):
    kwargs = dict(kwargs)
    kwargs.setdefault("return_tensors", "np")
    cls, ours = run(model_dir, "pixelprep", image_factory(), kwargs)
    _, theirs = run(model_dir, "pil", image_factory(), kwargs)
    if isinstance(theirs, Exception):
        if path_input and str(theirs).startswith("Invalid input type"):
            pytest.skip("transformers' video classes do not open a path; pixelprep does "
                        "(the decoded file is compared in the other cases)")
        assert isinstance(ours, Exception), f"transformers raised {theirs!r}; pixelprep did not"
        return
    assert not isinstance(ours, Exception), f"pixelprep raised {ours!r}"
    assert cls.endswith("Pixelprep"), f"backend='pixelprep' gave {cls}"
    if isinstance(theirs, np.ndarray):  # IDEFICS returns pixel_values itself
        assert isinstance(ours, np.ndarray), f"transformers returns an array; the backend gave {type(ours)}"
        assert same(ours, theirs)
        return
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        assert same(ours[key], theirs[key]), key


def test_registered_every_supported_class():
    classes = {cls._pixelprep_base_name for cls in pixelprep_backend.registered.values()}
    assert classes == set(pixelprep_backend.pixelprep.supported_classes())


BACKEND_INPUTS = {"landscape_jpg", "landscape_jpg_str", "gray_pil_L", "rgba_pil_RGBA", "landscape_f32_hwc", "gray_u8_hw1",
                  "one_pixel_png", "gray16_png", "batch_two_sizes", "pair_flat", "pairs_nested", "three_flat"}
BACKEND_CASES = [c for c in PIL_CASES if c["input"] in BACKEND_INPUTS and "pixelprep_refuses" not in c]


@pytest.mark.parametrize("case", BACKEND_CASES, ids=[f"{c['config']}/{c['input']}" for c in BACKEND_CASES])
def test_image_processors(case, tmp_path_factory):
    d = model_dir_from_golden(tmp_path_factory.getbasetemp() / "hf_models", case["config"], case["config_file"])
    inp = HF_INPUTS[case["input"]]
    skip_if_video_class_refuses_path_string(case, inp)
    compare(d, lambda: hf_input(inp), inp.get("call_kwargs", {}), path_input=inp.get("kind") in PATH_KINDS)


@pytest.mark.parametrize("case", VLM_CASES,
                         ids=[f"{c['config']}/{c['input']}/{c.get('variant', 'load')}" for c in VLM_CASES])
def test_vlm_image_processors(case, tmp_path_factory):
    d = model_dir_from_golden(tmp_path_factory.getbasetemp() / "vlm_models", case["config"], case["config_file"])
    inp = VLM_INPUTS[case["input"] or "landscape_jpg"]
    compare(d, lambda: vlm_input(inp), case.get("call_kwargs", {}))


def test_a_class_pixelprep_lacks_falls_back_with_transformers_warning(tmp_path):
    """ViTMatte is not covered yet: transformers' own resolution falls back to its PIL class
    and logs its warning; the outputs are transformers' own."""
    import logging
    (tmp_path / "preprocessor_config.json").write_text(
        '{"image_processor_type": "VitMatteImageProcessor", "size_divisor": 32}')
    (tmp_path / "config.json").write_text('{"model_type": "vitmatte"}')
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("transformers")
    logger.addHandler(handler)
    try:
        proc = AutoImageProcessor.from_pretrained(tmp_path, backend="pixelprep")
    finally:
        logger.removeHandler(handler)
    assert "VitMatteImageProcessor" not in {cls._pixelprep_base_name for cls in pixelprep_backend.registered.values()}
    assert type(proc).__name__ == "VitMatteImageProcessorPil"
    assert any("pixelprep backend is not available" in r.getMessage() for r in records), \
        [r.getMessage() for r in records]


@pytest.mark.parametrize("task_inputs", [None, ["semantic"], ["instance", "panoptic"], "ab"])
def test_oneformer_task_inputs_through_the_backend(task_inputs, tmp_path):
    """task_inputs, OneFormer's argument after images, by name and by position: pixelprep
    computes it (no fallback warning), and it equals transformers' PIL backend."""
    pytest.importorskip("torch", reason="transformers' OneFormer classes need torch (the PIL one too)")
    d = model_dir_from_golden(tmp_path, "oneformer_defaults", "tests/golden/configs/oneformer_defaults.json")
    image = np.asarray(Image.open(ROOT / "tests/data/images/landscape.jpg").convert("RGB"))
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*PIL backend")  # what a fallback to transformers warns
        ours = AutoImageProcessor.from_pretrained(d, backend="pixelprep")
        assert type(ours).__name__.endswith("Pixelprep")
        by_name = ours(image, task_inputs=task_inputs, return_tensors="np")
        by_position = ours(image, task_inputs, return_tensors="np")
    theirs = AutoImageProcessor.from_pretrained(d, backend="pil")(image, task_inputs=task_inputs, return_tensors="np")
    for out in (by_name, by_position):
        assert sorted(out) == sorted(theirs)
        for key in theirs:
            assert same(out[key], theirs[key]), key



def test_kosmos2_5_without_normalize_through_the_backend(tmp_path):
    """Kosmos-2.5 without do_normalize: uint8 pixels fail in transformers (torch's unfold has no
    uint8 kernel) and pixelprep refuses them; float pixels go through pixelprep with
    transformers' bytes."""
    pytest.importorskip("torch", reason="transformers' Kosmos-2.5 classes need torch (the PIL one too)")
    d = model_dir_from_golden(tmp_path, "kosmos2_5_small_by_model_type",
                              "tests/golden/configs/kosmos2_5_small_by_model_type.json")
    image = np.asarray(Image.open(ROOT / "tests/data/images/landscape.jpg").convert("RGB"))
    _, ours = run(d, "pixelprep", image, {"do_normalize": False})
    _, theirs = run(d, "pil", image, {"do_normalize": False})
    assert isinstance(ours, ValueError) and "unfold" in str(ours) and isinstance(theirs, Exception)
    floats = image.astype(np.float32) / 255
    cls, ours = run(d, "pixelprep", floats, {"do_normalize": False, "return_tensors": "np"})
    _, theirs = run(d, "pil", floats, {"do_normalize": False, "return_tensors": "np"})
    assert cls.endswith("Pixelprep") and sorted(ours) == sorted(theirs)
    for key in theirs:
        assert same(ours[key], theirs[key]), key
