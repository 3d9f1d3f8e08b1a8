#!/usr/bin/env bash
# Builds and runs the git benchmarks: commit-to-trigger latency and reading a 100,000-commit
# history. Usage: tests/bench/git/run-git-bench.sh [BUILD_DIR] [ROUNDS] [COMMITS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$here/build}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja >/dev/null
fi
ninja -C "$build" bench_gittrigger bench_githistory >/dev/null
"$build/tests/bench/git/bench_gittrigger" "${2:-30}"
"$build/tests/bench/git/bench_githistory" "${3:-100000}"
