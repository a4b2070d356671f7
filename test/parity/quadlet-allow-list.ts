/**
 * The differences between a pod made from podunit's Quadlet files (through the Quadlet generator
 * of Podman 5.4.2) and the same pod made from podunit's units, both on Podman 5.4.2, that
 * test/quadlet-parity.test.ts accepts: object (`pod`, `infra`, a container by its Kubernetes
 * name), field of the projection in test/support/inspect.ts, the values on both sides, and why.
 * An entry without `case` holds for every case. Keyed by format and version: these are Quadlet
 * 5.4.2's differences from the units format on the same Podman.
 */

export interface QuadletAllowedDifference {
  /** Only in this golden case; every case when absent. */
  readonly case?: string
  readonly object: (object: string) => boolean
  readonly field: string
  /** Whether the units' value and the Quadlet value are the ones this entry allows. */
  readonly values: (
    units: unknown,
    quadlet: unknown,
    same: (a: unknown, b: unknown) => boolean,
  ) => boolean
  readonly reason: string
}

const exactly =
  (units: unknown, quadlet: unknown): QuadletAllowedDifference['values'] =>
  (u, q, same) =>
    same(u, units) && same(q, quadlet)

const STOP_TIMEOUT =
  "--stop-timeout N: the units keep the container's own stop timeout and pass N to `podman stop -t` in ExecStop=; Quadlet's ExecStop= is `podman rm -f`, which honours only the container's, so the Quadlet file sets StopTimeout=N"
const ANNOTATION_CSV =
  'annotation with "," or a double quote: the units quote it as one CSV field, which Podman 4.3 needs (its --annotation is a string slice); Podman 5 reads --annotation as it is, so the units value is wrong on 5.4 (a --podman-version 5.4 matter), while Quadlet\'s Annotation= gets it right'

/** The units' CSV-quoted annotation `key=value` as Podman 5.4.2 stores it: split at the `=`. */
function csvAnnotation(
  name: string,
  object: string,
  key: string,
  value: string,
): QuadletAllowedDifference[] {
  const quoted = `"${key}=${value.replaceAll('"', '""')}"`
  const at = quoted.indexOf('=')
  return [
    {
      case: name,
      object: (o) => o === object,
      field: `annotation.${quoted.slice(0, at)}`,
      values: exactly(quoted.slice(at + 1), undefined),
      reason: ANNOTATION_CSV,
    },
    {
      case: name,
      object: (o) => o === object,
      field: `annotation.${key}`,
      values: exactly(undefined, value),
      reason: ANNOTATION_CSV,
    },
  ]
}

export const QUADLET_ALLOWED: readonly QuadletAllowedDifference[] = [
  {
    case: 'generate-options',
    object: (o) => o === 'nginx' || o === 'sidecar',
    field: 'stopTimeout',
    values: exactly(10, 20),
    reason: STOP_TIMEOUT,
  },
  ...csvAnnotation('quoting', 'c', 'example.com/list', 'first, second'),
  ...csvAnnotation('quoting', 'c', 'example.com/quoted', 'say "hi", twice'),
  ...csvAnnotation('parity-annotation-values', 'app', 'description', 'first, second'),
  ...csvAnnotation('parity-annotation-values', 'app', 'quoted', 'say "hi"'),
]

// ---------------------------------------------------------------------------------------------
// `podman kube play --start=false` 5.4.2 of a case against its Quadlet files on 5.4.2

const WHY = {
  healthMarker:
    'kube play 5.4.2 marks every container it plays with io.podman.annotations.kube.health.check=true (it runs Kubernetes probes itself); podunit gives the container the same health check as options, without the marker',
  envFromPrefix:
    'envFrom prefix: kube play 5.4.2 leaves the ConfigMap keys out; podunit prefixes them',
  varExpansion:
    '$(VAR) expansion: kube play 5.4.2 does not expand a variable that comes from a ConfigMap; podunit expands it as Kubernetes does',
  stdin: 'stdin: kube play 5.4.2 ignores it; podunit keeps stdin open (-i) as Kubernetes does',
  hostUts:
    "the host's UTS namespace (hostNetwork): podunit puts --uts host on the pod, so that its infra container has it too; kube play 5.4.2 only on each container. The containers' own namespace and name are the host's on both sides",
  sidecar:
    'native sidecar (an init container with restartPolicy Always): kube play 5.4.2 runs it once as an init container, with the default stop timeout; podunit runs it beside the app containers, restarted whenever it exits, with their stop timeout, as the kubelet does',
  cgroupV2Memory:
    "pod-level memory limit: Podman 5.4.2 cannot apply it in the test root's cgroup v2 view, which has no memory controller on this host (podman5.md §6), so the pod made from the Quadlet files (and from the units) fails here; kube play 5.4.2 ignores pod-level resources",
  hostPid:
    "hostPID: podunit puts --pid host on the pod (its infra container); kube play 5.4.2 only on each container. The containers' own PID namespace is the host's on both sides",
  emptyDirName:
    'emptyDir names: kube play names the volume after the Kubernetes volume alone, so two pods with an emptyDir `work` share it; podunit names it <pod>-<volume>',
  secretVolume:
    'secret volume: podunit bind-mounts a directory of data files, read-only as Kubernetes mounts it (with U when the container runs as another user); kube play 5.4.2 fills a named volume called after the Secret',
  seccompProfile:
    'seccompProfile: kube play 5.4.2 ignores the field (it reads only the deprecated annotations); podunit applies it as Kubernetes does (Unconfined: seccomp=unconfined), and Podman records it as an annotation too',
  seLinux:
    'seLinuxOptions: kube play 5.4.2 leaves nothing inspect can show; podunit passes --security-opt label=…, and Podman records it as an annotation too',
  startPeriod:
    "startupProbe: podunit writes the probe's time to succeed as the liveness check's start period (PU4004); kube play 5.4.2 drops it",
  subPath:
    'subPath on a hostPath: kube play 5.4.2 binds the directory with subpath=<dir>; podunit binds the subdirectory itself. The container sees the same files',
  defaultMode:
    'defaultMode 0640 (YAML 1.1 octal, as Kubernetes reads it): kube play 5.4.2 reads YAML 1.2, takes 640 and refuses the pod; podunit reads it as Kubernetes does',
}

const any = (): boolean => true
const objects =
  (...names: string[]) =>
  (object: string): boolean =>
    names.includes(object)

/** An entry for exactly these values in one case (`kube` = the kube play side). */
function kube(
  name: string,
  object: string,
  field: string,
  kubeValue: unknown,
  quadlet: unknown,
  reason: string,
): QuadletAllowedDifference {
  return { case: name, object: objects(object), field, values: exactly(kubeValue, quadlet), reason }
}

const volume = (source: string, rw: boolean) => ({
  type: 'volume',
  source,
  options: ['nodev', 'nosuid', 'rbind'],
  rw,
  propagation: 'rprivate',
})
const bind = (source: string, options: string[], rw: boolean) => ({
  type: 'bind',
  source,
  options,
  rw,
  propagation: 'rprivate',
})

export const KUBE_PLAY_ALLOWED: readonly QuadletAllowedDifference[] = [
  {
    object: any,
    field: 'annotation.io.podman.annotations.kube.health.check',
    values: exactly('true', undefined),
    reason: WHY.healthMarker,
  },
  kube(
    'parity-command-env',
    'app',
    'env.CFG_GREETING',
    undefined,
    'hello world',
    WHY.envFromPrefix,
  ),
  kube('parity-command-env', 'app', 'env.CFG_LOG_LEVEL', undefined, 'debug', WHY.envFromPrefix),
  kube(
    'parity-command-env',
    'app',
    'env.URL',
    'http://$(POD_NAME):8080/$(LOG_LEVEL)',
    'http://$(POD_NAME):8080/debug',
    WHY.varExpansion,
  ),
  kube('parity-command-env', 'app', 'stdin', false, true, WHY.stdin),
  kube('parity-share-pid', 'debugger', 'stdin', false, true, WHY.stdin),
  ...['parity-host-network', 'parity-host-network-uts'].map((name) =>
    kube(name, 'infra', 'utsMode', 'private', 'host', WHY.hostUts),
  ),
  kube('parity-host-pid', 'infra', 'pidMode', 'private', 'host', WHY.hostPid),
  ...['app', 'prepare'].map((c) =>
    kube(
      'parity-init-containers',
      c,
      'mount:/work',
      volume('work', true),
      volume('par-init-work', true),
      WHY.emptyDirName,
    ),
  ),
  kube(
    'parity-secrets',
    'app',
    'mount:/etc/credentials',
    volume('par-credentials', true),
    bind('/etc/podunit/par-secret/secrets/credentials', ['rbind'], false),
    WHY.secretVolume,
  ),
  kube(
    'parity-secrets',
    'other-user',
    'mount:/etc/credentials',
    volume('par-credentials', false),
    bind('/etc/podunit/par-secret/secrets/credentials', ['U', 'rbind'], false),
    WHY.secretVolume,
  ),
  ...[
    ['parity-pod-metadata', 'app'],
    ['parity-pod-metadata', 'sidecar'],
    ['parity-security-profiles', 'unconfined'],
  ].flatMap(([name = '', c = '']) => [
    kube(
      name,
      c,
      'annotation.io.podman.annotations.seccomp',
      undefined,
      'unconfined',
      WHY.seccompProfile,
    ),
    kube(name, c, 'securityOpt', [], ['seccomp=unconfined'], WHY.seccompProfile),
  ]),
  ...['drop-all', 'inherits'].flatMap((c) => [
    kube(
      'parity-security',
      c,
      'annotation.io.podman.annotations.label',
      undefined,
      'level:s0:c1,c2',
      WHY.seLinux,
    ),
    kube('parity-security', c, 'securityOpt', [], ['label=level:s0:c1,c2'], WHY.seLinux),
  ]),
  kube(
    'parity-security',
    'own-user',
    'annotation.io.podman.annotations.label',
    undefined,
    'type:spc_t,label=level:s0:c3',
    WHY.seLinux,
  ),
  kube(
    'parity-security',
    'own-user',
    'securityOpt',
    ['no-new-privileges', 'unmask=all'],
    ['label=type:spc_t,label=level:s0:c3', 'no-new-privileges', 'unmask=all'],
    WHY.seLinux,
  ),
  kube(
    'parity-security-profiles',
    'slow-start',
    'health',
    { test: ['/bin/true'], interval: 20e9, timeout: 1e9, retries: 3, startPeriod: 0 },
    { test: ['/bin/true'], interval: 20e9, timeout: 1e9, retries: 3, startPeriod: 300e9 },
    WHY.startPeriod,
  ),
  kube(
    'parity-volumes-host',
    'app',
    'mount:/logs',
    bind('/PARITY_TMP/host/data', ['rbind', 'subpath=logs'], true),
    bind('/PARITY_TMP/host/data/logs', ['rbind'], true),
    WHY.subPath,
  ),
  kube('parity-sidecars', 'shipper', 'restart', 'no', 'always', WHY.sidecar),
  kube('parity-sidecars', 'shipper', 'stopTimeout', 10, 5, WHY.sidecar),
  kube(
    'parity-pod-resources',
    '(quadlet)',
    'error',
    undefined,
    'Error: openat2 /sys/fs/cgroup/libpod_parent/<id>/memory.swap.max: no such file or directory',
    WHY.cgroupV2Memory,
  ),
  kube(
    'parity-volumes-data',
    '(kube play)',
    'error',
    'Error: failed to create volume "settings": invalid DefaultMode for configMap "par-settings": must be between 0000 and 0777',
    undefined,
    WHY.defaultMode,
  ),
]
