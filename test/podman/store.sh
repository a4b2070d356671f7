#!/bin/bash
# Prepares the private Podman store of the tests, so that no suite reads or writes the user's own
# images, containers, pods, volumes, secrets or networks: a storage.conf (own graph root and run
# root) and a containers.conf (test/podman/containers.conf, or $CONTAINERS_CONF when set, plus
# own tmp and network config directories), then the test image, tagged with every image name the
# tests use. Idempotent and fast when done; the vitest global setup runs it before every run.
#
#   bash test/podman/store.sh        prints the store directory on stdout
#
# The tests point Podman at it with CONTAINERS_STORAGE_CONF=STORE/storage.conf and
# CONTAINERS_CONF=STORE/containers.conf (test/support/podman.ts, podmanEnv()).
# Environment: PODUNIT_PODMAN_STORE (default /var/lib/podunit-podman-store as root, else
# ${XDG_CACHE_HOME:-~/.cache}/podunit/podman-store).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
LOG_PREFIX=store.sh
# shellcheck source=lib.sh
. "$HERE/lib.sh"

if [ -n "${PODUNIT_PODMAN_STORE:-}" ]; then
  STORE=$PODUNIT_PODMAN_STORE
elif [ "$(id -u)" = 0 ]; then
  STORE=/var/lib/podunit-podman-store
else
  STORE=${XDG_CACHE_HOME:-$HOME/.cache}/podunit/podman-store
fi
command -v podman > /dev/null || { log "podman not found"; exit 2; }
mkdir -p "$STORE/graph" "$STORE/run" "$STORE/tmp" "$STORE/networks"

# write_if_changed FILE: stdin into FILE unless it already holds exactly that.
write_if_changed() {
  local new
  new=$(cat)
  [ "$(cat "$1" 2> /dev/null)" = "$new" ] || printf '%s\n' "$new" > "$1"
}

write_if_changed "$STORE/storage.conf" << EOF_STORAGE
# Written by test/podman/store.sh: the private store of the podunit tests.
[storage]
driver = "overlay"
graphroot = "$STORE/graph"
runroot = "$STORE/run"
EOF_STORAGE

# add_key TABLE LINE: LINE in [TABLE] of the containers.conf on stdin (the table added if missing).
add_key() {
  local input
  input=$(cat)
  if grep -q "^\[$1\]" <<< "$input"; then
    sed "/^\[$1\]/a $2" <<< "$input"
  else
    printf '%s\n\n[%s]\n%s\n' "$input" "$1" "$2"
  fi
}
base=${CONTAINERS_CONF:-$HERE/containers.conf}
{
  printf '# Written by test/podman/store.sh from %s, plus private directories.\n' "$base"
  grep -v '^[[:space:]]*\(tmp_dir\|network_config_dir\)[[:space:]]*=' "$base" |
    add_key engine "tmp_dir = \"$STORE/tmp\"" |
    add_key network "network_config_dir = \"$STORE/networks\""
} | write_if_changed "$STORE/containers.conf"

export CONTAINERS_STORAGE_CONF=$STORE/storage.conf CONTAINERS_CONF=$STORE/containers.conf
prepare_test_image "$REPO" podman
printf '%s\n' "$STORE"
