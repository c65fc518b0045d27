"""AutoImageProcessor and ImageProcessor: transformers' API over pixelprep's compiled core."""
import json
import os
import re

from . import _core, _inputs, _outputs
from . import ImageError, InvalidArgument


def _json_default(v):
    # numpy scalars and arrays, tuples: the JSON values transformers would save for them
    if hasattr(v, "tolist"):
        return v.tolist()
    raise InvalidArgument(f"option value {v!r} of type {type(v).__qualname__} is not a JSON value")


def _options_json(options):
    return json.dumps(options, default=_json_default) if options else ""


def set_num_threads(threads):
    """Threads the CPU backend uses for one call (the images of a batch, or row bands of one
    image); 1 by default, 0 for one per hardware thread. Returns the previous value."""
    return _core.set_num_threads(int(threads))


def get_num_threads():
    return _core.get_num_threads()


def supported_classes():
    """The transformers class names pixelprep implements."""
    return list(_core.registered_classes())


def class_for_model_type(model_type):
    """The class pixelprep runs for a config.json model_type, or None where it has none."""
    return _core.class_for_model_type(model_type)


def available_backends():
    """Backends in fallback order ("cuda" is listed even where it cannot run; see from_pretrained)."""
    return list(_core.registered_backends())


class ImageProcessor:
    """One transformers image processor, run by pixelprep. Immutable and thread-safe: share it
    between threads; the GIL is released while pixels are processed."""

    def __init__(self, core):
        self._core = core

    @property
    def class_name(self):
        return self._core.class_name

    @property
    def backend(self):
        """The backend that runs every call ("cpu" or "cuda")."""
        return self._core.backend

    @property
    def requested_backend(self):
        return self._core.requested_backend

    @property
    def fallback_reason(self):
        """Why the backend differs from the one asked for ("" when it does not)."""
        return self._core.fallback_reason

    @property
    def option_names(self):
        return list(self._core.option_names())

    def __call__(self, images, return_tensors=None, **kwargs):
        if return_tensors not in (None, "np", "pt"):
            raise InvalidArgument(f"return_tensors={return_tensors!r}: expected 'np', 'pt' or None")
        options_json = _options_json(kwargs)  # validated by the core, with the others, per call

        def convert_rgb():
            return bool(json.loads(self._core.effective_options_json(options_json)).get("do_convert_rgb"))

        items, samples = _inputs.collect(images, convert_rgb, ImageError)
        data = self._core(items, samples, options_json, return_tensors is not None)
        return _outputs.wrap(data, return_tensors)

    preprocess = __call__

    def effective_options(self, **kwargs):
        """Every option as a call with these kwargs would use it (defaults <- config <- kwargs)."""
        return json.loads(self._core.effective_options_json(_options_json(kwargs)))

    def image_token_count(self, height, width, **kwargs):
        """Image tokens the model's processor inserts for one height x width image; None for
        models without a count."""
        return self._core.image_token_count(int(height), int(width), _options_json(kwargs))

    def to_dict(self):
        return json.loads(self._core.to_json_string())

    def to_json_string(self):
        return self._core.to_json_string()

    def save_pretrained(self, save_directory):
        """Writes preprocessor_config.json as transformers does; returns its path."""
        return self._core.save_pretrained(os.fspath(save_directory))

    def __repr__(self):
        return f"pixelprep.ImageProcessor({self.class_name}, backend={self.backend!r})"


class AutoImageProcessor:
    @staticmethod
    def from_pretrained(pretrained_model_name_or_path, backend="auto", use_fast=None, allow_fallback=True,
                        **options):
        """Loads a model folder as transformers' AutoImageProcessor does (processor_config.json,
        preprocessor_config.json or config.json). A hub id is fetched with huggingface_hub when
        that is installed. `options` override the config's values; an unknown one is an error.
        backend: "auto" (cuda where it can run, else cpu), "cpu", "cuda", or the legacy "pil" /
        "torchvision"; an unavailable one falls back with a warning unless allow_fallback=False."""
        path = os.fspath(pretrained_model_name_or_path)
        if not os.path.exists(path) and re.fullmatch(r"[\w.-]+/[\w.-]+", path) and not path.startswith("."):
            path = _download(path)  # a hub id such as "openai/clip-vit-base-patch32"
        return ImageProcessor(_core.from_pretrained(path, backend, use_fast, allow_fallback, _options_json(options)))


def _download(repo_id):
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise InvalidArgument(f"{repo_id!r} is not a local folder, and huggingface_hub (which would fetch it "
                              "from the hub) is not installed") from None
    return snapshot_download(repo_id, allow_patterns=["*.json"])
