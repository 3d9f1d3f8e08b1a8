#!/usr/bin/env bash
# Generates a ~1 GB, 10 M-line log with colours and groups in /tmp, times `wc -l` on it and
# runs bench_logs beside it. Usage: tests/bench/logs/run-log-bench.sh [BUILD_DIR] [LINES]
set -euo pipefail
here=$(cd "$(dirname "$0")/../../.." && pwd)
build=${1:-$here/build}
lines=${2:-10000000}
ninja -C "$build" bench_logs >/dev/null
file=$(mktemp /tmp/pw-bench-log.XXXXXX)
trap 'rm -f "$file"' EXIT
python3 - "$file" "$lines" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
pad = "x" * 40
with open(path, "w") as f:
    chunk = []
    for i in range(n):
        if i % 100000 == 0:
            chunk.append("::group::Section %d\n" % (i // 100000))
        if i == n // 2:
            chunk.append("2026-11-26T12:00:00Z INFO the needle-7f3a is here\n")
        chunk.append("2026-11-26T12:00:00Z INFO \x1b[32mstep\x1b[0m %9d %s\n" % (i, pad))
        if i % 100000 == 99999:
            chunk.append("::endgroup::\n")
        if len(chunk) > 10000:
            f.write("".join(chunk)); chunk = []
    f.write("".join(chunk))
PY
cat "$file" > /dev/null # into the page cache
start=$(date +%s.%N); wc -l < "$file" >/dev/null; end=$(date +%s.%N)
size=$(stat -c %s "$file")
awk -v s="$start" -v e="$end" -v b="$size" \
  'BEGIN { printf "wc -l          %.3f s = %.2f GB/s\n", e - s, b / 1e9 / (e - s) }'
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$build/tests/bench/logs/bench_logs" "$file"
