#!/usr/bin/env bash
# The demo project's own Python unit tests (training and serve.py, /metrics format included),
# run in the base image they ship on, with the source tree mounted read-only.
set -euo pipefail
demo=$(cd "$(dirname "$0")/../../resources/demo" && pwd)
bash "$(dirname "$0")/../../scripts/base-image.sh" ensure
exec docker run --rm --network none -v "$demo:/w:ro" -w /w -e PYTHONDONTWRITEBYTECODE=1 \
  pipewright/python-sklearn:bookworm sh -c \
  'python3 -m pyflakes training.py train.py serve.py tests/*.py && python3 -m unittest discover -s tests -t . -v'
