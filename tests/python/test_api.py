"""The Python API around the compiled core: the image forms transformers accepts, batches,
outputs (dtypes, ownership, return_tensors), options, errors, threads."""
import io
import json
import sys
import threading

import numpy as np
import pytest
from PIL import Image

import pixelprep
from conftest import ROOT

CLIP = ROOT / "examples/models/clip-vit-base-patch16"
IDEFICS3 = ROOT / "examples/models/idefics3-8b-llama3"
PHOTO = ROOT / "tests/data/images/landscape.jpg"


@pytest.fixture(scope="module")
def clip():
    return pixelprep.AutoImageProcessor.from_pretrained(CLIP, backend="cpu")


@pytest.fixture(scope="module")
def photo():
    return np.asarray(Image.open(PHOTO).convert("RGB"))  # landscape.jpg has no EXIF rotation


def test_version_and_registry():
    assert pixelprep.__version__.count(".") == 2
    assert "CLIPImageProcessor" in pixelprep.supported_classes()
    assert pixelprep.available_backends()[0] == "cpu"


def test_processor_reports(clip):
    assert clip.class_name == "CLIPImageProcessor"
    assert clip.backend == "cpu" and clip.requested_backend == "cpu" and clip.fallback_reason == ""
    assert "crop_size" in clip.option_names
    assert clip.to_dict()["image_processor_type"] == "CLIPImageProcessor"
    assert clip.effective_options(crop_size={"height": 100, "width": 100})["crop_size"] == {"height": 100, "width": 100}


def test_every_image_form_gives_the_same_pixels(clip, photo):
    want = clip(str(PHOTO), return_tensors="np")["pixel_values"]
    forms = {
        "path": str(PHOTO),
        "pathlib": PHOTO,
        "bytes": PHOTO.read_bytes(),
        "PIL": Image.open(PHOTO),
        "numpy HWC": photo,
        "numpy CHW": np.ascontiguousarray(photo.transpose(2, 0, 1)),
        "numpy non-contiguous": photo[:, ::1, :][::1],
        "numpy 4-D stack of one": photo[None],
    }
    for name, image in forms.items():
        got = clip(image, return_tensors="np")["pixel_values"]
        assert got.shape == (1, 3, 224, 224), name
        assert np.array_equal(got, want), name


def test_torch_inputs_and_outputs(clip, photo):
    torch = pytest.importorskip("torch", reason="torch is not installed in this environment")
    want = clip(photo, return_tensors="np")["pixel_values"]
    out = clip(torch.from_numpy(photo.copy()), return_tensors="pt")
    assert isinstance(out["pixel_values"], torch.Tensor) and out["pixel_values"].dtype == torch.float32
    assert np.array_equal(out["pixel_values"].numpy(), want)


def test_batches_lists_and_stacks(clip, photo):
    small = np.ascontiguousarray(photo[::2, ::3])
    per_image = clip([photo, small])["pixel_values"]  # no return_tensors: a list, as transformers gives
    assert isinstance(per_image, list) and [a.shape for a in per_image] == [(3, 224, 224)] * 2
    stacked = clip([photo, small], return_tensors="np")["pixel_values"]
    assert stacked.shape == (2, 3, 224, 224)
    assert np.array_equal(stacked[0], per_image[0]) and np.array_equal(stacked[1], per_image[1])
    four_d = clip(np.stack([photo, photo]), return_tensors="np")["pixel_values"]
    assert four_d.shape == (2, 3, 224, 224) and np.array_equal(four_d[1], stacked[0])


def test_nested_batches():
    with pytest.warns(UserWarning, match="ignores unknown config keys: vision_encoder_max_size"):
        proc = pixelprep.AutoImageProcessor.from_pretrained(IDEFICS3, backend="cpu")
    img = np.asarray(Image.open(PHOTO).convert("RGB"))
    out = proc([[img], [img, img]], return_tensors="np")
    assert out["pixel_values"].shape[0] == 2 and out["pixel_attention_mask"].shape[0] == 2
    one = proc([[img]], return_tensors="np")["pixel_values"]
    n = one.shape[1]
    assert np.array_equal(out["pixel_values"][0, :n], one[0])


def test_outputs_own_their_memory(photo):
    proc = pixelprep.AutoImageProcessor.from_pretrained(CLIP)
    a = proc(photo, return_tensors="np")["pixel_values"]
    b = proc(photo, return_tensors="np")["pixel_values"]
    assert a.__array_interface__["data"][0] != b.__array_interface__["data"][0]
    del proc  # the arrays outlive the processor
    assert np.array_equal(a, b)
    a[...] = 0.0  # writable, and not shared with b
    assert b.any()


def test_bad_inputs_name_the_input(clip, photo):
    cases = [
        ([photo, np.zeros((8, 8, 3), np.float64)], pixelprep.ImageError, "input 1: dtype float64"),
        ([photo, "/no/such/file.jpg"], pixelprep.FileReadError, "input 1: /no/such/file.jpg"),
        ([photo, b"not an image"], pixelprep.DecodeError, "input 1: <bytes input 1>"),
        ([photo, photo, np.zeros((5, 5, 7), np.uint8)], pixelprep.ImageError, "input 2: Unable to infer channel"),
        ([photo, 3.5], pixelprep.ImageError, "input 1: a builtins.float is not an image"),
        (["https://example.com/a.jpg"], pixelprep.ImageError, "input 0: 'https://example.com/a.jpg' is a URL"),
        ([photo, [photo]], pixelprep.ImageError, "mixes images and lists"),
        (np.zeros((0, 4, 3), np.uint8), pixelprep.ImageError, "input 0: InputImage: invalid shape (0, 4, 3)"),
    ]
    for images, error, text in cases:
        with pytest.raises(error) as info:
            clip(images)
        assert text in str(info.value), str(info.value)
    data = PHOTO.read_bytes()
    with pytest.raises(pixelprep.DecodeError, match="truncated|corrupt|Premature|premature"):
        clip(data[: len(data) // 3])


def test_bad_options_are_errors(clip, photo):
    with pytest.raises(pixelprep.InvalidArgument, match="unknown option 'bogus'"):
        clip(photo, bogus=1)
    with pytest.raises(pixelprep.InvalidArgument, match="return_tensors='tf'"):
        clip(photo, return_tensors="tf")
    with pytest.raises(pixelprep.Error, match="crop_size"):
        clip(photo, crop_size={"height": -3, "width": 5})
    with pytest.raises(pixelprep.InvalidArgument, match="unknown option 'bogus'"):
        pixelprep.AutoImageProcessor.from_pretrained(CLIP, bogus=2)
    with pytest.raises(pixelprep.ConfigError, match="/no/such/model"):
        pixelprep.AutoImageProcessor.from_pretrained("/no/such/model")
    with pytest.raises(pixelprep.InvalidArgument, match="unknown backend 'no-such-backend'"):
        pixelprep.AutoImageProcessor.from_pretrained(CLIP, backend="no-such-backend")
    try:  # without a GPU (or a CUDA build), cuda is unavailable: an error, or a fallback with its reason
        assert pixelprep.AutoImageProcessor.from_pretrained(CLIP, backend="cuda", allow_fallback=False).backend == "cuda"
    except pixelprep.BackendUnavailable as e:
        assert "cuda" in str(e)
        with pytest.warns(UserWarning, match="cuda"):
            fallback = pixelprep.AutoImageProcessor.from_pretrained(CLIP, backend="cuda")
        assert fallback.backend == "cpu" and fallback.requested_backend == "cuda" and fallback.fallback_reason


def test_numpy_option_values(clip, photo):
    a = clip(photo, image_mean=np.array([0.5, 0.5, 0.5]), return_tensors="np")["pixel_values"]
    b = clip(photo, image_mean=[0.5, 0.5, 0.5], return_tensors="np")["pixel_values"]
    assert np.array_equal(a, b)


def test_save_pretrained_round_trip(clip, tmp_path):
    path = clip.save_pretrained(tmp_path)
    again = pixelprep.AutoImageProcessor.from_pretrained(tmp_path)
    assert path.endswith("preprocessor_config.json") and again.to_dict() == clip.to_dict()


def test_token_counts():
    qwen = pixelprep.AutoImageProcessor.from_pretrained(ROOT / "examples/models/qwen2-vl-7b-instruct")
    assert qwen.image_token_count(224, 224) == 64  # (224 / 14)^2 patches, merged 2x2
    assert pixelprep.AutoImageProcessor.from_pretrained(CLIP).image_token_count(224, 224) is None


def test_threads_share_one_processor(clip, photo):
    """One processor, eight Python threads: every result equals the single-threaded one."""
    images = [np.ascontiguousarray(np.roll(photo, 17 * i, axis=1)) for i in range(8)]
    want = [clip(im, return_tensors="np")["pixel_values"] for im in images]
    got = [None] * len(images)
    errors = []

    def work(i):
        try:
            for _ in range(5):
                got[i] = clip(images[i], return_tensors="np")["pixel_values"]
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(images))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(np.array_equal(g, w) for g, w in zip(got, want))


@pytest.mark.exclusive  # changes the interpreter's switch interval: meson test 'python-threads', run alone
def test_gil_is_released_while_pixels_are_processed(clip):
    """Other Python threads run while a call processes pixels, and threads get the same bits as
    serial calls. Not timed: with the switch interval set to 1000 s the interpreter never takes
    the GIL from a thread, so the main thread can run while the worker is still busy only if
    the call itself gives the GIL up. The main thread blocks until the worker has started (its
    wait releases the GIL), then looks, as soon as it holds the GIL again, whether the worker
    has finished all its calls: with the GIL held through each call it could not have got
    the GIL before that."""
    rng = np.random.default_rng(3)
    images = [rng.integers(0, 256, (1080, 1920, 3), dtype=np.uint8) for _ in range(4)]
    serial_results = [clip(im, return_tensors="np")["pixel_values"] for im in images]
    started, finished, results = threading.Event(), [], []

    def worker():
        started.set()
        for _ in range(10):
            results.extend(clip(im, return_tensors="np")["pixel_values"] for im in images)
        finished.append(True)

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        started.wait()
        worker_done_when_main_ran = bool(finished)
        thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert all(np.array_equal(r, serial_results[i % 4]) for i, r in enumerate(results)) and len(results) == 40
    assert not worker_done_when_main_ran, "the main thread got the GIL only after the worker's 40 calls"


def test_pil_modes(clip, photo):
    rgba = Image.fromarray(photo).convert("RGBA")
    palette = Image.fromarray(photo).convert("P")
    # transformers' convert_rgb opens with image.convert("RGBA"): the same pixels either way
    assert np.array_equal(clip(palette, return_tensors="np")["pixel_values"],
                          clip(palette.convert("RGBA"), return_tensors="np")["pixel_values"])
    assert clip(rgba, return_tensors="np")["pixel_values"].shape == (1, 3, 224, 224)
    with pytest.raises(pixelprep.ImageError, match="input 0: PIL mode 'P' is read only with do_convert_rgb=True"):
        clip(palette, do_convert_rgb=False)
    buf = io.BytesIO()
    Image.fromarray(photo).save(buf, format="PNG")
    assert np.array_equal(clip(buf.getvalue(), return_tensors="np")["pixel_values"],
                          clip(photo, return_tensors="np")["pixel_values"])


def test_cpu_threads_give_the_same_bits(clip, photo):
    want = clip([photo, photo[::2]], return_tensors="np")["pixel_values"]
    previous = pixelprep.set_num_threads(2)
    try:
        assert pixelprep.get_num_threads() == 2
        assert np.array_equal(clip([photo, photo[::2]], return_tensors="np")["pixel_values"], want)
    finally:
        pixelprep.set_num_threads(previous)


ONEFORMER = ROOT / "examples/models/oneformer-ade20k-swin-tiny"


def test_oneformer_task_inputs_are_a_list_of_strings(photo):
    """OneFormer's task_inputs: "the task is X" per element of the call's task_inputs, a Python
    list of str under every return_tensors; a bare string counts per character (code point), as
    transformers' f-string over it does; anything else is refused, naming the key."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(ONEFORMER, backend="cpu")
    out = proc([photo, photo[:100]], return_tensors="np")
    assert out["task_inputs"] == ["the task is panoptic"]  # one entry, not one per image
    assert out["pixel_values"].shape[0] == 2 and out["pixel_mask"].dtype == np.int64
    assert proc(photo, task_inputs=["semantic", "instance"])["task_inputs"] == \
        ["the task is semantic", "the task is instance"]
    assert proc(photo, task_inputs="sé")["task_inputs"] == ["the task is s", "the task is é"]
    assert proc(photo, task_inputs=[])["task_inputs"] == []
    with pytest.raises(pixelprep.ConfigError, match="task_inputs"):
        proc(photo, task_inputs=[1])


def test_oneformer_task_inputs_stay_strings_under_pt(photo):
    pt = pytest.importorskip("torch")
    proc = pixelprep.AutoImageProcessor.from_pretrained(ONEFORMER, backend="cpu")
    out = proc(photo, task_inputs=["semantic"], return_tensors="pt")
    assert out["task_inputs"] == ["the task is semantic"] and isinstance(out["pixel_values"], pt.Tensor)


PIX2STRUCT = ROOT / "examples/models/pix2struct-base-football"


def test_pix2struct_patches_ids_and_mask(photo):
    """Pix2Struct: max_patches rows of (row id, column id, 16*16*3 values), the grid's patches
    first in raster order, then zero rows that the attention_mask marks 0."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(PIX2STRUCT, backend="cpu")
    out = proc(photo, max_patches=64, return_tensors="np")
    patches, mask = out["flattened_patches"], out["attention_mask"]
    assert patches.shape == (1, 64, 2 + 16 * 16 * 3) and patches.dtype == np.float32
    assert mask.shape == (1, 64) and mask.dtype == np.float32
    used = int(mask[0].sum())
    assert 1 <= used <= 64 and np.all(mask[0, :used] == 1) and np.all(patches[0, used:] == 0)
    rows, cols = int(patches[0, used - 1, 0]), int(patches[0, used - 1, 1])
    assert rows * cols == used
    assert np.array_equal(patches[0, :used, 0], np.repeat(np.arange(1, rows + 1), cols).astype(np.float32))
    assert np.array_equal(patches[0, :used, 1], np.tile(np.arange(1, cols + 1), rows).astype(np.float32))


def test_pix2struct_vqa_is_refused_with_its_reason(photo):
    """is_vqa draws header_text with a font transformers downloads from the hub: not in pixelprep.
    Without header_text the error is transformers' own; with it, the reason names the step."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(PIX2STRUCT, backend="cpu")
    with pytest.raises(ValueError, match="A header text must be provided for VQA models"):
        proc(photo, is_vqa=True)
    with pytest.raises(ValueError, match="font"):
        proc(photo, is_vqa=True, header_text="What is shown?")
    with pytest.raises(ValueError, match="max_patches"):
        proc(photo, max_patches=0)


KOSMOS2_5 = ROOT / "examples/models/kosmos-2.5-chat"


def test_kosmos2_5_sizes_match_its_patch_grid(photo):
    """Kosmos-2.5: Pix2Struct's patches, and per image the resized width and height and the grid's
    rows and columns, which the row/column ids of the patches agree with."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(KOSMOS2_5, backend="cpu")
    out = proc([photo, np.ascontiguousarray(photo[:40, :300])], max_patches=50, patch_size={"height": 8, "width": 12}, return_tensors="np")
    patches, mask = out["flattened_patches"], out["attention_mask"]
    assert patches.shape == (2, 50, 2 + 8 * 12 * 3) and mask.shape == (2, 50)
    for i in range(2):
        rows, cols = int(out["rows"][i]), int(out["cols"][i])
        assert (int(out["height"][i]), int(out["width"][i])) == (rows * 8, cols * 12)
        used = rows * cols
        assert 1 <= used <= 50 and np.all(mask[i, :used] == 1) and np.all(patches[i, used:] == 0)
        assert (patches[i, used - 1, 0], patches[i, used - 1, 1]) == (rows, cols)
    assert out["rows"].dtype == np.int64 and int(out["cols"][1]) > int(out["rows"][1])  # the wide crop


def test_kosmos2_5_refuses_unnormalized_uint8_with_its_reason(photo):
    """Without do_normalize, transformers hands uint8 pixels to torch's unfold, which has no uint8
    kernel (transformers fails): refused with that reason, naming the image; float pixels run."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(KOSMOS2_5, backend="cpu")
    with pytest.raises(ValueError, match="image 0: do_normalize=false .*uint8"):
        proc(photo, do_normalize=False, max_patches=16)
    out = proc(photo.astype(np.float32) / 255, do_normalize=False, max_patches=16, return_tensors="np")
    assert out["flattened_patches"].shape == (1, 16, 2 + 16 * 16 * 3)


GLM5_NEXT = ROOT / "examples/models/glm5-next-defaults"


def test_glm5_next_canvas_fits_the_token_budget(photo):
    """GLM-5-Next: a 640x480 photo with at most 40 tokens of 2*16*16 pixels gets a canvas of whole
    merge blocks within that budget; the patch rows are its grid, each 3 channels x 2 frames x 8 x 8."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(GLM5_NEXT, backend="cpu")
    out = proc(photo, patch_size=8, merge_size=2, min_image_tokens=4, max_image_tokens=40, return_tensors="np")
    grid = out["image_grid_thw"]
    assert grid.shape == (1, 3) and grid.dtype == np.int64 and grid[0, 0] == 1
    gh, gw = int(grid[0, 1]), int(grid[0, 2])
    assert gh % 2 == 0 and gw % 2 == 0 and 4 <= gh * gw // 4 <= 40
    assert out["pixel_values"].shape == (gh * gw, 3 * 2 * 8 * 8) and out["pixel_values"].dtype == np.float32
    with pytest.raises(ValueError, match="is too small"):  # transformers' own message
        proc(photo, max_image_tokens=-1)


IMAGEGPT = ROOT / "examples/models/imagegpt-palette16"


def test_imagegpt_input_ids_are_nearest_clusters(photo, tmp_path):
    """ImageGPT: one cluster id per pixel of the 16x16 resize, each a nearest palette colour to the
    normalized pixel (up to float64 rounding here; the goldens hold numpy's exact choice). Without
    clusters, transformers' own error."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(IMAGEGPT, backend="cpu")
    ids = proc(photo, return_tensors="np")["input_ids"]
    assert ids.shape == (1, 256) and ids.dtype == np.int64
    pixels = proc(photo, do_color_quantize=False, return_tensors="np")["pixel_values"][0]  # (3, 16, 16)
    palette = np.array(json.loads((IMAGEGPT / "preprocessor_config.json").read_text())["clusters"])
    d = ((pixels.reshape(3, -1).T.astype(np.float64)[:, None, :] - palette[None]) ** 2).sum(-1)
    assert np.all(d[np.arange(256), ids[0]] <= d.min(1) + 1e-12) and len(set(ids[0].tolist())) > 1
    (tmp_path / "preprocessor_config.json").write_text('{"image_processor_type": "ImageGPTImageProcessor"}')
    with pytest.raises(ValueError, match="Clusters must be provided for color quantization"):
        pixelprep.AutoImageProcessor.from_pretrained(tmp_path, backend="cpu")(photo)


OWLV2 = ROOT / "examples/models/owlv2-base-patch16-ensemble"


def test_owlv2_refuses_heights_transformers_reads_as_channels(photo):
    """transformers' OWLv2 resize guesses the channel axis of its (height, width, C) result: a
    height of 1 or 3 reads as channels and comes back transposed. pixelprep refuses those sizes
    with the reason; other small sizes work, the pad to a square included."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(OWLV2, backend="cpu")
    for height in (1, 3):
        with pytest.raises(ValueError, match="a height of 1 or 3 is not supported"):
            proc(photo, size={"height": height, "width": 8})
    out = proc(photo[:50, :70], size={"height": 4, "width": 6}, return_tensors="np")["pixel_values"]
    assert out.shape == (1, 3, 4, 6) and out.dtype == np.float32


def test_pix2struct_absurd_max_patches_is_refused(photo):
    proc = pixelprep.AutoImageProcessor.from_pretrained(PIX2STRUCT, backend="cpu")
    with pytest.raises(pixelprep.Error, match="max_patches 1000000000 .* above the limit"):
        proc(photo, max_patches=10**9)


VIDEO_LLAVA = ROOT / "examples/models/video-llava-7b-hf"


def test_video_llava_legacy_output_key_is_a_call_argument(photo, tmp_path):
    """Video-LLaVA's preprocess() returns `pixel_values_images` unless the *call* passes
    return_legacy_image_output=False; a config's value is saved again but never read."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(VIDEO_LLAVA, backend="cpu")
    legacy = proc(photo, return_tensors="np")
    assert list(legacy.keys()) == ["pixel_values_images"] and legacy["pixel_values_images"].shape == (1, 3, 224, 224)
    plain = proc(photo, return_legacy_image_output=False, return_tensors="np")
    assert list(plain.keys()) == ["pixel_values"]
    assert np.array_equal(plain["pixel_values"], legacy["pixel_values_images"])
    cfg = json.loads((VIDEO_LLAVA / "preprocessor_config.json").read_text())
    cfg["return_legacy_image_output"] = False
    (tmp_path / "preprocessor_config.json").write_text(json.dumps(cfg))
    from_config = pixelprep.AutoImageProcessor.from_pretrained(tmp_path, backend="cpu")
    assert list(from_config(photo).keys()) == ["pixel_values_images"]
    assert from_config.to_dict()["return_legacy_image_output"] is False


def test_video_llava_refuses_an_image_its_legacy_layout_inference_transposes(photo):
    """A legacy class infers the channel axis of a PIL image's array over (1, 3): a 3-pixel-high
    image is read channels-first and processed transposed in transformers; pixelprep refuses it."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(VIDEO_LLAVA, backend="cpu")
    strip = Image.fromarray(np.ascontiguousarray(photo[:3, :50]))
    with pytest.raises(ValueError, match="legacy image processor .*height 3"):
        proc(strip)


EMU3 = ROOT / "examples/models/emu3-chat-hf"


def test_emu3_pads_the_batch_and_reports_each_size(photo):
    """Emu3: each image gets Qwen2-VL's smart_resize (factor 8, 512*512..1024*1024 pixels), the batch
    is zero-padded to its largest size after normalization, and image_sizes are the sizes before."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(EMU3, backend="cpu")
    tall = np.ascontiguousarray(photo[:, :200])
    out = proc([photo, tall], return_tensors="np")
    sizes = out["image_sizes"]
    assert sizes.dtype == np.int64 and sizes.shape == (2, 2) and np.all(sizes % 8 == 0)
    for h, w in sizes:
        assert 512 * 512 <= h * w <= 1024 * 1024
    pv = out["pixel_values"]
    assert pv.shape == (2, 3, sizes[:, 0].max(), sizes[:, 1].max())
    h1, w1 = sizes[1]
    assert np.all(pv[1, :, h1:, :] == 0) and np.all(pv[1, :, :, w1:] == 0)
    assert proc.to_dict()["size"] == {"max_pixels": 1024 * 1024, "min_pixels": 512 * 512}


TVP = ROOT / "examples/models/tvp-base"


def test_tvp_frames_are_padded_and_flipped(photo):
    """TVP (model_type tvp from config.json): a video of two frames, each resized to a longest edge
    of 448, normalized from 0..255, zero-padded to 448x448 and flipped RGB -> BGR."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(TVP, backend="cpu")
    assert proc.class_name == "TvpImageProcessor"
    out = proc([photo, photo], return_tensors="np")
    pv = out["pixel_values"]
    assert pv.shape == (1, 2, 3, 448, 448) and pv.dtype == np.float32
    h = 448 * photo.shape[0] // photo.shape[1]
    assert np.all(pv[0, 0, :, h:, :] == 0)
    unflipped = proc([photo, photo], do_flip_channel_order=False, return_tensors="np")["pixel_values"]
    assert np.array_equal(pv[0, 0, ::-1], unflipped[0, 0])


FUYU = ROOT / "examples/models/fuyu-8b"


def test_fuyu_outputs_per_sample(photo):
    """Fuyu: a flat list is one image per sample; each is scaled down only when larger than the
    canvas, padded with 1 before rescale and normalize, and described by its first image."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(FUYU, backend="cpu")
    out = proc([photo, np.ascontiguousarray(photo[:100, :50])], size={"height": 240, "width": 240}, return_tensors="np")
    h, w = photo.shape[:2]
    s = min(240 / h, 240 / w)
    assert out["images"].shape == (2, 1, 3, 240, 240)
    assert out["image_unpadded_heights"].tolist() == [[int(h * s)], [100]]
    assert out["image_unpadded_widths"].tolist() == [[int(w * s)], [50]]
    assert out["image_scale_factors"].dtype == np.float64
    assert out["image_scale_factors"].tolist() == [[int(h * s) / h], [1.0]]
    assert out["image_sizes"].tolist() == [[h, w], [100, 50]]
    pad = (1 / 255 - 0.5) / 0.5
    assert np.allclose(out["images"][1, 0, :, 100:, :], pad)


COSMOS3_EDGE = ROOT / "examples/models/cosmos3-edge"


def test_cosmos3_edge_rows_are_glm4v_rows_with_the_channels_last(photo, tmp_path):
    """Cosmos3-Edge (processor_config.json's image_processor, model_type cosmos3_edge): GLM-4V's
    smart_resize and row order, each row's values as (py, px, channel, t) instead of GLM-4V's
    (channel, t, py, px)."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(COSMOS3_EDGE, backend="cpu")
    assert proc.class_name == "Cosmos3EdgeImageProcessor"
    glm_dir = tmp_path / "glm4v"
    glm_dir.mkdir()
    (glm_dir / "preprocessor_config.json").write_text(json.dumps({
        "image_processor_type": "Glm4vImageProcessor", "size": {"shortest_edge": 65536, "longest_edge": 16777216},
        "patch_size": 16, "merge_size": 2, "temporal_patch_size": 2, "image_mean": [0.5] * 3, "image_std": [0.5] * 3}))
    glm = pixelprep.AutoImageProcessor.from_pretrained(glm_dir, backend="cpu")
    ours = proc(photo, temporal_patch_size=2, return_tensors="np")
    theirs = glm(photo, return_tensors="np")
    assert np.array_equal(ours["image_grid_thw"], theirs["image_grid_thw"])
    rows = ours["pixel_values"].shape[0]
    assert ours["pixel_values"].shape == (rows, 16 * 16 * 3 * 2)
    as_glm = ours["pixel_values"].reshape(rows, 16, 16, 3, 2).transpose(0, 3, 4, 1, 2).reshape(rows, -1)
    assert np.array_equal(as_glm, theirs["pixel_values"])
    one_frame = proc(photo, return_tensors="np")["pixel_values"]
    assert np.array_equal(one_frame, ours["pixel_values"][:, ::2])
    t, gh, gw = ours["image_grid_thw"][0]
    assert proc.image_token_count(*photo.shape[:2]) == t * gh * gw // 4


DEEPSEEK_OCR2 = ROOT / "examples/models/deepseek-ocr2-tiny-processor"


def test_deepseek_ocr2_tiles_and_global_view(photo):
    """DeepSeek-OCR-2: a 1024x1024 global view centred on grey 127; tiles only for images above
    tile_size (none for a 360x240 photo at 768, a 3x2 grid at 128)."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(DEEPSEEK_OCR2, backend="cpu")
    out = proc(photo, return_tensors="np")
    assert "pixel_values_local" not in out and out["num_local_patches"].tolist() == [0]
    pv = out["pixel_values"]
    assert pv.shape == (1, 3, 1024, 1024)
    h = round(photo.shape[0] * 1024 / photo.shape[1])
    top = (1024 - h) // 2
    grey = (127 / 255 - 0.5) / 0.5
    assert np.allclose(pv[0, :, :top, :], grey) and np.allclose(pv[0, :, top + h:, :], grey)
    assert not np.allclose(pv[0, :, top:top + h, :], grey)
    tiled = proc(photo, tile_size=128, return_tensors="np")
    assert tiled["num_local_patches"].tolist() == [6]
    assert tiled["pixel_values_local"].shape == (6, 3, 128, 128)
    assert proc.image_token_count(*photo.shape[:2], tile_size=128) == 16 * 16 + 6 * 2 * 2 + 1


MINICPM_V = ROOT / "examples/models/minicpm-v-4.6"


def test_minicpm_v_views_are_patch_strips(photo):
    """MiniCPM-V 4.6: the whole image, then its slices, each (C, p, H*W/p) by reshape_by_patch,
    concatenated along the last axis; the whole image's view does not depend on slice_mode for an
    image larger than scale_resolution^2."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(MINICPM_V, backend="cpu")
    assert proc.class_name == "MiniCPMV4_6ImageProcessor"
    out = proc(photo, scale_resolution=56, patch_size=4, return_tensors="np")
    sizes = out["target_sizes"]
    assert sizes.dtype == np.int32 and out["num_patches_per_image"] == [len(sizes)]
    rows, cols = out["grids"][0]
    assert len(sizes) == 1 + rows * cols > 1
    pv = out["pixel_values"]
    assert pv.shape == (1, 3, 4, int((sizes[:, 0] * sizes[:, 1]).sum()) * 4)
    th, tw = sizes[0]
    first = pv[0, :, :, :th * tw * 4].reshape(3, 4, th, tw * 4).transpose(0, 2, 1, 3).reshape(3, th * 4, tw * 4)
    alone = proc(photo, scale_resolution=56, patch_size=4, slice_mode=False, return_tensors="np")
    assert alone["grids"] == [[0, 0]] and alone["target_sizes"].tolist() == [[th, tw]]
    assert np.array_equal(alone["pixel_values"][0], pv[0, :, :, :th * tw * 4])
    assert first.shape == (3, th * 4, tw * 4) and np.isfinite(first).all()
    tokens = int((sizes[:, 0] * sizes[:, 1] // 16).sum())
    assert proc.image_token_count(*photo.shape[:2], scale_resolution=56, patch_size=4) == tokens


ARIA = ROOT / "examples/models/aria-tiny-processor"


def test_aria_crops_masks_and_count(photo):
    """Aria: the longer side to 980 (the other int(side * scale), at least 336), zero-padded
    bottom/right with a bool pixel_mask over the image; with split_image, one such view per anyres
    crop, and num_crops the most crops of one image (a 0-d int64 under return_tensors='np')."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(ARIA, backend="cpu")
    assert proc.class_name == "AriaImageProcessor"
    out = proc(photo, return_tensors="np")
    h = int(photo.shape[0] * (980 / photo.shape[1]))
    assert out["pixel_values"].shape == (1, 3, 980, 980)
    mask = out["pixel_mask"]
    assert mask.dtype == np.bool_ and mask.shape == (1, 980, 980)
    assert mask[0, :h].all() and not mask[0, h:].any()
    assert np.all(out["pixel_values"][0, :, h:, :] == -1.0)  # the zero pad, rescaled and normalized
    assert out["num_crops"].shape == () and int(out["num_crops"]) == 1
    small = np.ascontiguousarray(photo[:50, :200])
    one = proc(photo, split_image=True, max_image_size=490, return_tensors="np")
    crops = one["pixel_values"].shape[0]
    assert crops >= 2 and int(one["num_crops"]) == crops and one["pixel_mask"].shape == (crops, 490, 490)
    assert proc.image_token_count(*photo.shape[:2], split_image=True, max_image_size=490) == 128 * crops
    pair = proc([small, photo], split_image=True, max_image_size=490, return_tensors="np")
    small_crops = pair["pixel_values"].shape[0] - crops
    assert int(pair["num_crops"]) == max(crops, small_crops)
    assert np.array_equal(pair["pixel_values"][small_crops:], one["pixel_values"])


GRANITE_DOCLING = ROOT / "examples/models/granite-docling-class-defaults"


def test_granite_docling_tiles_per_sample(photo):
    """Granite-Docling: a nested batch; each page cut into 512x512 tiles on its closest-aspect grid
    plus a thumbnail, each sample's tiles first in its row of pixel_values and zero tiles after, a
    bool pixel_attention_mask per tile slot, and the grid per page as rows / cols lists."""
    proc = pixelprep.AutoImageProcessor.from_pretrained(GRANITE_DOCLING, backend="cpu")
    small = np.ascontiguousarray(photo[:100, :100])
    out = proc([[photo], [small, small]], return_tensors="np")
    pv, mask = out["pixel_values"], out["pixel_attention_mask"]
    assert out["rows"] == [[2], [1, 1]] and out["cols"] == [[3], [1, 1]]  # 240x360: a 2x3 grid
    assert pv.shape == (2, 7, 3, 512, 512) and mask.dtype == np.bool_
    assert mask.tolist() == [[True] * 7, [True, True] + [False] * 5]
    assert np.all(pv[1, 2:] == 0) and np.array_equal(pv[1, 0], pv[1, 1])
    single = proc(photo, return_tensors="np")
    assert np.array_equal(single["pixel_values"][0], pv[0])
    assert "tile_fine_mask" not in out
    assert proc(small, fine_route=True, return_tensors="np")["tile_fine_mask"].tolist() == [True]
    assert proc.image_token_count(*photo.shape[:2]) == 64 * 7
