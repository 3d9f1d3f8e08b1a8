#!/usr/bin/env bash
# Makes a ~1 GB build context (one large "model weights" file, 10,000 small files and a
# .dockerignore that drops some of them), then runs bench_dockerbuild on it.
#   tests/bench/docker/run.sh [BUILD_DIR] [ROUNDS]   (needs scripts/docker-env.sh up)
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$root/build}
ctx=${PW_BENCH_DIR:-${TMPDIR:-/tmp}/pipewright-bench-docker-context}
if [ ! -f "$ctx/.ready" ]; then
  rm -rf "$ctx"; mkdir -p "$ctx/model" "$ctx/src" "$ctx/logs"
  head -c 1000000000 /dev/urandom >"$ctx/model/weights.bin"
  for i in $(seq 0 99); do
    mkdir -p "$ctx/src/pkg$i"
    for j in $(seq 0 99); do printf 'file %d %d\n' "$i" "$j" >"$ctx/src/pkg$i/f$j.py"; done
  done
  for i in $(seq 0 99); do echo "log $i" >"$ctx/logs/$i.log"; done
  printf 'logs\n**/*.pyc\n' >"$ctx/.dockerignore"
  printf 'FROM pipewright/busybox:latest\nRUN echo context received\n' >"$ctx/Dockerfile"
  touch "$ctx/.ready"
fi
cmake --build "$build" --target bench_dockerbuild >/dev/null
"$build/tests/bench/docker/bench_dockerbuild" "$ctx" "${2:-5}"
