#!/usr/bin/env bash
# Creates .venv/ with the Pillow version the goldens pin, for the pillow-differential test.
# (Debian's python3-pil is 9.4 and resizes very tall images differently; do not use it.)
set -euo pipefail
cd "$(dirname "$0")/.."
PILLOW_VERSION=13.0.0
venv=.venv
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import PIL, numpy, sys; sys.exit(PIL.__version__ != '$PILLOW_VERSION')" 2>/dev/null; then
  echo "setup: $venv already has pillow==$PILLOW_VERSION"
  exit 0
fi
python=${PYTHON:-python3}
echo "setup: creating $venv with pillow==$PILLOW_VERSION and numpy ($($python --version))"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "pillow==$PILLOW_VERSION" "numpy>=1.24"
"$venv/bin/python" -c "import PIL, numpy; print('setup: pillow', PIL.__version__, 'numpy', numpy.__version__)"
