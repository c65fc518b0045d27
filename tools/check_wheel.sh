#!/usr/bin/env bash
# The Python package as a user installs it: a fresh venv, `pip install .` (meson-python builds
# the library and the extension in isolation, from PyPI's meson-python, meson, ninja and
# nanobind), then the import and the package's API and golden tests against the installed
# copy (tests/python; the transformers-backend test runs in the `python` meson test).
#   bash tools/check_wheel.sh            (CI's `wheel` stage; needs tools/setup.sh's packages)
#   PIXELPREP_WHEEL_SETUP_ARGS="-Doptimization=1" bash tools/check_wheel.sh
#     (meson setup options for the wheel's build, each passed as -Csetup-args; CI builds at -O1:
#     this stage checks the packaging and the installed copy's bytes, and -O3, the release
#     default, took the registry translation unit 198 s against 113 s on CI's machine)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$(mktemp -d)/venv
trap 'rm -rf "$(dirname "$venv")"' EXIT
python=${PYTHON:-python3}
"$python" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check --upgrade pip
echo "check_wheel: pip install . into a fresh venv ($("$venv/bin/python" --version))${PIXELPREP_WHEEL_SETUP_ARGS:+, meson setup args: $PIXELPREP_WHEEL_SETUP_ARGS}"
setup_args=()
for a in ${PIXELPREP_WHEEL_SETUP_ARGS:-}; do setup_args+=("-Csetup-args=$a"); done
"$venv/bin/pip" install -q --disable-pip-version-check "${setup_args[@]}" .
"$venv/bin/pip" install -q --disable-pip-version-check pytest "pillow==13.0.0"
cd "$(dirname "$venv")"  # away from the source tree: the installed package is the one imported
"$venv/bin/python" -c "import pixelprep; print('check_wheel: pixelprep', pixelprep.__version__, 'from', pixelprep.__file__)"
# The API tests in full; the goldens for the first and the batch input of every config and
# every VLM case (the README's test command already ran golden cases on the build folder's
# module; here the point is that the installed wheel gives the same bytes). From the full list
# (PIXELPREP_PYTEST_ALL_GOLDENS=1), which has those inputs for every config.
PYTHONPATH="$root/tests/python:$root/tests/parity" "$venv/bin/python" -m pytest -q -p no:cacheprovider -rs \
  "$root/tests/python/test_api.py"
PIXELPREP_PYTEST_ALL_GOLDENS=1 PYTHONPATH="$root/tests/python:$root/tests/parity" "$venv/bin/python" -m pytest -q \
  -p no:cacheprovider -rs "$root/tests/python/test_golden_parity.py" \
  -k "landscape_jpg] or batch_two_sizes or pair_flat or test_vlm_goldens or test_every_class_has_golden_cases"
