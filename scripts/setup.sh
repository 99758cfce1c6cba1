#!/usr/bin/env bash
# Installs every build and run dependency from Debian's packages (Debian 12). Idempotent.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
packages=(build-essential cmake pkg-config libeigen3-dev libboost-dev libhdf5-dev hdf5-tools
  libyaml-cpp-dev libmuparser-dev doctest-dev libcli11-dev libfmt-dev libbenchmark-dev libomp-dev
  openmpi-bin libopenmpi-dev python3-h5py python3-matplotlib python3-numpy
  pybind11-dev python3-dev python3-pytest python3-pandas python3-nbclient python3-nbformat
  python3-ipykernel python3-yaml)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
