"""pixelprep.ray on a local Ray cluster (2 CPUs, 2 actors): 240 images, as paths and as bytes,
give rows identical, bit for bit, to single-process pixelprep; the shards written as Parquet
read back the same. Prints the images/s with 1 and 2 workers (what they measure on this
machine; not a pass/fail criterion). Skipped where Ray Data is not installed."""
import io
import time

import numpy as np
import pytest
from PIL import Image

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ray[data]')")
pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'ray[data]')")

import pixelprep  # noqa: E402
import pixelprep.ray  # noqa: E402
from conftest import ROOT  # noqa: E402

N = 240
CLIP = ROOT / "examples/models/clip-vit-base-patch16"
QWEN = ROOT / "examples/models/qwen2-vl-7b-instruct"


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def images(tmp_path_factory):
    """N distinct photos of different sizes (crops of the bundled test images), as PNG files."""
    d = tmp_path_factory.mktemp("ray_images")
    sources = [np.asarray(Image.open(p).convert("RGB")) for p in sorted((ROOT / "tests/data/images").glob("*.jpg"))]
    rng = np.random.default_rng(7)
    paths = []
    for i in range(N):
        src = sources[i % len(sources)]
        h, w = rng.integers(16, src.shape[0] + 1), rng.integers(16, src.shape[1] + 1)
        y, x = rng.integers(0, src.shape[0] - h + 1), rng.integers(0, src.shape[1] - w + 1)
        p = d / f"img{i:04d}.png"
        Image.fromarray(src[y:y + h, x:x + w]).save(p)
        paths.append(str(p))
    return paths


def expected(model, paths):
    proc = pixelprep.AutoImageProcessor.from_pretrained(model, backend="cpu")
    return {p: proc(p, return_tensors="np") for p in paths}


def check_rows(rows, want, path_key="path"):
    assert len(rows) == len(want)
    seen = set()
    for row in rows:
        ref = want[str(row[path_key])]
        for key, value in ref.items():
            got = np.asarray(row[key])
            assert got.dtype == value.dtype and got.shape == value.shape, key
            assert got.tobytes() == value.tobytes(), key
        seen.add(str(row[path_key]))
    assert seen == set(want)


def test_paths_with_two_workers_equal_single_process(cluster, images, capsys):
    want = expected(CLIP, images)
    ds = ray.data.from_items([{"path": p, "image": p} for p in images])
    rates = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        rows = pixelprep.ray.preprocess(ds, CLIP, column="image", concurrency=workers).take_all()
        rates[workers] = len(rows) / (time.perf_counter() - t0)
        check_rows(rows, want)
    with capsys.disabled():  # shown in the test log, not captured
        print(f"\nray: CLIP-224, {N} PNG files: {rates[1]:.0f} images/s with 1 worker, {rates[2]:.0f} with 2 "
              "(2-core machine, including Ray's start-up of the actors)")


def test_bytes_ragged_outputs_and_parquet_shards(cluster, images, tmp_path):
    subset = images[:60]
    want = expected(QWEN, subset)  # Qwen2-VL: a different number of patches per image
    # Read first: on this 2-CPU cluster the two actors hold both CPUs, and read tasks that still
    # had to run would wait for a CPU for ever (docs/python.md).
    ds = ray.data.read_binary_files(subset, include_paths=True).materialize()  # columns: bytes, path
    out = pixelprep.ray.preprocess(ds, QWEN, column="bytes", concurrency=2)
    rows = out.take_all()
    check_rows(rows, {p.lstrip("/"): v for p, v in want.items()} if rows and not str(rows[0]["path"]).startswith("/")
               else want)
    shards = tmp_path / "shards"
    out.write_parquet(str(shards))
    assert len(list(shards.glob("*.parquet"))) >= 1
    back = ray.data.read_parquet(str(shards)).take_all()
    check_rows(back, {p.lstrip("/"): v for p, v in want.items()} if back and not str(back[0]["path"]).startswith("/")
               else want)
