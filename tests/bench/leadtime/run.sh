#!/usr/bin/env bash
# Lead-time benchmark of the demo project: commit a hyperparameter change → run queued by the
# commit trigger → gate passed → image pushed → the new version answering (→ new colour ready
# → traffic switched, with --deploy). The first round is cold: the demo's images and the base
# image are removed from the Docker engine first, and the base image comes back from its
# cached root filesystem (timed on its own); the rounds after it are warm.
#   tests/bench/leadtime/run.sh [--build DIR] [--rounds N] [--deploy] [--no-cold]
# --deploy runs the blue/green stage on the cluster of $KUBECONFIG (environment `production`,
# namespace default).
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
build=$here/build
rounds=3
deploy=()
cold=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --deploy) deploy=(--deploy) ;;
    --no-cold) cold=0 ;;
    *) echo "usage: $0 [--build DIR] [--rounds N] [--deploy] [--no-cold]" >&2; exit 2 ;;
  esac
  shift
done

docker info >/dev/null 2>&1 || { echo "leadtime: dockerd not reachable (scripts/docker-env.sh up)" >&2; exit 1; }
curl -s -o /dev/null "http://127.0.0.1:5000/v2/" || { echo "leadtime: no registry on 127.0.0.1:5000" >&2; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPW_BUILD_BENCHMARKS=ON >/dev/null
fi
grep -q '^PW_BUILD_BENCHMARKS:BOOL=ON' "$build/CMakeCache.txt" || cmake -DPW_BUILD_BENCHMARKS=ON "$build" >/dev/null
ninja -C "$build" -j2 bench_leadtime >/dev/null

label=warm
if [ "$cold" = 1 ]; then
  # Children first: the demo's images, then the base image they are built on.
  ids=$(docker images -q --filter 'reference=127.0.0.1:5000/pipewright-demo/digits' | sort -u)
  [ -z "$ids" ] || docker rmi -f $ids >/dev/null
  ids=$(docker images -q --filter 'reference=pipewright/python-sklearn' | sort -u)
  [ -z "$ids" ] || docker rmi -f $ids >/dev/null
  start=$(date +%s%N)
  bash "$here/scripts/base-image.sh" ensure
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf 'base image re-imported from its cache in %d.%02d s\n' $((ms / 1000)) $((ms % 1000 / 10))
  label=cold
else
  bash "$here/scripts/base-image.sh" ensure
fi
"$build/tests/bench/leadtime/bench_leadtime" --rounds $((rounds + cold)) --first-label "$label" "${deploy[@]}"
