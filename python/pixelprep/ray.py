"""pixelprep inside Ray Data: a Dataset of images (file paths or encoded bytes) mapped through
one pixelprep processor per actor, with `map_batches` and an actor pool.

    import ray, pixelprep.ray
    ds = ray.data.read_binary_files("s3://bucket/images/", include_paths=True)   # columns bytes, path
    out = pixelprep.ray.preprocess(ds, "path/to/model", column="bytes", concurrency=8)
    out.write_parquet("s3://bucket/clip-inputs/")                                 # shards a trainer reads

Each output row holds exactly what `processor(image, return_tensors="np")` gives for that one
image (so `pixel_values` of a fixed-size model is (1, 3, H, W), and a Qwen2-VL row holds its own
patches and `image_grid_thw`), as tensor columns; the input's other columns are kept and the
image column is dropped. Nothing here is specific to one machine: on a multi-node cluster the
same call runs after `ray.init(address="auto")`, with the model folder on shared storage or
copied to each node (docs/python.md).
"""
import numpy as np


class _Actor:
    """One processor per actor, loaded once; Ray calls it with batches of rows."""

    def __init__(self, model, column, backend, load_options, call_options, threads):
        import pixelprep
        pixelprep.set_num_threads(threads)
        self._proc = pixelprep.AutoImageProcessor.from_pretrained(model, backend=backend, **load_options)
        self._column = column
        self._call_options = call_options

    def __call__(self, batch):
        images = batch[self._column]
        rows = [self._proc(_image(x), return_tensors="np", **self._call_options) for x in images]
        out = {k: v for k, v in batch.items() if k != self._column}
        for key in rows[0] if rows else []:
            values = [np.asarray(r[key]) for r in rows]
            if all(v.shape == values[0].shape for v in values):
                out[key] = np.stack(values)
            else:  # ragged across rows (Qwen2-VL patches): a variable-shaped tensor column
                ragged = np.empty(len(values), dtype=object)
                ragged[:] = values
                out[key] = ragged
        return out


def _image(x):
    # Ray hands bytes columns over as bytes (or numpy bytes_), paths as str
    if isinstance(x, np.ndarray) and x.dtype == np.uint8 and x.ndim == 1:
        return x.tobytes()
    if isinstance(x, np.bytes_):
        return bytes(x)
    if isinstance(x, np.str_):
        return str(x)
    return x


def preprocess(dataset, model, *, column="image", concurrency=2, batch_size=16, backend="cpu", threads=1,
               num_cpus=1, load_options=None, **call_options):
    """The dataset mapped through pixelprep (lazily, as Ray Data does).

    model: a model folder every worker can read. column: the image column (paths or bytes).
    concurrency: actors in the pool (an int, or (min, max) for autoscaling); leave the cluster a
    CPU for reading the dataset, or read it first (each actor holds its CPU while the pool runs).
    threads: pixelprep threads per actor (set num_cpus to match). call_options: the processor's
    call options."""
    return dataset.map_batches(
        _Actor,
        fn_constructor_args=(str(model), column, backend, dict(load_options or {}), call_options, threads),
        batch_size=batch_size,
        batch_format="numpy",
        concurrency=concurrency,
        num_cpus=num_cpus,
    )
