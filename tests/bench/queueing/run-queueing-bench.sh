#!/usr/bin/env bash
# Prints the simulator's throughput next to SimPy's on the same M/M/1, and the ratio.
# usage: run-queueing-bench.sh [BUILD_DIR] [CUSTOMERS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
n=${2:-20000000}
bench=$(find "$build" -name bench_queueing -type f -perm -u+x | head -n1)
[ -n "$bench" ] || { echo "bench_queueing not built under $build (ninja bench_queueing)"; exit 1; }
# Debian's SimPy lives in the system interpreter's dist-packages, not in other Pythons.
py=${PYTHON:-/usr/bin/python3}
"$py" -c 'import simpy' 2>/dev/null || "$py" -c 'import SimPy.Simulation' 2>/dev/null || { echo "SimPy missing: apt-get install python3-simpy"; exit 1; }

ours=$("$bench" "$n")
echo "$ours"
simpy=$("$py" "$here/mm1_simpy.py" 200000)
echo "$simpy"
lindley=$(echo "$ours" | awk '/^lindley_mm1_full/ {print $2}')
py=$(echo "$simpy" | awk '{print $2}')
awk -v a="$lindley" -v b="$py" 'BEGIN { printf "ratio_lindley_full_vs_simpy %.0fx\n", a / b }'
