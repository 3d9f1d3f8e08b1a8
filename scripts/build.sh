#!/usr/bin/env bash
# Configures and builds Pipewright into build/ (or $PW_BUILD_DIR). Runs setup first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build_dir=${PW_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${PW_BUILD_TYPE:-Release}" \
  -DPW_BUILD_BENCHMARKS="${PW_BUILD_BENCHMARKS:-ON}" \
  -DPW_WERROR="${PW_WERROR:-OFF}" -DPW_SANITIZE="${PW_SANITIZE:-OFF}" >/dev/null
# The machine has 2 cores and Qt's moc'd translation units are memory-hungry: -j2 is right.
ninja -C "$build_dir" -j"${PW_JOBS:-$(nproc)}"
