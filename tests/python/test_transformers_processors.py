"""transformers' AutoProcessor (image + text) with pixelprep as its image part: the whole
processor output (input_ids with the image tokens the image part's geometry decides,
pixel_values and the rest) equal to the PIL backend's, for LLaVA-NeXT, Idefics3 and Qwen2-VL.

The bundled model folders hold only preprocessor configs, and nothing can be downloaded, so
each folder gets a small word-level tokenizer built here with the image tokens its processor
needs; the image processors and the processors' own logic are transformers'."""
import json
import shutil
import warnings

import numpy as np
import pytest
from PIL import Image

transformers = pytest.importorskip("transformers", reason="transformers is not installed")
if transformers.__version__ != "5.23.0":
    pytest.skip(f"transformers {transformers.__version__} is not the pinned 5.23.0", allow_module_level=True)
pytest.importorskip("tokenizers", reason="tokenizers is not installed")

import pixelprep.transformers  # noqa: E402,F401 - registers the backend
from conftest import ROOT  # noqa: E402
from tokenizers import Tokenizer, models, pre_tokenizers  # noqa: E402

from transformers import AutoImageProcessor, AutoProcessor, PreTrainedTokenizerFast  # noqa: E402

SPECIAL = ["<image>", "<fake_token_around_image>", "<global-img>", "<end_of_utterance>", "<|vision_start|>",
           "<|image_pad|>", "<|vision_end|>", "<|video_pad|>"] + [f"<row_{r}_col_{c}>" for r in range(1, 7)
                                                                   for c in range(1, 7)]
CASES = {  # bundled folder -> (model_type, processor_config.json, prompt)
    "llava-v1.6-adaptllm": ("llava_next", {"processor_class": "LlavaNextProcessor", "patch_size": 14,
                                           "vision_feature_select_strategy": "default", "image_token": "<image>"},
                            "<image> hello world"),
    "idefics3-8b-llama3": ("idefics3", {"processor_class": "Idefics3Processor", "image_seq_len": 169},
                           "<image> hello world"),
    "qwen2-vl-7b-instruct": ("qwen2_vl", {"processor_class": "Qwen2VLProcessor"},
                             "<|vision_start|><|image_pad|><|vision_end|> hello world"),
}


def model_dir(tmp_path, name):
    model_type, processor_config, _ = CASES[name]
    d = tmp_path / name
    d.mkdir()
    shutil.copy(ROOT / "examples/models" / name / "preprocessor_config.json", d)
    (d / "config.json").write_text(json.dumps({"model_type": model_type}))
    (d / "processor_config.json").write_text(json.dumps(processor_config))
    words = ["<unk>", "<pad>", "hello", "world"] + SPECIAL
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token="<unk>", pad_token="<pad>")
    fast.add_special_tokens({"additional_special_tokens": SPECIAL})
    fast.save_pretrained(d)
    return d


def photos():
    big = np.asarray(Image.open(ROOT / "tests/data/images/landscape.jpg").convert("RGB"))
    return [big, np.ascontiguousarray(big[100:397, 50:640])]


def assert_same(ours, theirs):
    assert sorted(ours) == sorted(theirs)
    for key in theirs:
        a, b = np.asarray(ours[key]), np.asarray(theirs[key])
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), key


def call(processor, name):
    prompt = CASES[name][2]
    return processor(text=[prompt, prompt], images=photos(), padding=True, return_tensors="np")


@pytest.mark.parametrize("name", ["llava-v1.6-adaptllm", "idefics3-8b-llama3"])
def test_auto_processor_with_backend_pixelprep(tmp_path, name):
    d = model_dir(tmp_path, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = AutoProcessor.from_pretrained(d, backend="pixelprep")
        theirs = AutoProcessor.from_pretrained(d, backend="pil")
    assert type(ours.image_processor).__name__.endswith("Pixelprep")
    assert type(theirs.image_processor).__name__.endswith("Pil")
    assert_same(call(ours, name), call(theirs, name))


def test_processor_with_a_video_part_takes_pixelprep_as_its_image_processor(tmp_path):
    """Qwen2-VL's processor also loads a video processor, and transformers hands `backend` to
    it too: AutoVideoProcessor has no "pixelprep" backend and raises rather than falling back.
    The image part is given instead (image_processor=...), which transformers' API allows."""
    pytest.importorskip("torchvision", reason="Qwen2-VL's video processor needs torchvision")
    name = "qwen2-vl-7b-instruct"
    d = model_dir(tmp_path, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ImportError, match="pixelprep backend is not available"):
            AutoProcessor.from_pretrained(d, backend="pixelprep")
        ours = AutoProcessor.from_pretrained(d, image_processor=AutoImageProcessor.from_pretrained(d, backend="pixelprep"))
        theirs = AutoProcessor.from_pretrained(d, image_processor=AutoImageProcessor.from_pretrained(d, backend="pil"))
    assert type(ours.image_processor).__name__ == "Qwen2VLImageProcessorPixelprep"
    assert_same(call(ours, name), call(theirs, name))
