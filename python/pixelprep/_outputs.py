"""Results as transformers returns them: a BatchFeature (when transformers is installed) or a
dict, with numpy arrays that own pixelprep's memory, or torch tensors sharing it (DLPack)."""
import importlib.util

_batch_feature = None


def _batch_feature_class():
    global _batch_feature
    if _batch_feature is None:
        if importlib.util.find_spec("transformers") is None:
            _batch_feature = dict
        else:
            from transformers import BatchFeature
            _batch_feature = BatchFeature
    return _batch_feature


def _to_torch(value):
    try:
        import torch
    except ImportError:
        from . import InvalidArgument
        raise InvalidArgument("return_tensors='pt' needs torch, which is not installed") from None
    if isinstance(value, list):
        return [_to_torch(v) for v in value]
    if hasattr(value, "__dlpack__"):
        return torch.from_dlpack(value)
    return torch.tensor(value)  # ints


def wrap(data, return_tensors):
    if return_tensors == "pt":  # lists of ints, of int lists and of str stay Python lists, as in transformers
        data = {k: _to_torch(v) if not (isinstance(v, list) and v and isinstance(v[0], (list, str, int))) else v
                for k, v in data.items()}
    cls = _batch_feature_class()
    return cls(data) if cls is dict else cls(data=data)
