"""pixelprep: Hugging Face transformers' image preprocessing, bit-exact with its PIL backend,
in compiled C++.

    import pixelprep
    proc = pixelprep.AutoImageProcessor.from_pretrained("path/to/model")
    out = proc(images, return_tensors="np")      # or "pt", or None for per-image lists
    out["pixel_values"]

``images`` may be PIL images, numpy arrays (HWC or CHW, uint8 or float32), torch tensors,
file paths, encoded bytes, or lists and nested lists of these, as transformers accepts them.
The result is a ``transformers.BatchFeature`` when transformers is installed, else a dict with
the same keys. Arrays own pixelprep's memory (no copy); ``"pt"`` gives torch tensors through
DLPack. Errors are ``pixelprep.Error`` subclasses whose message names the input and the reason.
"""
import atexit as _atexit
import logging as _logging
import warnings as _warnings

from . import _core


class Error(Exception):
    """Base of every pixelprep error."""


class InvalidArgument(Error, ValueError):
    """An argument or option value is invalid."""


class ImageError(Error, ValueError):
    """An image does not fit an operation (channels, dtype, shape, layout)."""


class ConfigError(InvalidArgument):
    """A configuration file or value is malformed or contradictory."""


class LimitError(Error, ValueError):
    """A size would overflow or exceed a configured limit."""


class BackendUnavailable(Error, RuntimeError):
    """The requested backend cannot run here and no fallback was allowed or possible."""


class DecodeError(Error, ValueError):
    """An image file could not be decoded; the message starts with its name."""


class FileReadError(DecodeError, OSError):
    """An image file could not be read."""


_core.set_exception_types({cls.__name__: cls for cls in (
    Error, InvalidArgument, ImageError, ConfigError, LimitError, BackendUnavailable, DecodeError, FileReadError)})

_log = _logging.getLogger("pixelprep")


def _log_handler(level, message):
    # Warnings (an unknown config key, a backend fallback) reach Python's warnings filter, as
    # transformers' own do; other messages go to the "pixelprep" logger.
    if level == "warning":
        _warnings.warn(message, UserWarning, stacklevel=2)
    else:
        _log.info(message)


_core.set_log_handler(_log_handler)
_atexit.register(_core.set_log_handler, None)  # no Python callback after the interpreter ends

__version__ = _core.__version__

from .processor import (AutoImageProcessor, ImageProcessor, available_backends, class_for_model_type,  # noqa: E402
                        get_num_threads, set_num_threads, supported_classes)

__all__ = ["AutoImageProcessor", "ImageProcessor", "available_backends", "supported_classes", "class_for_model_type",
           "set_num_threads",
           "get_num_threads", "Error",
           "InvalidArgument", "ImageError", "ConfigError", "LimitError", "BackendUnavailable", "DecodeError",
           "FileReadError", "__version__"]
