#!/usr/bin/env bash
# The Docker side of the test environment: dockerd (reused when one answers, else Debian's
# docker.io dockerd), two Debian docker-registry instances on 127.0.0.1 (5000 open, 5001 with
# htpasswd basic auth) and the base image pipewright/busybox:latest made with `docker import`
# of a busybox-static root filesystem, because nothing can be pulled from the internet here.
# `up` also makes the demo's Python base image pipewright/python-sklearn (scripts/base-image.sh:
# debootstrap once, then a re-import from its cache in seconds); PW_SKIP_PYTHON_BASE=1 skips it.
#
#   scripts/docker-env.sh up|down|status
#
# Registry 5001 accepts user "pipewright" with password "pipewright-secret" (test-only).
# State lives in $PW_DOCKER_ENV_DIR (default ~/.cache/pipewright/docker-env).
set -euo pipefail

STATE=${PW_DOCKER_ENV_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pipewright/docker-env}
BASE_IMAGE=pipewright/busybox:latest
AUTH_USER=pipewright
AUTH_PASSWORD=pipewright-secret
mkdir -p "$STATE"

log() { echo "docker-env: $*" >&2; }
die() { echo "docker-env: error: $*" >&2; exit 1; }

docker_ok() { docker info >/dev/null 2>&1; }

registry_ok() { # port → true when /v2/ answers (200, or 401 on the auth instance)
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/" 2>/dev/null || true)
  [ "$code" = 200 ] || [ "$code" = 401 ]
}

wait_for() { # seconds, command...
  local n=$(( $1 * 10 )); shift
  for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.1; done
  return 1
}

start_dockerd() {
  if docker_ok; then log "reusing the running Docker engine"; return; fi
  command -v dockerd >/dev/null || die "dockerd not found: install Debian's docker.io (scripts/setup.sh)"
  [ "$(id -u)" -eq 0 ] || die "no Docker engine answers and starting dockerd needs root"
  log "starting dockerd (log: $STATE/dockerd.log)"
  nohup dockerd >"$STATE/dockerd.log" 2>&1 &
  echo $! >"$STATE/dockerd.pid"
  wait_for 60 docker_ok || die "dockerd did not come up; see $STATE/dockerd.log"
}

start_registry() { # port, auth(0|1)
  local port=$1 auth=$2 dir="$STATE/registry-$1"
  if registry_ok "$port"; then log "registry on 127.0.0.1:$port already running"; return; fi
  command -v docker-registry >/dev/null || die "docker-registry not found: install Debian's docker-registry"
  mkdir -p "$dir/data"
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage:"
    echo "  filesystem: {rootdirectory: $dir/data}"
    echo "  delete: {enabled: true}"
    echo "http: {addr: 127.0.0.1:$port}"
    if [ "$auth" = 1 ]; then
      echo "auth:"
      echo "  htpasswd: {realm: pipewright-test, path: $STATE/htpasswd}"
    fi
  } >"$dir/config.yml"
  if [ "$auth" = 1 ]; then
    # The registry only accepts bcrypt entries.
    command -v htpasswd >/dev/null || die "htpasswd not found: install Debian's apache2-utils"
    htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$STATE/htpasswd"
  fi
  nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  echo $! >"$dir/pid"
  wait_for 30 registry_ok "$port" || die "registry on 127.0.0.1:$port did not come up; see $dir/registry.log"
  log "registry on 127.0.0.1:$port started"
}

make_base_image() {
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then return; fi
  [ -x /bin/busybox ] || die "/bin/busybox missing: install Debian's busybox-static"
  file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' \
    || ldd /bin/busybox 2>&1 | grep -q 'not a dynamic' \
    || die "/bin/busybox is not static: install Debian's busybox-static"
  local root
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,workspace,proc,sys,dev}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
  tar -C "$root" -c . | docker import \
    --change 'CMD ["sh"]' --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$root"
  log "made $BASE_IMAGE"
}

stop_pidfile() { # file
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    wait_for 20 bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

cmd_up() {
  command -v curl >/dev/null || die "curl not found"
  start_dockerd
  start_registry 5000 0
  start_registry 5001 1
  make_base_image
  if [ "${PW_SKIP_PYTHON_BASE:-0}" != 1 ]; then
    bash "$(dirname "$0")/base-image.sh" ensure
  fi
  log "ready"
}

cmd_down() {
  # Only what this script started: a dockerd found running is left alone.
  for port in 5000 5001; do
    stop_pidfile "$STATE/registry-$port/pid"
    rm -rf "$STATE/registry-$port/data"
  done
  stop_pidfile "$STATE/dockerd.pid"
  log "stopped"
}

cmd_status() {
  local rc=0
  if docker_ok; then
    echo "dockerd: up, $(docker version --format 'server {{.Server.Version}} api {{.Server.APIVersion}}' 2>/dev/null)"
  else
    echo "dockerd: DOWN"; rc=1
  fi
  for port in 5000 5001; do
    if registry_ok "$port"; then echo "registry 127.0.0.1:$port: up"; else echo "registry 127.0.0.1:$port: DOWN"; rc=1; fi
  done
  if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    echo "base image $BASE_IMAGE: present"
  else
    echo "base image $BASE_IMAGE: MISSING"; rc=1
  fi
  local python_base
  python_base=$(bash "$(dirname "$0")/base-image.sh" tag)
  if docker image inspect "$python_base" >/dev/null 2>&1; then
    echo "base image $python_base: present"
  else
    echo "base image $python_base: MISSING (scripts/base-image.sh)"
  fi
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
