#!/usr/bin/env bash
# The Python package's tests (pytest) against this build folder's extension:
#   run_pytest.sh PYTHON EXTENSION [pytest args...]
# The package is assembled in a temporary folder (python/pixelprep's modules and the built
# extension, linked), so nothing is installed. Exit 77 (skipped) when PYTHON lacks pytest.
set -euo pipefail
python=$1 extension=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! "$python" -c "import pytest, numpy, PIL" 2>/dev/null; then
  echo "SKIP: $python lacks pytest, numpy or Pillow (tools/setup_python_env.sh installs them)"
  exit 77
fi
pkg=$(mktemp -d)
trap 'rm -rf "$pkg"' EXIT
mkdir "$pkg/pixelprep"
ln -s "$root"/python/pixelprep/*.py "$pkg/pixelprep/"
ln -s "$extension" "$pkg/pixelprep/"
cd "$root"
PYTHONPATH="$pkg:$root/tests/python:$root/tests/parity" exec "$python" -m pytest -q -p no:cacheprovider -rs tests/python "$@"
