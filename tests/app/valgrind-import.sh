#!/usr/bin/env bash
# `pipewright import` under valgrind (memcheck) on every real-world file in the shared folder:
# no invalid read or write, no use of uninitialised memory, no definite leak. CI's test label
# `valgrind`. Files from jenkinsfiles/, workflows/ and gitlab/ are imported with --from; the
# others (manifests, .dockerignore files) with detection, which must refuse them cleanly.
#   valgrind-import.sh PIPEWRIGHT REALWORLD_DIR
set -uo pipefail
# PCRE2's JIT (QRegularExpression) writes code valgrind cannot see into: its reads show as
# false errors at ??? addresses. The interpreter is checked instead.
export QT_ENABLE_REGEXP_JIT=0
cli=$1
dir=$2
if ! command -v valgrind >/dev/null 2>&1; then
  echo "valgrind is missing (Debian valgrind; scripts/setup.sh installs it)" >&2
  exit 1
fi
[ -d "$dir" ] || { echo "no real-world files at $dir" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
count=0
while IFS= read -r -d '' file; do
  case $file in
    */jenkinsfiles/*) from=(--from jenkins) ;;
    */workflows/*) from=(--from github) ;;
    */gitlab/*) from=(--from gitlab) ;;
    *) from=() ;;
  esac
  count=$((count + 1))
  log=$out/$count.log
  valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --log-file="$log" "$cli" import "$file" "${from[@]}" -o "$out/$count.yml" 2>"$out/$count.err"
  rc=$?
  if [ $rc -eq 99 ] || [ $rc -gt 2 ] || [ -s "$log" ]; then
    echo "FAIL ($rc) $file"
    cat "$log"
    failed=$((failed + 1))
  else
    echo "ok   (exit $rc) $file"
  fi
done < <(find "$dir" -type f ! -name SOURCES.md -print0 | sort -z)
echo "$count files, $failed with valgrind errors"
[ $count -gt 0 ] && [ $failed -eq 0 ]
