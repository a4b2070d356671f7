# The systemd sandbox of systemd-e2e.sh and systemd-user-e2e.sh: systemd as PID 1 of private
# pid/mount/uts/ipc/net/cgroup namespaces, on a copy-on-write overlay of a root (the host's is
# never written), with its own /dev, /run, /tmp and cgroups. Source it after lib.sh, with $SELF
# set to the script; it defines functions only. The script dispatches its own first argument:
#   __cgroups WORK  ->  sandbox_enter_cgroups WORK NAME   (execs "$SELF" __boot WORK)
#   __boot WORK     ->  its boot function: sandbox_mount_root, its own mounts, sandbox_pivot_root,
#                       sandbox_exec_systemd
# On the host: WORK=$(mktemp -d ...) with WORK/share, then sandbox_start, then sandbox_run CMD...

SANDBOX_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# ---------------------------------------------------------------------------------------------
# Inside the namespaces (PID 1 until it execs systemd).

# sandbox_enter_cgroups WORK NAME: a child cgroup NAME-PID in every hierarchy (listed in
# WORK/cgroup-dirs, their mounts in WORK/cgroup-mounts), then unshare everything.
sandbox_enter_cgroups() {
  local work=$1 name=$2-$$ target fstype opts key mount_opts path dir
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

# sandbox_mount_root WORK LOWER NAME CGROUPS: as PID 1 of the new namespaces, writes our host PID
# to WORK/systemd.pid, sets the hostname NAME and builds WORK/root: an overlay of LOWER (upper
# layer on a tmpfs) with proc, a read-only sys, cgroups (v1: the host's hierarchies as entered;
# v2: one cgroup2 mount, our child cgroup as its root), /dev (the console is WORK/console.log),
# tmpfs /run and /tmp, WORK/share at /mnt/podunit-e2e, WORK/share/containers.conf, the target
# podunit-e2e.target, and units that would touch host-global state, or only slow the boot down,
# masked.
sandbox_mount_root() {
  local work=$1 lower=$2 host=$3 cgroups=$4 root=$1/root pid _ n name major minor opts
  read -r pid _ < /proc/self/stat # the host's /proc is still mounted: our host PID
  echo "$pid" > "$work/systemd.pid"
  hostname "$host"
  mkdir -p "$work/cow" "$root"
  mount -t tmpfs -o mode=755 "$host" "$work/cow"
  mkdir -p "$work/cow/upper" "$work/cow/work"
  mount -t overlay overlay -o "lowerdir=$lower,upperdir=$work/cow/upper,workdir=$work/cow/work" "$root"

  mount -t proc proc "$root/proc"
  mount --bind "$root/proc/sys" "$root/proc/sys"
  mount --bind "$root/proc/sys/net" "$root/proc/sys/net"
  mount -o remount,bind,ro "$root/proc/sys"
  mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
  if [ "$cgroups" = v2 ]; then # our child cgroup is the root of the cgroup namespace
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
  mkdir -p "$root/mnt/podunit-e2e"
  mount --bind "$work/share" "$root/mnt/podunit-e2e"

  mkdir -p "$root/etc/containers"
  cp "$work/share/containers.conf" "$root/etc/containers/containers.conf"
  printf '%s\n' '[Unit]' 'Description=podunit e2e boot target' 'Requires=basic.target' \
    'After=basic.target' 'AllowIsolate=yes' > "$root/etc/systemd/system/podunit-e2e.target"
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
}

# sandbox_pivot_root ROOT: ROOT becomes / (the host's root is unmounted).
sandbox_pivot_root() {
  cd "$1"
  mkdir -p .host-root
  pivot_root . .host-root
  cd /
  umount -l /.host-root
  rmdir /.host-root 2> /dev/null || true
}

# sandbox_exec_systemd SYSTEMD: exec the systemd binary SYSTEMD into podunit-e2e.target.
sandbox_exec_systemd() {
  # container=other: systemd skips clock setup and, at shutdown, umount/swapoff/loop/DM handling.
  exec env -i container=other PATH="$SANDBOX_PATH" "$1" --unit=podunit-e2e.target --log-target=console
}

# ---------------------------------------------------------------------------------------------
# On the host.

# sandbox_start WORK KEEP: boots the sandbox (setsid "$SELF" __cgroups WORK, its output in
# WORK/boot.log), sets SYSTEMD_PID (exits 1 if it does not start) and, unless KEEP is true, a trap
# that powers it off, removes the child cgroups and WORK on exit.
sandbox_start() {
  SANDBOX_WORK=$1 SANDBOX_BOOTER='' SYSTEMD_PID=''
  if $2; then
    trap 'log "kept: nsenter -t $SYSTEMD_PID -m -p -n -u -i -C bash; work dir $SANDBOX_WORK"' EXIT
  else
    trap sandbox_teardown EXIT
  fi
  setsid "$SELF" __cgroups "$SANDBOX_WORK" > "$SANDBOX_WORK/boot.log" 2>&1 < /dev/null &
  SANDBOX_BOOTER=$!
  for _ in $(seq 100); do
    SYSTEMD_PID=$(cat "$SANDBOX_WORK/systemd.pid" 2> /dev/null || true)
    [ -n "$SYSTEMD_PID" ] && break
    sleep 0.1
  done
  [ -n "$SYSTEMD_PID" ] || { cat "$SANDBOX_WORK/boot.log" >&2; log "the sandbox did not start"; exit 1; }
}

sandbox_teardown() {
  set +e
  if [ -n "$SYSTEMD_PID" ] && [ -d "/proc/$SYSTEMD_PID" ]; then
    timeout 20 nsenter -t "$SYSTEMD_PID" -m -p systemctl poweroff --no-block > /dev/null 2>&1
    for _ in $(seq 80); do [ -d "/proc/$SYSTEMD_PID" ] || break; sleep 0.25; done
    # PID 1 of the namespace: killing it kills everything inside.
    [ -d "/proc/$SYSTEMD_PID" ] && kill -9 "$SYSTEMD_PID"
  fi
  [ -n "$SANDBOX_BOOTER" ] && wait "$SANDBOX_BOOTER" 2> /dev/null
  if [ -f "$SANDBOX_WORK/cgroup-dirs" ]; then
    while read -r dir; do
      find "$dir" -depth -type d -exec rmdir {} + 2> /dev/null
    done < "$SANDBOX_WORK/cgroup-dirs"
  fi
  rm -rf "$SANDBOX_WORK"
}

# sandbox_run [NAME=VALUE]... CMD...: run inside all the sandbox's namespaces, with a clean
# environment (and the given variables); killed after $TIMEOUT seconds (default 120).
sandbox_run() {
  timeout "${TIMEOUT:-120}" nsenter -t "$SYSTEMD_PID" -m -p -n -u -i -C \
    env -i PATH="$SANDBOX_PATH" HOME=/root LANG=C.UTF-8 "$@"
}

# sandbox_wait_systemd: wait until systemd listens and has booted; sets SANDBOX_STATE to
# `systemctl is-system-running` and SANDBOX_SYSTEMD_VERSION.
sandbox_wait_systemd() {
  for _ in $(seq 150); do sandbox_run test -S /run/systemd/private 2> /dev/null && break; sleep 0.1; done
  SANDBOX_STATE=$(TIMEOUT=60 sandbox_run systemctl is-system-running --wait 2> /dev/null || true)
  SANDBOX_SYSTEMD_VERSION=$(sandbox_run systemctl --version | head -1 | cut -d' ' -f2)
}
