#!/bin/bash
# Builds the Podman 5.4.2 test root (as root): a Debian 13 (trixie) tree made with mmdebstrap,
# with Podman 5.4.2, crun/runc, netavark + nftables, Quadlet and systemd 257, used through run.sh.
# Then installs its containers.conf and imports the test image, tagged with every image name the
# tests use (as ../podman/setup.sh does on the host). Idempotent: a root made from the current
# recipe is kept, and only missing tags are added.
#
#   bash test/podman5/setup.sh
#
# Environment: PODUNIT_PODMAN5_ROOT (default /var/lib/podunit-podman5),
# PODUNIT_PODMAN5_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
R=${PODUNIT_PODMAN5_ROOT:-/var/lib/podunit-podman5}
MIRROR=${PODUNIT_PODMAN5_MIRROR:-http://deb.debian.org/debian}
LOG_PREFIX=podman5/setup.sh
# shellcheck source=../podman/lib.sh
. "$HERE/../podman/lib.sh"

case ${1:-} in
  '') ;;
  -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "setup.sh: unknown argument $1" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "setup.sh: run as root" >&2; exit 2; }

# nftables: only a Recommends of netavark, but without it every container with a network fails
# ("unable to execute nft"). Change RECIPE (the stamp) whenever the tree must be rebuilt.
PACKAGES=podman,crun,runc,conmon,catatonit,busybox-static,systemd,dbus,netavark,aardvark-dns,nftables,passt,uidmap,ca-certificates
RECIPE="trixie 1 $PACKAGES"
STAMP=.podunit-podman5

# 1. The tree, unless one made from the current recipe is there.
if [ "$(cat "$R/$STAMP" 2> /dev/null)" = "$RECIPE" ]; then
  log "root present: $R"
else
  if [ -e "$R" ] && [ ! -e "$R/$STAMP" ] && [ -n "$(ls -A "$R")" ]; then
    echo "setup.sh: $R exists and was not made by this script: remove it or set PODUNIT_PODMAN5_ROOT" >&2
    exit 2
  fi
  if ! command -v mmdebstrap > /dev/null; then
    log "installing mmdebstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap > /dev/null
  fi
  log "building $R from $MIRROR"
  rm -rf "$R.new"
  mkdir -p "$(dirname "$R")"
  mmdebstrap --quiet --variant=apt --include="$PACKAGES" trixie "$R.new" "$MIRROR"
  printf '%s\n' "$RECIPE" > "$R.new/$STAMP"
  rm -rf "$R"
  mv "$R.new" "$R"
fi

# 2. Its containers.conf.
if ! cmp -s "$HERE/containers.conf" "$R/etc/containers/containers.conf"; then
  cp "$HERE/containers.conf" "$R/etc/containers/containers.conf"
  log "wrote $R/etc/containers/containers.conf"
fi

# For run.sh's PODUNIT_PODMAN5_CGROUPS=host: crun refuses cgroup v1/hybrid layouts.
host_conf=$(printf '# Written by test/podman5/setup.sh, for run.sh with PODUNIT_PODMAN5_CGROUPS=host.\n[engine]\nruntime = "runc"')
[ "$(cat "$R/etc/containers/podunit-host-cgroups.conf" 2> /dev/null)" = "$host_conf" ] ||
  printf '%s\n' "$host_conf" > "$R/etc/containers/podunit-host-cgroups.conf"

# 3. The test image and its names, made inside the root (from the root's own busybox).
PODUNIT_PODMAN5_ROOT=$R PODUNIT_PODMAN5_WORK=$REPO bash "$HERE/run.sh" \
  bash -c '. test/podman/lib.sh && LOG_PREFIX=$1 && prepare_test_image . podman' bash "$LOG_PREFIX"
log "ready: $(PODUNIT_PODMAN5_ROOT=$R bash "$HERE/run.sh" podman --version)"
