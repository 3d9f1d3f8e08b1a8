#!/usr/bin/env bash
# Applies the house style (.clang-format, clang-format 14) to every C++ file in the repository,
# or checks it (--check: lists the files that differ, exit 1 if any). The Qt keywords are
# spelled Q_SIGNALS / Q_SLOTS / Q_EMIT (QT_NO_KEYWORDS is defined for every target).
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$formatter" >/dev/null; then
  echo "format.sh: $formatter is missing (scripts/setup.sh installs clang-format-14)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -v '^tests/fuzz/corpus/')
if [ "${1:-}" = --check ]; then
  bad=0
  for f in "${files[@]}"; do
    if ! "$formatter" --dry-run -Werror "$f" >/dev/null 2>&1; then
      echo "$f: not formatted (scripts/format.sh)"
      bad=1
    fi
  done
  exit $bad
fi
printf '%s\0' "${files[@]}" | xargs -0 -n 50 "$formatter" -i
