#!/usr/bin/env bash
# Configures and builds in ./build (Release, -Wall -Wextra): every target, or only the
# targets named as arguments (the README's main job builds `tonnsim` alone).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
if [ $# -gt 0 ]; then
  cmake --build build -j "$(nproc)" --target "$@"
else
  cmake --build build -j "$(nproc)"
fi
