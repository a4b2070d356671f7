#!/bin/bash
# Prepares a Debian 12 machine (as root) for the podunit suites that use real Podman and systemd:
# packages, optionally /etc/containers/containers.conf, and the tests' private Podman store
# (store.sh: a local test image, no network, tagged with every image name the golden inputs and
# samples use; the host's own store is never touched). Idempotent; fast when already done.
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
for pkg in podman runc catatonit busybox-static dbus systemd tzdata; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" > /dev/null
else
  log "packages present: podman runc catatonit busybox-static dbus systemd tzdata"
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

# 3. The private store of the tests (their own graph root, run root, networks), with the test
#    image tagged as every image name the golden inputs and samples use: the host's own images,
#    containers and pods are never touched. The test setup runs it again (fast when done).
bash "$HERE/store.sh" > /dev/null
