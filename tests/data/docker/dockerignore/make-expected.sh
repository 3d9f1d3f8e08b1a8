#!/usr/bin/env bash
# Regenerates each case's expected.txt with the docker CLI's own result: the classic builder
# (the one Pipewright drives through the API) copies the context with `COPY . /ctx` and the
# Dockerfile lists what arrived (directories end with '/'). Needs scripts/docker-env.sh up.
set -euo pipefail
cd "$(dirname "$0")"
for c in */; do
  c=${c%/}
  DOCKER_BUILDKIT=0 docker build --no-cache --rm --force-rm -t "pipewright-test-ignore-$c" "$c/context" \
    | sed -n '/^Step 3\/3/,/^ ---> [0-9a-f]/p' | sed '1,2d;$d' | grep -v '^Removing intermediate' \
    > "$c/expected.txt"
  docker image rm "pipewright-test-ignore-$c" >/dev/null
  echo "$c: $(wc -l <"$c/expected.txt") entries"
done
