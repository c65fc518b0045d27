#!/bin/sh
# Runs a differential script with the test venv's Python, or reports a skip (exit 77)
# naming what is missing, so that a machine without the venv never silently "passes".
py="$1"; shift
if [ ! -x "$py" ]; then
  echo "SKIP: no Python at $py; run tools/setup_python_env.sh to create the venv with pillow==13.0.0"
  exit 77
fi
exec "$py" "$@"
