#!/usr/bin/env bash
# CTest's entry for one fuzz target: a fixed number of inputs, mutated from the seed corpus
# with a fixed seed, so a CI run is repeatable and bounded. Inputs the fuzzer finds go to a
# fresh scratch corpus under --work, never into the source tree; a crashing input is kept as
# --work/artifacts/crash-* and the test fails.
#   run-short.sh FUZZER --corpus DIR --dict FILE --runs N --max-len N --work DIR [--seeds DIR]...
set -euo pipefail
fuzzer=$1
shift
corpus= dict= runs= maxlen= work=
seeds=()
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) corpus=$2 ;;
    --dict) dict=$2 ;;
    --runs) runs=$2 ;;
    --max-len) maxlen=$2 ;;
    --work) work=$2 ;;
    --seeds) [ -d "$2" ] && seeds+=("$2") ;;
    *) echo "run-short.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
# UBSan aborts with a stack; ASan's leak check is on (what a parser leaks per input adds up).
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
exec "$fuzzer" -runs="$runs" -seed=1 -max_len="$maxlen" -timeout=30 -rss_limit_mb=2048 \
  -dict="$dict" -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
  "$work/corpus" "$corpus" "${seeds[@]}"
