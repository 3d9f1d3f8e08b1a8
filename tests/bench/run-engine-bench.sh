#!/usr/bin/env bash
# Builds and runs the engine benchmark: 200 chained `true` stages vs a bash loop, and a step
# printing 1,000,000 lines.
# Usage: tests/bench/run-engine-bench.sh [BUILD_DIR] [STAGES] [LINES] [ROUNDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja >/dev/null
fi
ninja -C "$build" bench_engine >/dev/null
exec "$build/tests/bench/bench_engine" "${2:-200}" "${3:-1000000}" "${4:-7}"
