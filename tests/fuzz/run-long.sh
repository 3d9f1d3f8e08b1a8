#!/usr/bin/env bash
# Runs the fuzz targets for a long time, one after the other (the machine is shared: one
# core, nice 10), each from its seed corpus plus the corpus it grew in earlier long runs.
#   tests/fuzz/run-long.sh [-t SECONDS_PER_TARGET] [-n MAX_EXECS] [-b BUILD_DIR] [TARGET...]
# Defaults: 3600 s or 10 M inputs per target, whichever comes first (issue 16's bar),
# build-fuzz (made by scripts/fuzz.sh --build-only), every target. Per target it leaves BUILD_DIR/fuzz-long/<target>/{corpus,artifacts,log} and prints
# one line "target execs seconds findings" for tests/fuzz/RESULTS.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=3600
execs_max=10000000
build=$root/build-fuzz
while getopts "t:n:b:" o; do
  case $o in
    t) seconds=$OPTARG ;;
    n) execs_max=$OPTARG ;;
    b) build=$(cd "$OPTARG" && pwd) ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for c in "$here"/fuzz_*.cpp; do targets+=("$(basename "$c" .cpp)"); done
fi
shared=$root/../shared/realworld
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${targets[@]}"; do
  bin=$build/tests/fuzz/$t
  [ -x "$bin" ] || { echo "$t: not built ($bin)" >&2; exit 2; }
  out=$build/fuzz-long/$t
  mkdir -p "$out/corpus" "$out/artifacts"
  extra=()
  case $t in
    fuzz_jenkinsfile) extra=("$shared/jenkinsfiles") ;;
    fuzz_githubactions) extra=("$shared/workflows") ;;
    fuzz_gitlabci) extra=("$shared/gitlab") ;;
    fuzz_dockerignore) extra=("$shared/dockerignore") ;;
    fuzz_kubeconfig) extra=("$shared/k8s") ;;
  esac
  dirs=("$out/corpus" "$here/corpus/$t")
  for d in "${extra[@]}"; do [ -d "$d" ] && dirs+=("$d"); done
  maxlen=$(sed -n "s/^pw_add_fuzzer($t .*MAX_LEN \([0-9]*\).*/\1/p" "$here/CMakeLists.txt")
  start=$(date +%s)
  # -fork=0, one job: a crash stops this target (its input is in artifacts/), not the others.
  set +e
  nice -n 10 "$bin" -max_total_time="$seconds" -runs="$execs_max" -max_len="${maxlen:-4096}" -timeout=30 \
    -rss_limit_mb=2048 -dict="$here/dict/$t.dict" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/" "${dirs[@]}" >"$out/log" 2>&1
  rc=$?
  set -e
  took=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log" | tail -1)
  findings=$(find "$out/artifacts" -type f | wc -l)
  echo "$t ${execs:-?} ${took}s findings=$findings rc=$rc"
done
