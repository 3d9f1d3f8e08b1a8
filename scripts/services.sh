#!/usr/bin/env bash
# Starts (up) or stops (down) every real component the tests talk to. Each component has its
# own script; a component that cannot start makes `up` fail with its script's message, so the
# tests that need it are never silently skipped. PW_KUBE_NODE=real gives the cluster a real
# node (scripts/kube-env.sh; the default, kwok, runs no container).
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:-up}
for component in scripts/docker-env.sh scripts/kube-env.sh; do
  [ -x "$component" ] || [ -f "$component" ] || continue
  echo "services: $action $(basename "$component" .sh)"
  bash "$component" "$action"
done
