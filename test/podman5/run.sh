#!/bin/bash
# Runs CMD inside the Podman 5.4.2 test root (made by setup.sh), as root:
#
#   bash test/podman5/run.sh CMD...
#
# Each call gets private mount, PID, network, UTS and IPC namespaces: /proc, /sys, /run, /tmp and
# /dev/shm are new, and whatever CMD starts (conmon, containers, netavark's bridges and nftables
# rules) ends with the call. Images, containers and pods persist in the root's
# /var/lib/containers. CMD runs in /mnt/work, the host directory $PODUNIT_PODMAN5_WORK (default:
# the current directory) bound read-write, with a clean environment (PATH, HOME, LANG, TERM).
#
# Environment: PODUNIT_PODMAN5_ROOT (default /var/lib/podunit-podman5), PODUNIT_PODMAN5_WORK,
# PODUNIT_PODMAN5_WORK_AT (where the work directory is inside; default /mnt/work),
# PODUNIT_PODMAN5_CGROUPS=host (the host's cgroup mounts and runc, instead of a cgroup2 view of
# its own: on a cgroup v1/hybrid host, for --memory and --cpus).
#
#   bash test/podman5/run.sh --session-start    prints the PID to give nsenter
#
# starts the same view held open by a waiting init (catatonit), for suites whose containers must
# outlive one command: run commands in it with `nsenter -t PID -m -p -n -u -i -r -w CMD...`, end
# it with `kill PID` (everything in it ends too).
set -euo pipefail
SELF=$(readlink -f "${BASH_SOURCE[0]}")
R=${PODUNIT_PODMAN5_ROOT:-/var/lib/podunit-podman5}
readonly INSIDE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# In the new namespaces: the root's own view of the system, then pivot_root into it.
inner() {
  local work=$1 at=$2
  shift 2
  # The root must be a mount point of its own, or image layers fail to unpack
  # ("remount /, flags: 0x44000: invalid argument").
  mount --bind "$R" "$R"
  mount -t proc proc "$R/proc"
  mount -t sysfs sysfs "$R/sys"
  local cgroup_env=()
  if [ "${PODUNIT_PODMAN5_CGROUPS:-own}" = host ]; then
    # The host's own cgroup mounts, with runc (crun refuses hybrid layouts): on a cgroup v1 or
    # hybrid host this is what lets --memory and --cpus work.
    mount --rbind /sys/fs/cgroup "$R/sys/fs/cgroup"
    cgroup_env=(CONTAINERS_CONF_OVERRIDE=/etc/containers/podunit-host-cgroups.conf
      PODMAN_IGNORE_CGROUPSV1_WARNING=1)
  else
    # A cgroup2 view only: crun refuses hybrid layouts (see containers.conf for pids).
    mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
  fi
  mount --rbind /dev "$R/dev"
  # Podman's lock file lives in /dev/shm: a shared one gives "acquiring lock N: file exists"
  # once /run is new.
  mount -t tmpfs -o mode=1777 tmpfs "$R/dev/shm"
  mount -t tmpfs -o mode=755 tmpfs "$R/run"
  mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
  mkdir -p "$R$at"
  mount --bind "$work" "$R$at"
  hostname podunit-podman5
  # pivot_root, not chroot: the namespace's own root must be the root, or every process that
  # joins it with setns (`podman exec`, so every health check) lands in the host's real /.
  cd "$R"
  pivot_root . .
  umount -l .
  exec /usr/bin/env -i PATH="$INSIDE_PATH" HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
    AT="$at" "${cgroup_env[@]}" /bin/bash -c 'busybox ip link set lo up 2> /dev/null; cd "$AT" && exec "$@"' run.sh "$@"
}

if [ "${1:-}" = --inner ]; then
  shift
  inner "$@"
fi
case ${1:-} in
  '' | -h | --help) sed -n '2,12p' "$SELF" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "run.sh: run as root" >&2; exit 2; }
[ -x "$R/usr/bin/podman" ] || { echo "run.sh: no Podman 5 root in $R (run: bash test/podman5/setup.sh)" >&2; exit 2; }
work=$(readlink -f "${PODUNIT_PODMAN5_WORK:-$PWD}")
at=${PODUNIT_PODMAN5_WORK_AT:-/mnt/work}
if [ "$1" = --session-start ]; then
  # The unshare process forks the namespaces' init; nsenter needs the init's PID.
  setsid unshare --mount --propagation private --pid --fork --net --uts --ipc -- \
    /bin/bash "$SELF" --inner "$work" "$at" /usr/bin/catatonit -P < /dev/null > /dev/null 2>&1 &
  holder=$!
  for _ in $(seq 100); do
    init=$(cat "/proc/$holder/task/$holder/children" 2> /dev/null || true)
    init=${init%% *}
    if [ -n "$init" ] && [ "/proc/$init/root/usr/bin/catatonit" -ef "$R/usr/bin/catatonit" ] &&
      [ "/proc/$init/exe" -ef "$R/usr/bin/catatonit" ]; then
      echo "$init"
      exit 0
    fi
    sleep 0.05
  done
  echo "run.sh: the session did not start" >&2
  kill "$holder" 2> /dev/null || true
  exit 1
fi
exec unshare --mount --propagation private --pid --fork --net --uts --ipc -- \
  /bin/bash "$SELF" --inner "$work" "$at" "$@"
