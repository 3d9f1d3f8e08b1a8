#!/usr/bin/env bash
# Makes the demo's base image pipewright/python-sklearn from Debian packages, because no image
# can be pulled from a registry here: debootstrap --variant=minbase of bookworm with python3,
# scikit-learn, numpy, PyYAML and pyflakes (for lint), trimmed (build toolchain, apt lists,
# docs, man pages, locales), then `docker import`.
#
#   scripts/base-image.sh [ensure|build|tag|key|status]
#     ensure  (default) the image is in the engine: a no-op when it is, a re-import of the
#             cached root filesystem when only the cache has it, debootstrap on a cache miss
#     build   debootstrap again even on a cache hit (refreshes the cached tarball)
#     tag     print the content-addressed tag, e.g. pipewright/python-sklearn:3f2a9c0d1b7e
#     key     print the cache key's inputs (what the hash is taken of)
#     status  exit 0 when the image for the current key is in the engine
#
# The image gets two tags: :<key hash> (content-addressed) and :bookworm (stable, what the
# demo's pipeline and Dockerfile name). The key is the package list, the suite, the
# architecture and SCRIPT_VERSION; change any of them and a new image is made. The root
# filesystem is cached as $PW_IMAGE_CACHE/<hash>.tar.zst (default
# ~/.cache/pipewright/images), so a fresh Docker engine gets the image back in seconds.
# The Debian mirror is the one apt on this machine uses for the suite ($PW_DEBIAN_MIRROR
# overrides). Needs root (debootstrap chroots), Debian's debootstrap and zstd.
set -euo pipefail

SCRIPT_VERSION=2
SUITE=${PW_BASE_SUITE:-bookworm}
REPO=pipewright/python-sklearn
STABLE_TAG=$REPO:$SUITE
PACKAGES=(python3 python3-sklearn python3-numpy python3-yaml python3-pyflakes)
# Bookworm's python3-scipy depends on python3-pythran, which brings gcc, g++, Boost and the
# Python/BLAS headers (~450 MB): needed to compile Pythran code, never to import scipy or
# scikit-learn. They are purged after debootstrap with dependencies forced, as is OpenBLAS:
# the reference BLAS/LAPACK (libblas3, liblapack3) take over through the alternatives, which
# is plenty for the demo's small models and avoids OpenBLAS kernels that misdetect some CPUs.
PURGE=(python3-pythran python3-beniget python3-gast python3-ply libxsimd-dev
       libboost1.74-dev libboost-dev g++ g++-12 gcc gcc-12 cpp cpp-12 libgcc-12-dev
       libstdc++-12-dev libc6-dev libc-dev-bin linux-libc-dev libcrypt-dev libnsl-dev
       libtirpc-dev rpcsvc-proto binutils binutils-common binutils-x86-64-linux-gnu
       libbinutils libctf0 libctf-nobfd0 libgprofng0 libasan8 libtsan2 liblsan0 libubsan1
       libitm1 libcc1-0 libisl23 libmpc3 libmpfr6 libjansson4 libopenblas-dev
       libopenblas-pthread-dev libopenblas0 libopenblas0-pthread libpython3-all-dev
       python3-all python3-all-dev libpython3-dev libpython3.11-dev python3-dev python3.11-dev
       zlib1g-dev libexpat1-dev libjs-sphinxdoc libjs-jquery libjs-underscore)
CACHE=${PW_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pipewright/images}

log() { echo "base-image: $*" >&2; }
die() { echo "base-image: error: $*" >&2; exit 1; }

arch() { dpkg --print-architecture 2>/dev/null || echo amd64; }

key_text() {
  printf 'script-version=%s\nsuite=%s\narch=%s\nvariant=minbase\n' "$SCRIPT_VERSION" "$SUITE" "$(arch)"
  printf 'packages=%s\n' "$(printf '%s\n' "${PACKAGES[@]}" | sort | tr '\n' ' ')"
  printf 'purged=%s\n' "$(printf '%s\n' "${PURGE[@]}" | sort | tr '\n' ' ')"
}

key_hash() { key_text | sha256sum | cut -c1-12; }

image_present() { docker image inspect "$1" >/dev/null 2>&1; }

# The archive URI apt uses for $SUITE: deb822 .sources stanzas and one-line .list entries.
find_mirror() {
  if [ -n "${PW_DEBIAN_MIRROR:-}" ]; then echo "$PW_DEBIAN_MIRROR"; return; fi
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$f" in
      *.sources)
        awk -v suite="$SUITE" '
          function flush() { if (uri != "" && hit) { print uri; found = 1; exit } uri = ""; hit = 0 }
          /^[[:space:]]*$/ { flush(); next }
          /^URIs:/ { uri = $2 }
          /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) hit = 1 }
          END { if (!found) flush() }' "$f" ;;
      *)
        awk -v suite="$SUITE" '$1 == "deb" { u = ""; s = "";
          for (i = 2; i <= NF; i++) { if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; continue }
            if (u == "") u = $i; else { s = $i; break } }
          if (s == suite) { print u; exit } }' "$f" ;;
    esac
  done | head -n1
}

# Removes what a container never reads: apt's lists and caches, docs, man pages, locales
# other than C, logs. The package database stays, so `dpkg -l` still tells what is inside.
trim_root() {
  local root=$1
  chroot "$root" dpkg --purge --force-depends "${PURGE[@]}" >>"$2" 2>&1 \
    || die "purging the build toolchain failed; see $2"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
         "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
         "$root"/usr/share/lintian "$root"/usr/share/linda "$root"/var/log/* \
         "$root"/debootstrap "$root"/tmp/* "$root"/var/tmp/*
  find "$root"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + \
    2>/dev/null || true
  # Tests and examples that ship inside the Python packages.
  find "$root"/usr/lib/python3/dist-packages -type d -name tests -prune -exec rm -rf {} + \
    2>/dev/null || true
  mkdir -p "$root"/workspace
  chmod 1777 "$root"/tmp
}

build_tarball() { # hash → writes $CACHE/<hash>.tar.zst
  local hash=$1 mirror root start
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
  command -v debootstrap >/dev/null || die "debootstrap not found: install Debian's debootstrap (scripts/setup.sh)"
  command -v zstd >/dev/null || die "zstd not found: install Debian's zstd (scripts/setup.sh)"
  mirror=$(find_mirror)
  [ -n "$mirror" ] || die "no apt source for '$SUITE' found; set PW_DEBIAN_MIRROR"
  mkdir -p "$CACHE"
  root=$(mktemp -d "${TMPDIR:-/tmp}/pw-base-root.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$root'" EXIT
  start=$(date +%s)
  log "debootstrap $SUITE (minbase + ${PACKAGES[*]}) from $mirror"
  local include
  include=$(IFS=,; echo "${PACKAGES[*]}")
  # Downloaded .debs are kept apart from the key: a new key re-runs debootstrap without
  # fetching the same packages again.
  mkdir -p "$CACHE/debs"
  if ! debootstrap --variant=minbase --include="$include" --cache-dir="$CACHE/debs" \
      "$SUITE" "$root" "$mirror" \
      >"$CACHE/$hash.debootstrap.log" 2>&1; then
    tail -n 20 "$CACHE/$hash.debootstrap.log" >&2
    die "debootstrap failed; see $CACHE/$hash.debootstrap.log"
  fi
  trim_root "$root" "$CACHE/$hash.debootstrap.log"
  key_text >"$root/etc/pipewright-base-image"
  tar --numeric-owner --sort=name -C "$root" -c . | zstd -q -T1 -6 -o "$CACHE/$hash.tar.zst.part"
  mv "$CACHE/$hash.tar.zst.part" "$CACHE/$hash.tar.zst"
  rm -rf "$root"
  trap - EXIT
  log "root filesystem cached as $CACHE/$hash.tar.zst ($(du -h "$CACHE/$hash.tar.zst" | cut -f1)) in $(( $(date +%s) - start ))s"
}

import_tarball() { # hash
  local hash=$1 start
  start=$(date +%s)
  zstd -q -dc "$CACHE/$hash.tar.zst" | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PYTHONDONTWRITEBYTECODE=1' \
    --change 'WORKDIR /workspace' \
    --change 'CMD ["python3"]' \
    --message "pipewright base image $SUITE ($hash)" \
    - "$REPO:$hash" >/dev/null
  docker tag "$REPO:$hash" "$STABLE_TAG"
  log "imported $REPO:$hash as $STABLE_TAG in $(( $(date +%s) - start ))s" \
      "($(docker image inspect --format '{{.Size}}' "$REPO:$hash" | awk '{printf "%.0f MB", $1 / 1e6}'))"
}

cmd_ensure() {
  local hash; hash=$(key_hash)
  if image_present "$REPO:$hash"; then
    # The stable tag may point at an older key's image.
    docker tag "$REPO:$hash" "$STABLE_TAG"
    return
  fi
  [ -s "$CACHE/$hash.tar.zst" ] || build_tarball "$hash"
  import_tarball "$hash"
}

case "${1:-ensure}" in
  ensure) cmd_ensure ;;
  build) build_tarball "$(key_hash)"; import_tarball "$(key_hash)" ;;
  tag) echo "$REPO:$(key_hash)" ;;
  key) key_text ;;
  status) image_present "$REPO:$(key_hash)" ;;
  *) echo "usage: $0 [ensure|build|tag|key|status]" >&2; exit 2 ;;
esac
