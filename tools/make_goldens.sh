#!/usr/bin/env bash
# Regenerate the transformers golden outputs (tests/golden/) with a pinned Python environment.
#
#   bash tools/make_goldens.sh [make_goldens.py args...]      e.g. --budget-mb 30, --store-all --out /tmp/g
#
# Environment:
#   GOLDEN_VENV=/path/to/venv  use an existing venv instead of creating .venv-golden/ (it must already hold
#                              transformers==5.23.0 and pillow==13.0.0 plus numpy, scipy (OWLv2's resize),
#                              torch, torchvision;
#                              nothing is installed into it).
#   PYTHON=python3.11          interpreter used to create .venv-golden/ (default python3).
#   GOLDEN_PIP_ARGS="..."      extra pip arguments, e.g. "--index-url https://download.pytorch.org/whl/cpu"
#                              for CPU-only torch wheels.
#   GOLDEN_IMAGES=1            also regenerate tests/data/images/ (tools/make_test_images.py downloads the
#                              scikit-image 0.26.0 wheel with pip); done anyway when the images are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TRANSFORMERS_VERSION=5.23.0
PILLOW_VERSION=13.0.0

check_env() {  # $1 = python; exit 0 when the pinned packages are importable at the pinned versions
  "$1" - "$TRANSFORMERS_VERSION" "$PILLOW_VERSION" <<'EOF' 2>/dev/null
import sys
import numpy, scipy, torch, torchvision, transformers, PIL
ok = transformers.__version__ == sys.argv[1] and PIL.__version__ == sys.argv[2]
sys.exit(0 if ok else 1)
EOF
}

if [ -n "${GOLDEN_VENV:-}" ]; then
  py="$GOLDEN_VENV/bin/python"
  if [ ! -x "$py" ] || ! check_env "$py"; then
    echo "make_goldens: GOLDEN_VENV=$GOLDEN_VENV lacks transformers==$TRANSFORMERS_VERSION / pillow==$PILLOW_VERSION" \
         "/ numpy / scipy / torch / torchvision" >&2
    exit 1
  fi
  echo "make_goldens: using existing venv $GOLDEN_VENV"
else
  venv=.venv-golden
  py="$venv/bin/python"
  if [ -x "$py" ] && check_env "$py"; then
    echo "make_goldens: $venv already has transformers==$TRANSFORMERS_VERSION pillow==$PILLOW_VERSION"
  else
    python=${PYTHON:-python3}
    echo "make_goldens: creating $venv ($($python --version))"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check ${GOLDEN_PIP_ARGS:-} \
      "transformers==$TRANSFORMERS_VERSION" "pillow==$PILLOW_VERSION" numpy scipy torch torchvision
    check_env "$py" || { echo "make_goldens: $venv does not have the pinned versions after install" >&2; exit 1; }
  fi
fi

"$py" -c "import sys, transformers, PIL, numpy, torch, torchvision; print('make_goldens: python', sys.version.split()[0],
  'transformers', transformers.__version__, 'pillow', PIL.__version__, 'numpy', numpy.__version__,
  'torch', torch.__version__, 'torchvision', torchvision.__version__)"

if [ "${GOLDEN_IMAGES:-0}" = 1 ] || [ ! -f tests/data/images/landscape.jpg ]; then
  "$py" tools/make_test_images.py
fi
exec "$py" tools/make_goldens.py "$@"
