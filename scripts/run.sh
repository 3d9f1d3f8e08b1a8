#!/usr/bin/env bash
# Sets up, builds and launches the Pipewright GUI with the demo project: on first use it is
# created (`pipewright demo create`) as a git repository in $PW_DEMO_DIR (default
# ~/.local/share/pipewright/demo-project), then its pipeline is opened. Arguments, if any,
# are passed to pipewright instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build_dir=${PW_BUILD_DIR:-build}
if [ $# -gt 0 ]; then
  exec "$build_dir/app/pipewright" "$@"
fi
demo=${PW_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/pipewright/demo-project}
if [ ! -f "$demo/.pipewright.yml" ]; then
  "$build_dir/app/pipewright" demo create "$demo" >/dev/null
fi
exec "$build_dir/app/pipewright" "$demo/.pipewright.yml"
