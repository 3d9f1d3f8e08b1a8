#!/usr/bin/env bash
# Sets up, builds and launches the Pipewright GUI with the bundled demo pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build_dir=${PW_BUILD_DIR:-build}
exec "$build_dir/app/pipewright" "${@:-resources/demo/.pipewright.yml}"
