"""pixelprep as a transformers image-processor backend.

    import pixelprep.transformers  # registers the "pixelprep" backend
    from transformers import AutoImageProcessor
    proc = AutoImageProcessor.from_pretrained(model_dir, backend="pixelprep")

For every model_type whose PIL-backend class pixelprep implements, this registers in
transformers' image-processor mapping (what `AutoImageProcessor.register(config_class,
image_processor_classes=...)` writes; see register() for why its lower half) a subclass of
that PIL class. The subclass keeps transformers' config handling
(from_pretrained, to_dict, save_pretrained, the call's kwargs validation) and sends the
pixel work to pixelprep, which gives the PIL backend's bytes. Model types pixelprep lacks
have no "pixelprep" entry, so transformers falls back to its own backends with its warning.

Calls pixelprep cannot take run transformers' own PIL code, each named once in a warning:
extra positional inputs or image-like kwargs (segmentation maps and the like).
"""
import json
import os
import tempfile
import threading
import warnings
import weakref

import transformers as _transformers
from transformers import BatchFeature
from transformers.models.auto.configuration_auto import CONFIG_MAPPING
from transformers.models.auto.image_processing_auto import IMAGE_PROCESSOR_MAPPING as _MAPPING
from transformers.models.auto.image_processing_auto import IMAGE_PROCESSOR_MAPPING_NAMES

import pixelprep

BACKEND = "pixelprep"


def _json_default(v):
    if hasattr(v, "tolist"):
        return v.tolist()
    if hasattr(v, "items"):  # SizeDict
        return dict(v.items())
    if hasattr(v, "value"):  # enums (PILImageResampling)
        return v.value
    raise TypeError(f"{v!r} is not a JSON value")


_RETURNS_BARE_PIXEL_VALUES = {"IdeficsImageProcessor"}
_OFFSETS_AS_TORCH = {"EomtImageProcessor"}  # its patch_offsets: torch tensors, not stacked
# Each class's preprocess arguments after images, in order. Those pixelprep takes go to it; any
# other given (labels, Pix2Struct's VQA header_text, which needs a font from the hub) sends the
# whole call to transformers' PIL backend, with a warning.
_EXTRA_ARGUMENTS = {"OneFormerImageProcessor": ("task_inputs", "segmentation_maps", "instance_id_to_semantic_id"),
                    "Pix2StructImageProcessor": ("header_text",)}
_PIXELPREP_ARGUMENTS = {"task_inputs"}

_cache = {}  # id(transformers processor) -> (its config as JSON, pixelprep.ImageProcessor)
_cache_lock = threading.Lock()


class _PixelprepMixin:
    """The part every registered class shares; the PIL class it is mixed into does the rest."""

    def _pixelprep_processor(self):
        # Built from transformers' own view of the config (to_dict), so attributes a user
        # changed after loading count; rebuilt only when that view changes. The cache lives
        # outside the instance: to_dict deep-copies the instance's __dict__.
        config = json.dumps(self.to_dict(), default=_json_default, sort_keys=True)
        cached = _cache.get(id(self))
        if cached is not None and cached[0] == config:
            return cached[1]
        with _cache_lock:
            with tempfile.TemporaryDirectory(prefix="pixelprep-") as d:
                with open(os.path.join(d, "preprocessor_config.json"), "w") as f:
                    f.write(config)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # transformers warned about its config already
                    proc = pixelprep.AutoImageProcessor.from_pretrained(d, backend="cpu", allow_fallback=False)
            if id(self) not in _cache:
                weakref.finalize(self, _cache.pop, id(self), None)
            _cache[id(self)] = (config, proc)
        return proc

    def to_dict(self):
        out = super().to_dict()
        out["image_processor_type"] = self._pixelprep_base_name  # what the PIL class saves
        return out

    def preprocess(self, images, *args, image_like_kwargs=None, **kwargs):
        if kwargs.get("transform") is not None:  # IDEFICS's training transform: a Python callable
            warnings.warn(f"{type(self).__name__}: a custom `transform` runs on transformers' PIL backend",
                          stacklevel=2)
            return super().preprocess(images, *args, image_like_kwargs=image_like_kwargs, **kwargs)
        names = _EXTRA_ARGUMENTS.get(self._pixelprep_base_name, ())
        extra, labels = {}, False
        if names and len(args) <= len(names):  # by name from here on (transformers' signature takes both)
            extra = dict(zip(names, args))
            extra.update({n: kwargs.pop(n) for n in names if n in kwargs})
            extra = {k: v for k, v in extra.items() if v is not None}
            args = ()
            if set(extra) - _PIXELPREP_ARGUMENTS:  # labels: the whole call on transformers' side
                kwargs.update(extra)
                extra, labels = {}, True
        if args or image_like_kwargs or labels:
            warnings.warn(f"{type(self).__name__}: extra inputs beyond images run on transformers' PIL backend",
                          stacklevel=2)
            return super().preprocess(images, *args, image_like_kwargs=image_like_kwargs, **kwargs)
        from huggingface_hub.dataclasses import validate_typed_dict  # what transformers calls
        validate_typed_dict(self.valid_kwargs, kwargs)  # transformers' own check of the call's kwargs
        return_tensors = kwargs.pop("return_tensors", None)
        if hasattr(return_tensors, "value"):
            return_tensors = return_tensors.value
        options = {k: v for k, v in kwargs.items() if v is not None}
        options.update(extra)
        proc = self._pixelprep_processor()
        out = proc(images, return_tensors=return_tensors,
                   **json.loads(json.dumps(options, default=_json_default)))
        out = out if isinstance(out, BatchFeature) else BatchFeature(data=dict(out))
        if self._pixelprep_base_name in _OFFSETS_AS_TORCH and out.get("patch_offsets"):
            # EoMT keeps patch_offsets as a list of int64 torch tensors for any return_tensors.
            import torch
            out["patch_offsets"] = [torch.tensor(o, dtype=torch.int64) for o in out["patch_offsets"]]
        # IDEFICS's preprocess hands back the pixel_values array itself, not a BatchFeature.
        return out["pixel_values"] if self._pixelprep_base_name in _RETURNS_BARE_PIXEL_VALUES else out


def _make_class(pil_class, base_name):
    return type(base_name + "Pixelprep", (_PixelprepMixin, pil_class),
                {"_pixelprep_base_name": base_name, "__module__": __name__,
                 "__doc__": f"{pil_class.__name__} with its pixel work done by pixelprep."})


registered = {}  # model_type -> class


def register():
    """Registers the backend for every model_type pixelprep covers; returns {model_type: class}.
    Idempotent; runs on import."""
    supported = set(pixelprep.supported_classes())
    for model_type, mapping in IMAGE_PROCESSOR_MAPPING_NAMES.items():
        if model_type in registered or not isinstance(mapping, dict) or not mapping.get("pil"):
            continue
        base = mapping["pil"].removesuffix("Pil")
        if base not in supported:
            continue
        try:
            config_class = CONFIG_MAPPING[model_type]
            pil_class = getattr(_transformers, mapping["pil"])
        except (KeyError, AttributeError, ImportError):
            continue
        cls = _make_class(pil_class, base)
        # What AutoImageProcessor.register(config_class, image_processor_classes=...) does,
        # minus its first step: that resolves the existing entries to classes, and without
        # torchvision the "torchvision" class resolves to the PIL one (with a warning per
        # model), after which transformers no longer finds this mapping by the class name the
        # config gives, and ignores the backend. transformers' own class names stay strings,
        # resolved when used, exactly as before.
        _MAPPING.register(config_class, {**mapping, BACKEND: cls}, exist_ok=True)
        registered[model_type] = cls
    return dict(registered)


register()
