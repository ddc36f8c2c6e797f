#!/usr/bin/env bash
# Installs the Debian packages qmark needs to build and test, when any is missing.
# Run as root on Debian (or with sudo available). Safe to run again: it installs nothing
# when everything is there.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config binutils
  nlohmann-json3-dev libboost-dev libcli11-dev doctest-dev
  pybind11-dev python3-dev python3-pytest python3-jsonschema
  python3-setuptools python3-wheel python3-venv
  python3-numpy python3-pandas python3-matplotlib python3-dask python3-distributed
  python3-hypothesis
  chromium tmux
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "qmark: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
