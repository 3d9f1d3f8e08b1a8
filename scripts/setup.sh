#!/usr/bin/env bash
# Installs every Debian package Pipewright needs to build, run and test. Idempotent: it only
# calls apt-get when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-svg-dev
  libqcustomplot-dev libgit2-dev libyaml-cpp-dev libcurl4-openssl-dev libarchive-dev
  libgl-dev xvfb xauth
  fonts-dejavu-core
  docker.io docker-registry busybox-static apache2-utils
  debootstrap zstd curl
  python3-simpy
  clang-format-14
  containerd runc containernetworking-plugins conntrack iptables nftables jq
  clang-14 libclang-rt-14-dev valgrind
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# docker.io conflicts with an engine already installed from elsewhere: keep the running one.
if command -v dockerd >/dev/null 2>&1 || command -v docker >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do [ "$p" = docker.io ] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
