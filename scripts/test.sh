#!/usr/bin/env bash
# Sets up, builds, starts what the tests need and runs every test (ctest). Exit code is
# ctest's. Services the tests need are started by scripts/services.sh and stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# Benchmarks are not tests: leave them out of the test build unless asked for.
PW_BUILD_BENCHMARKS=${PW_BUILD_BENCHMARKS:-OFF} bash scripts/build.sh
build_dir=${PW_BUILD_DIR:-build}

if [ -x scripts/services.sh ]; then
  bash scripts/services.sh up
  # Absolute: the trap runs after the `cd` into the build directory below.
  services="$PWD/scripts/services.sh"
  trap 'bash "$services" down || true' EXIT
fi

export QT_QPA_PLATFORM=offscreen
if [ "${PW_SANITIZE:-OFF}" = ON ]; then
  # Any report fails the process that made it (and so its test). Leaks: see
  # tests/sanitizer/lsan.supp for what is not ours.
  export ASAN_OPTIONS="abort_on_error=1:detect_stack_use_after_return=0:strict_string_checks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp:print_suppressions=0"
fi
# Tests keep their data out of the user's real data directory.
export XDG_DATA_HOME="$(mktemp -d)"
export XDG_CONFIG_HOME="$(mktemp -d)"
cd "$build_dir"
ctest --output-on-failure -j"${PW_TEST_JOBS:-2}" "$@"
