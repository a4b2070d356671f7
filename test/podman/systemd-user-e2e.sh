#!/bin/bash
# Rootless pods from `podunit install --user`, end to end under a real `systemd --user`.
#
#   systemd-user-e2e.sh --cases DIR --out DIR [--root ROOT] [--cgroups v1|v2] [--system] [--keep]
#
# Boots systemd as PID 1 of private pid/mount/uts/ipc/net/cgroup namespaces, on a copy-on-write
# overlay of ROOT (default /, the host: Debian 12, systemd 252, Podman 4.3.1; or e.g. a Debian 13
# root with systemd 257 and Podman 5.4.2). Inside it, creates the user `podunit` with subordinate
# uid and gid ranges (100000:65536), checks that `podunit install --user --dry-run` warns about
# the missing lingering, runs `loginctl enable-linger podunit` and waits for the user's manager.
# Then, for each directory of --cases with a pod.yaml (in name order), as that user:
#
#   podunit install --user [the lines of CASE/args] CASE/pod.yaml
#   the start command install printed (systemctl --user enable --now / start)
#   wait until the pod unit and every container unit it wants are active; every container of
#   the user (the pod's, and its infra container) must be running
#   sh CASE/check.sh (optional; its stdout goes to OUT/CASE.check)
#   every data file install wrote must be unreadable by another user (nobody)
#   systemctl --user disable --now (units) or stop (Quadlet) the pod unit
#   no pod, container, conmon or network helper of the user may be left
#   podunit uninstall --user CASE/pod.yaml: no file install wrote may be left
#
# --system does the same as root with `install --system` and `systemctl`, without the user.
# The --cases directory is /mnt/podunit-e2e/cases inside the sandbox (for hostPath volumes).
# OUT/CASE.install holds what install printed (stdout, then stderr); OUT/dry-run.stderr what the
# dry run before lingering printed on stderr. podunit runs from this repository (bound read-only
# into the sandbox) with the host's node. --cgroups: v1 shows the host's v1/hybrid hierarchies
# (Podman uses runc); v2 only a cgroup2 mount (Quadlet's --cgroups=split needs it for rootless).
# Default: v1 when ROOT is /, else v2.
#
# Exit status: 0 PASS, 1 FAIL, 2 usage or environment error. Needs root, unshare, nsenter. The
# host is changed only by a temporary directory and child cgroups, both removed at the end; the
# user, its ids and its Podman store exist only in the sandbox.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")
REPO=$(cd "$HERE/../.." && pwd)
LOG_PREFIX=systemd-user-e2e
# shellcheck source=lib.sh
. "$HERE/lib.sh"
SANDBOX_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
USER_NAME=podunit
SUBIDS=100000:65536
SHARE=/mnt/podunit-e2e

# ---------------------------------------------------------------------------------------------
# Inside the namespaces (PID 1 until it execs systemd).

enter_cgroups() { # $1 = work dir: a child cgroup in every hierarchy, then unshare everything
  local work=$1 name=podunit-user-e2e-$$ target fstype opts key mount_opts path dir
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
  local work=$1 root=$1/root pid _ n name major minor opts
  read -r pid _ < /proc/self/stat # the host's /proc is still mounted: our host PID
  echo "$pid" > "$work/systemd.pid"
  hostname podunit-user-e2e
  mkdir -p "$work/cow" "$root"
  mount -t tmpfs -o mode=755 podunit-user-e2e "$work/cow"
  mkdir -p "$work/cow/upper" "$work/cow/work"
  mount -t overlay overlay -o "lowerdir=$ROOT,upperdir=$work/cow/upper,workdir=$work/cow/work" "$root"

  mount -t proc proc "$root/proc"
  mount --bind "$root/proc/sys" "$root/proc/sys"
  mount --bind "$root/proc/sys/net" "$root/proc/sys/net"
  mount -o remount,bind,ro "$root/proc/sys"
  mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
  if [ "$CGROUPS" = v2 ]; then # our child cgroup is the root of the cgroup namespace
    mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$root/sys/fs/cgroup"
  else
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
  fi

  mount -t tmpfs -o mode=755,nosuid dev "$root/dev"
  for n in 'null 1 3' 'zero 1 5' 'full 1 7' 'random 1 8' 'urandom 1 9' 'tty 5 0'; do
    read -r name major minor <<< "$n"
    mknod -m 666 "$root/dev/$name" c "$major" "$minor"
  done
  mkdir -p "$root/dev/pts" "$root/dev/shm" "$root/dev/mqueue" "$root/dev/net"
  # slirp4netns (Podman 4) and pasta (Podman 5) open it in the user's network namespace
  mknod -m 666 "$root/dev/net/tun" c 10 200
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
  # Inside a user namespace the kernel mounts a new proc only if the mount namespace already
  # has one with nothing mounted over it (fs/namespace.c, mnt_already_visible); /proc has the
  # read-only /proc/sys on top. Without this, every rootless container fails to start.
  mkdir -m 700 "$root/run/podunit-proc"
  mount -t proc -o nosuid,nodev,noexec proc "$root/run/podunit-proc"
  mount -t tmpfs -o mode=1777,nosuid,nodev tmp "$root/tmp"
  mount --bind "$work/root-storage" "$root/var/lib/containers/storage" # overlay: no graphroot
  mkdir -p "$root$SHARE" "$root/opt/podunit"
  mount --bind "$work/share" "$root$SHARE"
  mount --bind "$REPO" "$root/opt/podunit"
  mount -o remount,bind,ro "$root/opt/podunit"
  touch "$root/opt/podunit-node"
  mount --bind "$NODE" "$root/opt/podunit-node"

  mkdir -p "$root/etc/containers" "$root/etc/systemd/system.conf.d" "$root/etc/systemd/user.conf.d"
  cp "$work/share/containers.conf" "$root/etc/containers/containers.conf"
  # Podman 5 warns about cgroup v1 on every call otherwise, also in the user's units
  printf '[Manager]\nDefaultEnvironment=PODMAN_IGNORE_CGROUPSV1_WARNING=1\n' |
    tee "$root/etc/systemd/system.conf.d/podunit-e2e.conf" > "$root/etc/systemd/user.conf.d/podunit-e2e.conf"
  if ! compgen -G "$root/usr/lib/*/security/pam_systemd.so" > /dev/null; then
    # systemd >= 256 --user exits without $XDG_RUNTIME_DIR, which pam_systemd would set
    mkdir -p "$root/etc/systemd/system/user@.service.d"
    printf '[Service]\nEnvironment=XDG_RUNTIME_DIR=/run/user/%%i\n' \
      > "$root/etc/systemd/system/user@.service.d/podunit-e2e.conf"
  fi
  printf '%s\n' '[Unit]' 'Description=podunit e2e boot target' 'Requires=basic.target' \
    'After=basic.target' 'AllowIsolate=yes' > "$root/etc/systemd/system/podunit-e2e.target"
  # Units that would touch host-global state, or only slow the boot down.
  for name in systemd-timesyncd.service systemd-modules-load.service systemd-pstore.service \
    systemd-sysctl.service systemd-binfmt.service proc-sys-fs-binfmt_misc.automount \
    systemd-repart.service systemd-pcrphase.service systemd-pcrphase-sysinit.service \
    systemd-pcrmachine.service systemd-tpm2-setup.service systemd-tpm2-setup-early.service \
    systemd-firstboot.service sys-kernel-config.mount sys-kernel-debug.mount \
    sys-kernel-tracing.mount sys-fs-fuse-connections.mount timers.target getty.target \
    console-getty.service systemd-networkd.service systemd-resolved.service apparmor.service \
    keyboard-setup.service console-setup.service systemd-hwdb-update.service \
    systemd-udevd.service systemd-udev-trigger.service ssh.service cron.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$name"
  done

  cd "$root"
  mkdir -p .host-root
  pivot_root . .host-root
  cd /
  umount -l /.host-root
  rmdir /.host-root 2> /dev/null || true
  # Propagation inside the sandbox only (its mounts are private to the host): rootless Podman
  # warns that "/" is not a shared mount otherwise.
  mount --make-rshared /
  exec env -i container=other PATH="$SANDBOX_PATH" \
    /usr/lib/systemd/systemd --unit=podunit-e2e.target --log-target=console
}

case ${1:-} in
  __cgroups) enter_cgroups "$2"; exit ;;
  __boot) boot "$2"; exit ;;
esac

# ---------------------------------------------------------------------------------------------
# On the host.

usage() { sed -n '2,32p' "$SELF" | sed 's/^# \{0,1\}//' >&2; exit 2; }
CASES='' OUT='' ROOT=/ CGROUPS='' KEEP=false SCOPE=--user
while (($#)); do
  case $1 in
    --cases) CASES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --root) ROOT=$2; shift 2 ;;
    --cgroups) CGROUPS=$2; shift 2 ;;
    --keep) KEEP=true; shift ;;
    --system) SCOPE=--system; shift ;;
    *) usage ;;
  esac
done
[ -n "$CASES" ] && [ -n "$OUT" ] || usage
[ "$(id -u)" = 0 ] || { log "run as root"; exit 2; }
ROOT=$(cd "$ROOT" && pwd)
[ -n "$CGROUPS" ] || { [ "$ROOT" = / ] && CGROUPS=v1 || CGROUPS=v2; }
NODE=$(command -v node) || { log "no node"; exit 2; }
for tool in unshare nsenter findmnt /bin/busybox "$ROOT/usr/lib/systemd/systemd" "$ROOT/usr/bin/podman"; do
  command -v "$tool" > /dev/null || { log "missing $tool"; exit 2; }
done
for tool in newuidmap newgidmap; do
  [ -u "$ROOT/usr/bin/$tool" ] || { log "$ROOT/usr/bin/$tool missing or not setuid (package uidmap)"; exit 2; }
done
[ -f "$REPO/dist/podunit.cjs" ] || { log "podunit is not built (npm run build)"; exit 2; }
CASES=$(cd "$CASES" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export ROOT CGROUPS NODE REPO

START=$(date +%s%N)
WORK=$(mktemp -d /tmp/podunit-user-e2e.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/share/storage" "$WORK/root-storage"
cp -r "$CASES" "$WORK/share/cases"
# a real file system under the user's store: an overlay cannot be a graphroot
printf '[storage]\ndriver = "overlay"\n' > "$WORK/share/storage.conf"
# rootless Podman talks to systemd over the user's D-Bus, if it has one (dbus-user-session);
# root's Podman always can, and on the v2 view cgroupfs fails for it ("enabling controller")
cgroup_manager=cgroupfs
[ -e "$ROOT/usr/lib/systemd/user/dbus.socket" ] || [ "$SCOPE" = --system ] && cgroup_manager=systemd
{
  echo '[containers]'
  echo 'log_driver = "k8s-file"'
  echo 'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]'
  [ "$CGROUPS" = v2 ] && echo 'pids_limit = 0' # the host's pids controller is on v1
  echo '[engine]'
  [ "$CGROUPS" = v1 ] && echo 'runtime = "runc"' # crun refuses hybrid cgroups
  echo "cgroup_manager = \"$cgroup_manager\""
  echo 'events_logger = "file"'
} > "$WORK/share/containers.conf"
make_test_rootfs_tar "$WORK/share/rootfs.tar"
mapfile -t IMAGES < <(cat "$CASES"/*/pod.yaml | sed -nE 's/^[[:space:]]*(-[[:space:]]+)?image:[[:space:]]*//p' |
  sed -E 's/^"(.*)"$/\1/' | while read -r name; do normalize_image_name "$name"; done | sort -u)
chmod -R a+rX "$WORK/share"
BOOTER='' SYSTEMD_PID=''

teardown() {
  set +e
  if [ -n "$SYSTEMD_PID" ] && [ -d "/proc/$SYSTEMD_PID" ]; then
    timeout 20 nsenter -t "$SYSTEMD_PID" -m -p systemctl poweroff --no-block > /dev/null 2>&1
    for _ in $(seq 80); do [ -d "/proc/$SYSTEMD_PID" ] || break; sleep 0.25; done
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

# as_root CMD...: run inside all the sandbox's namespaces, with a clean environment.
as_root() {
  timeout "${TIMEOUT:-120}" nsenter -t "$SYSTEMD_PID" -m -p -n -u -i -C \
    env -i PATH="$SANDBOX_PATH" HOME=/root LANG=C.UTF-8 PODMAN_IGNORE_CGROUPSV1_WARNING=1 "$@"
}
# The user's commands enter from outside: first put them into a cgroup of the sandbox (as a
# login session's scope would be), or Podman cannot read its own cgroup on the v2 view. systemd
# may prune it from v1 hierarchies, so it is made again for every command.
join_sandbox_cgroup() {
  local dir
  while read -r dir; do
    mkdir -p "$dir/podunit-exec" 2> /dev/null || continue
    if [ -f "$dir/podunit-exec/cpuset.cpus" ] && [ -z "$(cat "$dir/podunit-exec/cpuset.cpus")" ]; then
      cat "$dir/cpuset.cpus" > "$dir/podunit-exec/cpuset.cpus"
      cat "$dir/cpuset.mems" > "$dir/podunit-exec/cpuset.mems"
    fi
    echo "$BASHPID" > "$dir/podunit-exec/cgroup.procs" 2> /dev/null || true
  done < "$WORK/cgroup-dirs"
  # On cgroup v2, `podman exec` moves its process into the container's cgroup, which the user
  # may do only from a cgroup of its own manager's subtree (write access to the common parent).
  local own=/user.slice/user-$USER_ID.slice/user@$USER_ID.service
  [ "$CGROUPS" = v2 ] && [ "$SCOPE" = --user ] && [ -n "${USER_READY:-}" ] || return 0
  while read -r dir; do
    [ -d "$dir$own" ] && [ -f "$dir/cgroup.controllers" ] || continue
    mkdir -p "$dir$own/podunit-exec"
    chown "$USER_ID" "$dir$own/podunit-exec" "$dir$own/podunit-exec/cgroup.procs"
    echo "$BASHPID" > "$dir$own/podunit-exec/cgroup.procs"
  done < "$WORK/cgroup-dirs"
}
# as_user CMD...: as the test user, in its home, with the environment of a login session.
as_user() {
  (
    join_sandbox_cgroup
    exec timeout "${TIMEOUT:-120}" nsenter -t "$SYSTEMD_PID" -m -p -n -u -i -C \
      runuser -u "$USER_NAME" -- env -i HOME="/home/$USER_NAME" USER="$USER_NAME" \
      LOGNAME="$USER_NAME" PATH="$SANDBOX_PATH" LANG=C.UTF-8 XDG_RUNTIME_DIR="$RUNTIME_DIR" \
      PODMAN_IGNORE_CGROUPSV1_WARNING=1 ${USER_BUS:+DBUS_SESSION_BUS_ADDRESS=$USER_BUS} \
      sh -c 'cd && exec "$@"' sh "$@"
  )
}
# as_target CMD...: as the user, or as root with --system; systemctl for that manager
if [ "$SCOPE" = --user ]; then
  as_target() { as_user "$@"; }
  SYSTEMCTL=(systemctl --user)
else
  as_target() { as_root "$@"; }
  SYSTEMCTL=(systemctl)
fi
podunit() { as_target /opt/podunit-node /opt/podunit/bin/podunit.cjs "$@"; }

for _ in $(seq 150); do as_root test -S /run/systemd/private 2> /dev/null && break; sleep 0.1; done
state=$(TIMEOUT=60 as_root systemctl is-system-running --wait 2> /dev/null || true)
echo "== systemd $(as_root systemctl --version | head -1 | cut -d' ' -f2) up (host PID $SYSTEMD_PID): $state; $(as_root podman --version); cgroups $CGROUPS"

FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }

USER_ID=0 RUNTIME_DIR=/run USER_BUS=''
# setup_user: the user, its subordinate ids and its Podman store; lingering; the user manager
setup_user() {
  USER_ID=1000
  while as_root getent passwd "$USER_ID" > /dev/null; do USER_ID=$((USER_ID + 1)); done
  RUNTIME_DIR=/run/user/$USER_ID USER_BUS=''
  echo "== user $USER_NAME ($USER_ID), subordinate ids $SUBIDS"
  as_root sh -eu -c '
    useradd -m -u "$1" -U -s /bin/sh "$2"
    # useradd may have written a range already; a second line for the same ids breaks newuidmap
    for f in /etc/subuid /etc/subgid; do touch "$f"; sed -i "/^$2:/d" "$f"; echo "$2:$3" >> "$f"; done
    home=/home/$2
    runuser -u "$2" -- mkdir -p "$home/.local/share/containers/storage" "$home/.config/containers"
    chown "$2:$2" "$4/storage"
    mount --bind "$4/storage" "$home/.local/share/containers/storage"
    install -o "$2" -g "$2" -m 644 "$4/storage.conf" "$home/.config/containers/storage.conf"
  ' sh "$USER_ID" "$USER_NAME" "$SUBIDS" "$SHARE" || { fail "cannot create the user"; exit 1; }

  # Before lingering: no user manager yet, and install must say how to get one that stays.
  first=$(cd "$CASES" && ls -d */pod.yaml | head -1)
  podunit install --user --dry-run "$SHARE/cases/$first" > /dev/null 2> "$OUT/dry-run.stderr" ||
    fail "install --user --dry-run exited $?"
  echo "== loginctl enable-linger $USER_NAME"
  as_root loginctl enable-linger "$USER_NAME"
  for _ in $(seq 100); do as_root test -S "$RUNTIME_DIR/systemd/private" && break; sleep 0.1; done
  as_root test -S "$RUNTIME_DIR/bus" && USER_BUS=unix:path=$RUNTIME_DIR/bus
  USER_READY=1
  echo "== user manager: $(as_root systemctl is-active "user@$USER_ID.service" || true), $(TIMEOUT=60 as_target "${SYSTEMCTL[@]}" is-system-running --wait || true); lingering: $(as_root ls /var/lib/systemd/linger); user bus: ${USER_BUS:-none}"
}
[ "$SCOPE" = --system ] || setup_user
# Podman 5's Quadlet user units wait for the system's network-online.target
as_root systemctl start network-online.target || true
echo "== podman ($SCOPE): $(as_target podman info --format '{{.Host.CgroupsVersion}}, {{.Host.CgroupManager}}, {{.Host.OCIRuntime.Name}}, {{.Store.GraphDriverName}}, rootless {{.Host.Security.Rootless}}')"
import_test_image "$SHARE/rootfs.tar" as_target podman
for image in "${IMAGES[@]}"; do [ "$image" = "$TEST_IMAGE" ] || as_target podman tag "$TEST_IMAGE" "$image"; done

# user_processes: the user's conmon and network helpers (the Podman 5 root has no ps)
user_processes() {
  as_root sh -c 'for d in /proc/[0-9]*; do
    [ "$(stat -c %u "$d" 2> /dev/null)" = "$1" ] || continue
    tr "\0" " " < "$d/cmdline" 2> /dev/null | cut -c1-120; echo; done' sh "$USER_ID" |
    grep -E '^[^ ]*(conmon|slirp4netns|pasta|rootlessport)' || true
}

wait_states() { # PATTERN UNIT...: poll until `is-active` of every unit matches PATTERN
  local pattern=$1 states=''
  shift
  for _ in $(seq 120); do
    states=$(as_target "${SYSTEMCTL[@]}" is-active "$@" | sort -u | paste -sd' ' || true)
    [[ $states =~ $pattern ]] && break
    case $states in *failed*) [[ failed =~ $pattern ]] || break ;; esac
    sleep 0.25
  done
  echo "$states"
}

run_case() { # $1 = case name
  local c=$1 yaml=$SHARE/cases/$1/pod.yaml args=() start=() pod_unit units states line
  [ -f "$CASES/$c/args" ] && mapfile -t args < "$CASES/$c/args"
  echo "== case $c: podunit install $SCOPE ${args[*]} pod.yaml"
  if ! podunit install "$SCOPE" "${args[@]}" "$yaml" > "$OUT/$c.install" 2> "$OUT/$c.stderr"; then
    cat "$OUT/$c.install" "$OUT/$c.stderr"
    fail "$c: install exited non-zero"
    return
  fi
  cat "$OUT/$c.stderr" >> "$OUT/$c.install"
  # the command install printed, run as it is
  line=$(sed -n '/^Start the pods with:$/{n;p}' "$OUT/$c.install" | sed 's/^ *//')
  read -r -a start <<< "$line"
  pod_unit=${start[-1]:-}
  [ "${start[0]:-}" = systemctl ] && [ -n "$pod_unit" ] || { fail "$c: no start command"; return; }
  echo "== $line"
  as_target "${start[@]}" || fail "$c: $line"
  mapfile -t units < <(as_target "${SYSTEMCTL[@]}" show -p Wants --value "$pod_unit" | tr ' ' '\n' |
    grep -E '\.service$' | grep -v wait-network-online | sort)
  ((${#units[@]})) || fail "$c: $pod_unit wants no container unit"
  echo "== [$(($(date +%s%N) / 1000000 - CASE_START)) ms] started; waiting for ${units[*]}"
  states=$(wait_states '^active$' "$pod_unit" "${units[@]}")
  [ "$states" = active ] || fail "$c: units not all active: $states"
  as_target podman ps -a --format '{{.Names}} {{.State}}' | sed 's/^/  /'
  local total running
  total=$(as_target podman ps -aq | grep -c . || true)
  running=$(as_target podman ps -q --filter status=running | grep -c . || true)
  [ "$total" = $((${#units[@]} + 1)) ] || fail "$c: $total containers, expected ${#units[@]} and the infra container"
  [ "$running" = "$total" ] || fail "$c: only $running of $total containers run"
  if [ -f "$CASES/$c/check.sh" ]; then
    as_target sh "$SHARE/cases/$c/check.sh" > "$OUT/$c.check" 2>&1 || fail "$c: check.sh exited $?"
  fi
  # the data files: readable by the containers (check.sh), by no other user
  local files
  files=$(grep -E "^$DATA_DIR/" "$OUT/$c.install" || true)
  for file in $files; do
    if as_root runuser -u nobody -- cat "$file" > /dev/null 2>&1; then fail "$c: $file is readable by nobody"; fi
  done
  echo "== [$(($(date +%s%N) / 1000000 - CASE_START)) ms] checked; data files unreadable by other users: $(wc -w <<< "$files")"
  if [ "${start[-3]}" = enable ]; then
    as_target "${SYSTEMCTL[@]}" disable --now "$pod_unit" 2> /dev/null || fail "$c: disable --now $pod_unit"
  else
    as_target "${SYSTEMCTL[@]}" stop "$pod_unit" || fail "$c: stop $pod_unit"
  fi
  # a container killed by SIGTERM leaves its unit failed (containers/podman#16726): both are stopped
  states=$(wait_states '^(failed|inactive|failed inactive)$' "$pod_unit" "${units[@]}")
  [[ $states =~ ^(failed|inactive|failed\ inactive)$ ]] || fail "$c: units not stopped: $states"
  echo "== [$(($(date +%s%N) / 1000000 - CASE_START)) ms] stopped"
  as_target "${SYSTEMCTL[@]}" reset-failed > /dev/null 2>&1 || true
  local left
  left=$(as_target sh -c 'podman pod ps -q; podman ps -aq' | grep -c . || true)
  [ "$left" = 0 ] || fail "$c: $left pods or containers left after stop"
  [ -z "$(user_processes)" ] || fail "$c: processes left after stop: $(user_processes | paste -sd';')"
  # what install recorded tells uninstall what to remove: no format options needed
  podunit uninstall "$SCOPE" "$yaml" > /dev/null || fail "$c: uninstall exited $?"
  # every file install wrote (it prints their paths) must be gone
  left=$(grep '^/' "$OUT/$c.install" | as_root sh -c 'while read -r f; do [ ! -e "$f" ] || echo "$f"; done' || true)
  [ -z "$left" ] || fail "$c: left after uninstall: $left"
  echo "== case $c done ($(($(date +%s%N) / 1000000 - CASE_START)) ms)"
}

DATA_DIR=/etc/podunit
[ "$SCOPE" = --system ] || DATA_DIR=/home/$USER_NAME/.config/podunit
for c in $(cd "$CASES" && ls); do
  [ -f "$CASES/$c/pod.yaml" ] || continue
  CASE_START=$(($(date +%s%N) / 1000000))
  run_case "$c"
done

if ((FAILED)); then
  echo "== journal"
  as_root journalctl --no-pager -n 80 || tail -n 80 "$WORK/console.log"
fi
elapsed=$((($(date +%s%N) - START) / 1000000))
echo "== $( ((FAILED)) && echo FAIL || echo PASS) in ${elapsed} ms (teardown follows)"
exit $((FAILED))
