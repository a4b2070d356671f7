#!/bin/bash
# Prepares a Debian 12 machine (as root) for the rootless end-to-end suite
# (test/systemd-user-e2e.test.ts): the programs a rootless Podman 4.3 needs, on top of what
# test/podman/setup.sh installs. Idempotent; fast when already done. Creates no user: the suite
# makes its user, with subordinate ids, inside its own throw-away systemd.
#
#   bash test/podman/setup-rootless.sh
#
# uidmap: the setuid newuidmap/newgidmap that map a user's subordinate ids; slirp4netns: the
# rootless network of Podman 4.3; dbus-user-session: a D-Bus for `systemd --user`, through which
# rootless Podman uses the systemd cgroup manager; libpam-systemd: logind sessions.
# (The Podman 5 root of test/podman5/setup.sh brings its own uidmap and passt.)
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "setup-rootless.sh: run as root" >&2; exit 2; }
need=()
for pkg in uidmap slirp4netns dbus-user-session libpam-systemd; do
  dpkg-query -W -f='${Status}' "$pkg" 2> /dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "setup-rootless.sh: installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" > /dev/null
else
  echo "setup-rootless.sh: packages present: uidmap slirp4netns dbus-user-session libpam-systemd" >&2
fi
