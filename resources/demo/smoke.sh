#!/bin/sh
# Smoke test of a running model server: health, a known sample through /predict, the version
# it reports, and its /metrics. Runs on the host with curl.
#   sh smoke.sh URL [EXPECTED_VERSION]
# EXPECTED_VERSION defaults to the model_version in model/model.json (the model just trained).
set -eu
url=${1:?usage: smoke.sh URL [EXPECTED_VERSION]}
here=$(dirname "$0")
expected=${2:-$(grep -o '"model_version": [0-9]*' "$here/model/model.json" | grep -o '[0-9]*$')}
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

i=0
until curl -fsS -o /dev/null "$url/healthz" 2>/dev/null; do
  i=$((i + 1))
  [ "$i" -lt 60 ] || fail "$url/healthz did not answer 2xx within 30 s"
  sleep 0.5
done
echo "smoke: $url/healthz ok"

# Four held-out-style digits whose labels are known: 0, 3, 6 and 7.
answer=$(curl -fsS -H 'Content-Type: application/json' --data-binary "@$here/samples/smoke-request.json" \
  "$url/predict") || fail "POST $url/predict"
echo "smoke: /predict -> $answer"
case "$answer" in
  *'"predictions": [0, 3, 6, 7]'*) ;;
  *) fail "/predict answered $answer, expected predictions [0, 3, 6, 7]" ;;
esac

version=$(curl -fsS "$url/version") || fail "GET $url/version"
echo "smoke: /version -> $version"
case "$version" in
  *"\"model_version\": $expected,"*) ;;
  *) fail "/version answered $version, expected model_version $expected" ;;
esac

curl -fsS "$url/metrics" | grep -q '^model_requests_total{handler="/predict",code="200"} [1-9]' \
  || fail "/metrics does not count the /predict request"
echo "smoke: passed (model $expected)"
