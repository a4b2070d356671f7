/**
 * Settings that `podman inspect` (4.3.1) does not show, read from inside the running containers:
 * after both pods are inspected, each is started (`podman pod start`) and every command below
 * runs as `podman exec <pod>-<container> /bin/sh -c <command>`. The output (and the exit status
 * when it is not 0) becomes the field `run:<command>` of that container, compared like any other;
 * the pod gets `run:containers`, the containers left once it has started (init containers of type
 * `once` are gone by then).
 *
 * Namespace links (`ipc:[4026531839]`) are normalized: the host's own become `<host>`, others
 * `<ipc 1>`, `<ipc 2>`… in order of appearance, so that "shared with the host" and "shared between
 * two containers" can be compared.
 *
 * Probed containers must keep running: they run `/bin/sleep` (by absolute path: the test image
 * sets no PATH, and `kube play` 4.3.1 adds none, unlike `podman create`).
 */

const SECCOMP = 'grep ^Seccomp: /proc/self/status'
const ID = 'id'
const ns = (kind: string) => `readlink /proc/self/ns/${kind}`
/**
 * readOnlyRootFilesystem: `/` read-only, and the tmpfs mounts Podman adds (--read-only-tmpfs),
 * sorted (mountinfo's order varies).
 */
export const ROOT_MOUNTS =
  'awk \'$5 == "/" || $5 == "/tmp" || $5 == "/var/tmp" || $5 == "/run" {print $5, substr($6, 1, 2)}\' /proc/self/mountinfo | sort'

export const RUNTIME_PROBES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> =
  {
    'pod-metadata': {
      app: [
        SECCOMP,
        'cat /proc/sys/net/ipv4/ip_unprivileged_port_start',
        'hostname',
        'cat /etc/resolv.conf',
        'grep -E "^10[.]0[.]0[.][56][[:space:]]" /etc/hosts',
      ],
    },
    // The UTS namespace, not `hostname`: the host's name differs from machine to machine.
    'host-network': { app: [ns('net'), ns('ipc'), ns('uts')] },
    'host-network-uts': { app: [ns('net'), ns('ipc'), ns('uts')] },
    'host-pid': { app: [ns('pid')] },
    'share-pid': { app: [ns('pid')], debugger: [ns('pid')] },
    security: {
      inherits: [ID],
      'own-user': [
        ID,
        ROOT_MOUNTS,
        'grep -c " /proc/kcore " /proc/self/mountinfo',
        'grep ^NoNewPrivs: /proc/self/status',
      ],
      'drop-all': [ID, ROOT_MOUNTS],
    },
    secrets: { 'other-user': [ID, 'cat /etc/credentials/password'] },
    'init-containers': { app: ['cat /work/flag'] },
  }
