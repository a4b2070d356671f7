#!/bin/bash
# Prepares a Debian 12 machine (as root) for the podunit suites that use real Podman and systemd:
# packages, optionally /etc/containers/containers.conf, and a local test image (no network) tagged
# with every image name the golden inputs and samples use. Idempotent; fast when already done.
#
#   bash test/podman/setup.sh [--host-conf]
#
# --host-conf (implied by CI=true) installs test/podman/containers.conf as
# /etc/containers/containers.conf; otherwise the tests pass it through CONTAINERS_CONF.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOG_PREFIX=setup.sh
# shellcheck source=lib.sh
. "$HERE/lib.sh"

host_conf=false
[ "${CI:-}" = true ] && host_conf=true
for arg in "$@"; do
  case $arg in
    --host-conf) host_conf=true ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "setup.sh: run as root" >&2; exit 2; }

# 1. Packages (only the missing ones; apt-get update only when something is missing).
need=()
for pkg in podman runc catatonit busybox-static dbus systemd; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" > /dev/null
else
  log "packages present: podman runc catatonit busybox-static dbus systemd"
fi

# 2. containers.conf on the host, only when asked.
if $host_conf; then
  if ! cmp -s "$HERE/containers.conf" /etc/containers/containers.conf; then
    mkdir -p /etc/containers
    cp "$HERE/containers.conf" /etc/containers/containers.conf
    log "wrote /etc/containers/containers.conf"
  fi
fi
export CONTAINERS_CONF=${CONTAINERS_CONF:-$HERE/containers.conf}

# 3. The test image, unless the current version is already there.
have=$(podman image inspect --format '{{index .Labels "io.podunit.test-image"}}' "$TEST_IMAGE" 2> /dev/null || true)
if [ "$have" != "$TEST_IMAGE_VERSION" ]; then
  log "importing $TEST_IMAGE (version $TEST_IMAGE_VERSION) from /bin/busybox"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  make_test_rootfs_tar "$tmp/rootfs.tar"
  import_test_image "$tmp/rootfs.tar" podman
fi

# 4. Tag it with every image name the golden inputs, samples and parity cases use, fully
#    qualified as podunit writes them (plus the names of
#    ../shared/podman-4.3.1), so that nothing is ever pulled.
mapfile -t names < <(
  {
    printf '%s\n' centos nginx:1.25
    shopt -s nullglob
    cat /dev/null "$ROOT"/test/golden/*/input.yaml "$ROOT"/samples/*.yaml "$ROOT"/test/parity/*.yaml |
      sed -nE 's/^[[:space:]]*(-[[:space:]]+)?image:[[:space:]]*//p' |
      sed -E 's/[[:space:]]+#.*$//; s/^"(.*)"$/\1/; s/^'"'"'(.*)'"'"'$/\1/; s/[[:space:]]+$//'
  } | while read -r name; do [ -n "$name" ] && normalize_image_name "$name"; done | sort -u
)
id=$(podman image inspect --format '{{.Id}}' "$TEST_IMAGE")
missing=()
for name in "${names[@]}"; do
  [ "$(podman image inspect --format '{{.Id}}' "$name" 2> /dev/null || true)" = "$id" ] || missing+=("$name")
done
for name in "${missing[@]}"; do
  podman tag "$TEST_IMAGE" "$name" || log "warning: cannot tag $name"
done
log "test image $TEST_IMAGE tagged as ${#names[@]} names (${#missing[@]} new)"
