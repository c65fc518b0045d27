#!/usr/bin/env bash
# The Python environment the tests use (.venv): pillow==13.0.0 and numpy for the differential
# and parity tests; nanobind to build the Python extension (python/) into the test build;
# scipy for OWLv2's resize (transformers' OWLv2 PIL backend and the owlv2-resize-differential test);
# pytest and transformers==5.23.0 (its PIL backend needs no torch) for the Python package's
# tests, which compare transformers' backend="pixelprep" with backend="pil" live; ray[data] for
# the Ray Data test (pixelprep.ray on a local two-worker cluster).
# (Debian's python3-pil is 9.4 and resizes very tall images differently; do not use it.)
set -euo pipefail
cd "$(dirname "$0")/.."
PILLOW_VERSION=13.0.0
TRANSFORMERS_VERSION=5.23.0
RAY_VERSION=2.60.0
venv=.venv
if [ -x "$venv/bin/python" ] && "$venv/bin/python" - "$PILLOW_VERSION" "$TRANSFORMERS_VERSION" "$RAY_VERSION" <<'PY' 2>/dev/null
import sys
import PIL, numpy, scipy, nanobind, pytest, transformers, ray, pyarrow
sys.exit(PIL.__version__ != sys.argv[1] or transformers.__version__ != sys.argv[2] or ray.__version__ != sys.argv[3])
PY
then
  echo "setup: $venv already has pillow==$PILLOW_VERSION, transformers==$TRANSFORMERS_VERSION, ray==$RAY_VERSION, nanobind, pytest"
  exit 0
fi
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv ($($python --version))"
  "$python" -m venv "$venv"
fi
echo "setup: installing pillow==$PILLOW_VERSION, numpy, scipy, transformers==$TRANSFORMERS_VERSION, ray[data]==$RAY_VERSION, nanobind and pytest into $venv"
"$venv/bin/pip" install -q --disable-pip-version-check "pillow==$PILLOW_VERSION" "numpy>=1.24" \
  "transformers==$TRANSFORMERS_VERSION" "ray[data]==$RAY_VERSION" scipy nanobind pytest
"$venv/bin/python" -c "import PIL, numpy, transformers, nanobind; print('setup: pillow', PIL.__version__, 'numpy', numpy.__version__,
  'transformers', transformers.__version__, 'nanobind', nanobind.__version__)"
