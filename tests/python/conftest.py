"""pytest set-up for the Python package's tests (run by tests/python/run_pytest.sh, which puts
the package on sys.path: the build folder's extension next to python/pixelprep, or an
installed wheel)."""
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config):
    config.addinivalue_line("markers", "exclusive: changes process-wide interpreter state; meson runs it alone (test 'python-threads')")


@pytest.fixture(scope="session")
def root():
    return ROOT


def model_dir_from_golden(tmp_root, name, config_file):
    """A model folder holding a golden config as preprocessor_config.json (plus config.json
    where the golden records one), as tests/parity/hf_parity.py writes them."""
    d = tmp_root / name
    if not d.exists():
        raw = json.loads((ROOT / config_file).read_text())
        d.mkdir(parents=True)
        (d / "preprocessor_config.json").write_text(json.dumps({k: v for k, v in raw.items() if not k.startswith("_")}))
        if "_model_config" in raw:
            (d / "config.json").write_text(json.dumps(raw["_model_config"]))
    return d


def skip_if_video_class_refuses_path_string(case, inp):
    """transformers' video classes (VideoMAE, TimeSformer) take frames through
    make_nested_list_of_images, which does not open file paths: a path string is refused there
    ("Invalid input type ..."), while pixelprep opens it. That is a difference of the input API,
    not of the pixels (the same file given as an image matches byte for byte): skipped, saying so."""
    error = case.get("error") or {}
    if inp.get("kind") == "path_string" and str(error.get("message", "")).startswith("Invalid input type"):
        pytest.skip("transformers' video classes do not open a path string; pixelprep does "
                    "(the decoded file is compared in the other cases)")
