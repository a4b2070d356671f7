#!/bin/bash
# End-to-end run of a pod's units under a real systemd (Debian 12: systemd 252, Podman 4.3.1).
#
#   systemd-e2e.sh --units DIR --pod-unit pod-NAME.service --pod-name NAME
#                  [--check 'SHELL COMMAND'] [--check-output FILE] [--image NAME]... [--keep]
#                  [--data DIR] [--no-start]
#
# Boots systemd as PID 1 of private pid/mount/uts/ipc/net/cgroup namespaces, on a copy-on-write
# overlay of / (the host root is never written), with its own /run, /tmp and container storage.
# Inside it: imports the test image (busybox-static, see lib.sh) under every --image name (default:
# every image name the tests use, test_image_names in lib.sh), installs every *.service of DIR,
# starts the pod unit, waits until the pod unit and all the container units it wants are active, checks with podman
# that the pod and all its containers run, runs the optional check command (sh -c, inside the
# sandbox; its stdout goes to --check-output), stops the pod unit, checks that every unit is
# inactive or failed and that no pod or container is left, then tears everything down.
# --data DIR: a copy of DIR (modes kept) is /mnt/podunit-e2e/data inside the sandbox, e.g. the
# data files of `podunit convert --data-dir /mnt/podunit-e2e/data`.
# *.timer files of DIR are installed too. --no-start: install, then only run the check command
# (which starts and stops what it wants, e.g. a timer and a job's pod that stops by itself).
#
# Exit status: 0 PASS, 1 FAIL, 2 usage or environment error. Needs root, unshare, nsenter.
# Env: PODUNIT_E2E_CGROUP_MANAGER=systemd|cgroupfs (default systemd).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")
LOG_PREFIX=systemd-e2e
# shellcheck source=lib.sh
. "$HERE/lib.sh"
SANDBOX_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# ---------------------------------------------------------------------------------------------
# Inside the namespaces (PID 1 until it execs systemd).

enter_cgroups() { # $1 = work dir: a child cgroup in every hierarchy, then unshare everything
  local work=$1 name=podunit-e2e-$$ target fstype opts key mount_opts path dir
  : > "$work/cgroup-mounts"
  : > "$work/cgroup-dirs"
  while read -r target fstype opts; do
    if [ "$fstype" = cgroup2 ]; then
      key='' mount_opts=cgroup2
    else
      key=$(tr ',' '\n' <<< "$opts" | grep -vxE 'rw|ro|relatime|nosuid|nodev|noexec' | paste -sd, -)
      mount_opts=$key
      [[ $key == name=* ]] && mount_opts=none,$key
    fi
    path=$(awk -F: -v k="$key" '$2 == k { print $3 }' /proc/self/cgroup)
    dir=$target${path%/}/$name
    mkdir -p "$dir"
    if [ -f "$dir/cpuset.cpus" ]; then # cpuset v1 children start empty
      cat "${dir%/*}/cpuset.cpus" > "$dir/cpuset.cpus"
      cat "${dir%/*}/cpuset.mems" > "$dir/cpuset.mems"
    fi
    echo $$ > "$dir/cgroup.procs"
    echo "$dir" >> "$work/cgroup-dirs"
    echo "${target##*/} $mount_opts" >> "$work/cgroup-mounts"
  done < <(findmnt -rn -t cgroup,cgroup2 -o TARGET,FSTYPE,OPTIONS)
  exec unshare --fork --pid --mount --uts --ipc --net --cgroup --propagation private \
    "$SELF" __boot "$work"
}

boot() { # $1 = work dir; we are PID 1 of the new namespaces
  local work=$1 root=$1/root pid _ n name major minor
  read -r pid _ < /proc/self/stat # the host's /proc is still mounted: our host PID
  echo "$pid" > "$work/systemd.pid"
  hostname podunit-e2e
  mkdir -p "$work/cow" "$root"
  mount -t tmpfs -o mode=755 podunit-e2e "$work/cow"
  mkdir -p "$work/cow/upper" "$work/cow/work"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$work/cow/upper,workdir=$work/cow/work" "$root"

  mount -t proc proc "$root/proc"
  mount --bind "$root/proc/sys" "$root/proc/sys"
  mount --bind "$root/proc/sys/net" "$root/proc/sys/net"
  mount -o remount,bind,ro "$root/proc/sys"
  mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
  mount -t tmpfs -o mode=755,nosuid,nodev,noexec cgroup-root "$root/sys/fs/cgroup"
  while read -r name opts; do
    mkdir -p "$root/sys/fs/cgroup/$name"
    if [ "$opts" = cgroup2 ]; then
      mount -t cgroup2 cgroup2 "$root/sys/fs/cgroup/$name"
    else
      mount -t cgroup -o "$opts" cgroup "$root/sys/fs/cgroup/$name"
    fi
  done < "$work/cgroup-mounts"
  mount -o remount,ro,bind "$root/sys/fs/cgroup"

  mount -t tmpfs -o mode=755,nosuid dev "$root/dev"
  for n in 'null 1 3' 'zero 1 5' 'full 1 7' 'random 1 8' 'urandom 1 9' 'tty 5 0'; do
    read -r name major minor <<< "$n"
    mknod -m 666 "$root/dev/$name" c "$major" "$minor"
  done
  mkdir -p "$root/dev/pts" "$root/dev/shm" "$root/dev/mqueue" "$root/dev/net"
  mknod -m 666 "$root/dev/net/tun" c 10 200 || true
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$root/dev/pts"
  ln -s pts/ptmx "$root/dev/ptmx"
  mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
  mount -t mqueue mqueue "$root/dev/mqueue"
  ln -s /proc/self/fd "$root/dev/fd"
  for n in 0:stdin 1:stdout 2:stderr; do ln -s "/proc/self/fd/${n%%:*}" "$root/dev/${n#*:}"; done
  : > "$work/console.log"
  touch "$root/dev/console"
  mount --bind "$work/console.log" "$root/dev/console"

  mount -t tmpfs -o mode=755,nosuid,nodev run "$root/run"
  mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/tmp"
  mkdir -p "$work/storage" "$root/var/lib/containers/storage" # overlayfs can't be a graphroot
  mount --bind "$work/storage" "$root/var/lib/containers/storage"
  mkdir -p "$root/mnt/podunit-e2e"
  mount --bind "$work/share" "$root/mnt/podunit-e2e"

  mkdir -p "$root/etc/containers"
  cp "$work/share/containers.conf" "$root/etc/containers/containers.conf"
  printf '%s\n' '[Unit]' 'Description=podunit e2e boot target' 'Requires=basic.target' \
    'After=basic.target' 'AllowIsolate=yes' > "$root/etc/systemd/system/podunit-e2e.target"
  # Units that would touch host-global state, or only slow the boot down.
  for name in systemd-timesyncd.service systemd-modules-load.service systemd-pstore.service \
    systemd-sysctl.service systemd-binfmt.service proc-sys-fs-binfmt_misc.automount \
    systemd-repart.service systemd-pcrphase.service systemd-pcrphase-sysinit.service \
    systemd-firstboot.service sys-kernel-config.mount sys-kernel-debug.mount \
    sys-kernel-tracing.mount timers.target getty.target console-getty.service \
    systemd-networkd.service systemd-resolved.service apparmor.service keyboard-setup.service \
    console-setup.service systemd-hwdb-update.service systemd-udevd.service \
    systemd-udev-trigger.service ssh.service cron.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$name"
  done

  cd "$root"
  mkdir -p .host-root
  pivot_root . .host-root
  cd /
  umount -l /.host-root
  rmdir /.host-root 2> /dev/null || true
  # container=other: systemd skips clock setup and, at shutdown, umount/swapoff/loop/DM handling.
  exec env -i container=other PATH="$SANDBOX_PATH" \
    /lib/systemd/systemd --unit=podunit-e2e.target --log-target=console
}

case ${1:-} in
  __cgroups) enter_cgroups "$2"; exit ;;
  __boot) boot "$2"; exit ;;
esac

# ---------------------------------------------------------------------------------------------
# On the host.

usage() { sed -n '2,20p' "$SELF" | sed 's/^# \{0,1\}//' >&2; exit 2; }
UNITS='' POD_UNIT='' POD_NAME='' CHECK='' CHECK_OUTPUT='' KEEP=false IMAGES=() DATA='' START=true
while (($#)); do
  case $1 in
    --units) UNITS=$2; shift 2 ;;
    --pod-unit) POD_UNIT=$2; shift 2 ;;
    --pod-name) POD_NAME=$2; shift 2 ;;
    --check) CHECK=$2; shift 2 ;;
    --check-output) CHECK_OUTPUT=$2; shift 2 ;;
    --image) IMAGES+=("$2"); shift 2 ;;
    --keep) KEEP=true; shift ;;
    --data) DATA=$2; shift 2 ;;
    --no-start) START=false; shift ;;
    *) usage ;;
  esac
done
[ -n "$UNITS" ] && [ -n "$POD_UNIT" ] && [ -n "$POD_NAME" ] || usage
[ "$(id -u)" = 0 ] || { log "run as root"; exit 2; }
for tool in unshare nsenter findmnt /lib/systemd/systemd /bin/busybox podman; do
  command -v "$tool" > /dev/null || { log "missing $tool (bash test/podman/setup.sh)"; exit 2; }
done
UNITS=$(cd "$UNITS" && pwd)
[ -f "$UNITS/$POD_UNIT" ] || { log "no $UNITS/$POD_UNIT"; exit 2; }
[ -z "$DATA" ] || [ -d "$DATA" ] || { log "no directory $DATA"; exit 2; }
if ((${#IMAGES[@]} == 0)); then
  mapfile -t IMAGES < <(test_image_names "$HERE/../..")
  ((${#IMAGES[@]})) || IMAGES=(docker.io/library/centos:latest)
fi

START_NS=$(date +%s%N)
WORK=$(mktemp -d /tmp/podunit-e2e.XXXXXX)
mkdir -p "$WORK/share/units"
cp "$UNITS"/*.service "$WORK/share/units/"
for timer in "$UNITS"/*.timer; do [ ! -e "$timer" ] || cp "$timer" "$WORK/share/units/"; done
[ -z "$DATA" ] || cp -a "$DATA" "$WORK/share/data"
sed "s/^cgroup_manager = .*/cgroup_manager = \"${PODUNIT_E2E_CGROUP_MANAGER:-systemd}\"/" \
  "$HERE/containers.conf" > "$WORK/share/containers.conf"
make_test_rootfs_tar "$WORK/share/rootfs.tar"
BOOTER='' SYSTEMD_PID=''

teardown() {
  set +e
  if [ -n "$SYSTEMD_PID" ] && [ -d "/proc/$SYSTEMD_PID" ]; then
    timeout 20 nsenter -t "$SYSTEMD_PID" -m -p systemctl poweroff --no-block > /dev/null 2>&1
    for _ in $(seq 60); do [ -d "/proc/$SYSTEMD_PID" ] || break; sleep 0.25; done
    # PID 1 of the namespace: killing it kills everything inside.
    [ -d "/proc/$SYSTEMD_PID" ] && kill -9 "$SYSTEMD_PID"
  fi
  [ -n "$BOOTER" ] && wait "$BOOTER" 2> /dev/null
  if [ -f "$WORK/cgroup-dirs" ]; then
    while read -r dir; do find "$dir" -depth -type d -exec rmdir {} + 2> /dev/null; done < "$WORK/cgroup-dirs"
  fi
  rm -rf "$WORK"
}
if $KEEP; then trap 'log "kept: nsenter -t $SYSTEMD_PID -m -p -n -u -i -C bash; work dir $WORK"' EXIT
else trap teardown EXIT; fi

setsid "$SELF" __cgroups "$WORK" > "$WORK/boot.log" 2>&1 < /dev/null &
BOOTER=$!
for _ in $(seq 100); do
  SYSTEMD_PID=$(cat "$WORK/systemd.pid" 2> /dev/null || true)
  [ -n "$SYSTEMD_PID" ] && break
  sleep 0.1
done
[ -n "$SYSTEMD_PID" ] || { cat "$WORK/boot.log" >&2; log "the sandbox did not start"; exit 1; }

# in_sandbox CMD...: run inside all the sandbox's namespaces, with a clean environment.
in_sandbox() {
  timeout "${TIMEOUT:-120}" nsenter -t "$SYSTEMD_PID" -m -p -n -u -i -C \
    env -i PATH="$SANDBOX_PATH" HOME=/root LANG=C.UTF-8 "$@"
}
for _ in $(seq 150); do in_sandbox test -S /run/systemd/private 2> /dev/null && break; sleep 0.1; done
state=$(TIMEOUT=60 in_sandbox systemctl is-system-running --wait 2> /dev/null || true)
echo "== systemd $(in_sandbox systemctl --version | head -1 | cut -d' ' -f2) up (host PID $SYSTEMD_PID): $state"

FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }

echo "== import $TEST_IMAGE as ${IMAGES[*]}"
import_test_image /mnt/podunit-e2e/rootfs.tar in_sandbox podman
for image in "${IMAGES[@]}"; do [ "$image" = "$TEST_IMAGE" ] || in_sandbox podman tag "$TEST_IMAGE" "$image"; done

echo "== install $(cd "$WORK/share/units" && echo *)"
in_sandbox sh -c 'cp /mnt/podunit-e2e/units/* /etc/systemd/system/ && systemctl daemon-reload'
if ! $START; then
  echo "== check: $CHECK"
  if [ -n "$CHECK_OUTPUT" ]; then
    in_sandbox sh -c "$CHECK" > "$CHECK_OUTPUT" || fail "check command exited $?"
  else
    in_sandbox sh -c "$CHECK" || fail "check command exited $?"
  fi
  ((FAILED)) && { in_sandbox journalctl --no-pager -n 80 || tail -n 80 "$WORK/console.log"; }
  elapsed=$((($(date +%s%N) - START_NS) / 1000000))
  echo "== $( ((FAILED)) && echo FAIL || echo PASS) in ${elapsed} ms (teardown follows)"
  exit $((FAILED))
fi
mapfile -t CTR_UNITS < <(in_sandbox systemctl show -p Wants --value "$POD_UNIT" | tr ' ' '\n' |
  grep -vx -e '' -e network-online.target | sort)
ALL_UNITS=("$POD_UNIT" "${CTR_UNITS[@]}")
echo "== container units wanted by $POD_UNIT: ${CTR_UNITS[*]:-(none)}"
((${#CTR_UNITS[@]})) || fail "$POD_UNIT wants no container unit"

show_states() {
  in_sandbox systemctl show -p Id,ActiveState,SubState,Result "${ALL_UNITS[@]}" |
    awk -v RS= '{ gsub(/\n/, " "); print "  " $0 }'
}

echo "== systemctl start $POD_UNIT"
in_sandbox systemctl start "$POD_UNIT" || fail "systemctl start $POD_UNIT"
states=''
for _ in $(seq 120); do # the container units are Wants= of the pod unit: start returns before them
  states=$(in_sandbox systemctl is-active "${ALL_UNITS[@]}" | sort -u | paste -sd' ' || true)
  [ "$states" = active ] && break
  case $states in *failed*) break ;; esac
  sleep 0.25
done
show_states
[ "$states" = active ] || fail "not all units active: $states"

echo "== podman pod ps / podman ps"
in_sandbox podman pod ps --format '{{.Name}} {{.Status}} {{.NumberOfContainers}}'
in_sandbox podman ps -a --format '{{.Names}} {{.State}} {{.Pod}}'
pod_status=$(in_sandbox podman pod ps --filter "name=^$POD_NAME\$" --format '{{.Status}}')
[ "$pod_status" = Running ] || fail "pod $POD_NAME is '${pod_status:-missing}', not Running"
pod_id=$(in_sandbox podman pod inspect --format '{{.Id}}' "$POD_NAME" 2> /dev/null || true)
total=$(in_sandbox podman ps -a --filter "pod=$pod_id" --format '{{.State}}' | grep -c . || true)
running=$(in_sandbox podman ps --filter "pod=$pod_id" --filter status=running --format '{{.ID}}' | grep -c . || true)
# every container unit's container, plus the infra container
[ "$total" = $((${#CTR_UNITS[@]} + 1)) ] || fail "pod $POD_NAME has $total containers, expected $((${#CTR_UNITS[@]} + 1))"
[ "$running" = "$total" ] || fail "only $running of $total containers of $POD_NAME are running"

if [ -n "$CHECK" ]; then
  echo "== check: $CHECK"
  if [ -n "$CHECK_OUTPUT" ]; then
    in_sandbox sh -c "$CHECK" > "$CHECK_OUTPUT" || fail "check command exited $?"
  else
    in_sandbox sh -c "$CHECK" || fail "check command exited $?"
  fi
fi

if ((FAILED)); then
  in_sandbox journalctl --no-pager -n 60 $(printf -- '-u %s ' "${ALL_UNITS[@]}") || true
fi

echo "== systemctl stop $POD_UNIT"
in_sandbox systemctl stop "$POD_UNIT" || fail "systemctl stop $POD_UNIT"
for _ in $(seq 120); do
  states=$(in_sandbox systemctl is-active "${ALL_UNITS[@]}" | sort -u | paste -sd' ' || true)
  [[ $states =~ ^(failed|inactive|failed\ inactive)$ ]] && break
  sleep 0.25
done
# A container whose main process dies of SIGTERM leaves its unit "failed" (status 143):
# known behaviour of generated units (containers/podman#16726). Both mean stopped.
show_states
[[ $states =~ ^(failed|inactive|failed\ inactive)$ ]] || fail "units not stopped: $states"
left=$(in_sandbox sh -c 'podman pod ps -q; podman ps -aq' | grep -c . || true)
[ "$left" = 0 ] || { in_sandbox podman ps -a; fail "$left pods or containers left after stop"; }

if ((FAILED)); then
  echo "== journal"
  in_sandbox journalctl --no-pager -n 80 || tail -n 80 "$WORK/console.log"
fi
elapsed=$((($(date +%s%N) - START_NS) / 1000000))
echo "== $( ((FAILED)) && echo FAIL || echo PASS) in ${elapsed} ms (teardown follows)"
exit $((FAILED))
