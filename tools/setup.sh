#!/usr/bin/env bash
# Installs what pixelprep needs on a Debian 12 machine, only where it is missing:
#   * the Debian packages for building and testing (apt-get, as root or through sudo);
#   * .venv/ with the pinned Pillow and numpy for the differential tests.
# Safe to run again: it does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential meson ninja-build pkg-config git
  libeigen3-dev xtensor-dev xtl-dev libxsimd-dev libsimdjson-dev catch2
  libjpeg62-turbo-dev libpng-dev libspng-dev libwebp-dev zlib1g-dev libbenchmark-dev libcli11-dev
  libgif-dev libtiff-dev libavif-dev
  python3 python3-venv python3-pip python3-dev  # python3-dev: the Python extension's headers
  cmake  # writes the CMake package's version file; the consumer-cmake test builds with it
  clang libclang-rt-14-dev  # libFuzzer for fuzz/ci_smoke.sh (CI's short fuzzing stage)
  g++-aarch64-linux-gnu qemu-user  # the NEON kernels, cross-compiled and run under qemu (neon-qemu test)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
else
  echo "setup: Debian packages already installed"
fi

bash tools/setup_python_env.sh
