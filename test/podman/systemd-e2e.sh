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
# shellcheck source=sandbox.sh
. "$HERE/sandbox.sh"

# ---------------------------------------------------------------------------------------------
# Inside the namespaces (PID 1 until it execs systemd).

boot() { # $1 = work dir; we are PID 1 of the new namespaces
  local work=$1 root=$1/root
  sandbox_mount_root "$work" / podunit-e2e v1
  mkdir -p "$work/storage" "$root/var/lib/containers/storage" # overlayfs can't be a graphroot
  mount --bind "$work/storage" "$root/var/lib/containers/storage"
  sandbox_pivot_root "$root"
  sandbox_exec_systemd /lib/systemd/systemd
}

case ${1:-} in
  __cgroups) sandbox_enter_cgroups "$2" podunit-e2e; exit ;;
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
sandbox_start "$WORK" "$KEEP"
in_sandbox() { sandbox_run "$@"; }
sandbox_wait_systemd
echo "== systemd $SANDBOX_SYSTEMD_VERSION up (host PID $SYSTEMD_PID): $SANDBOX_STATE"

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
