#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) into build-fuzz/ (or $PW_FUZZ_BUILD_DIR) with
# clang-14, ASan and UBSan, and runs CTest's `fuzz` label: each target for a fixed number of
# inputs from its seed corpus. scripts/test.sh calls it when clang-14 is there (setup.sh
# installs it). --build-only stops after the build (e.g. before tests/fuzz/run-long.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang++-14 >/dev/null 2>&1; then
  echo "fuzz: clang++-14 is missing (Debian clang-14 and libclang-rt-14-dev; scripts/setup.sh" \
       "installs them)" >&2
  exit 1
fi
build_dir=${PW_FUZZ_BUILD_DIR:-build-fuzz}
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DPW_BUILD_FUZZERS=ON "${launcher[@]}" >/dev/null
ninja -C "$build_dir" -j"${PW_JOBS:-$(nproc)}" fuzzers
[ "${1:-}" = --build-only ] && exit 0
cd "$build_dir"
ctest -L fuzz --output-on-failure -j"${PW_TEST_JOBS:-2}"
