/**
 * The differences between `podman kube play` of Podman 5.4.2 and the commands of podunit's
 * `--podman-version 5.4` units that test/parity-podman5.test.ts accepts, in the syntax of
 * allow-list.ts (whose reasons are reused where they hold for 5.4.2 as they are). Where Podman
 * 5.4.2 lags Kubernetes, podunit follows Kubernetes. (The differences that other work on podunit
 * removed, exec probes in exec form and the hostname of a hostNetwork pod, are gone since it was
 * merged.)
 *
 * Gone on 5.4.2 (compared with 4.3.1): $(VAR) in command and args, terminationGracePeriodSeconds,
 * hostIPC, sysctls, published containerPorts, named and tcpSocket probe ports, the ulimit and init
 * annotations, defaultMode (where kube play reads it), the pids limit (the root's containers.conf
 * sets none), workload pod names, and the read-only tmpfs mounts (5.4.2's inspect lists none on
 * either side).
 */
import { WHY, type AllowedDifference } from './allow-list.js'
import { ROOT_MOUNTS } from './runtime-probes.js'

const WHY54 = {
  podRestart:
    "pod restart policy: kube play 5.4.2 gives the pod the spec's restartPolicy (`pod create --restart`, Podman 4.4+), which its containers inherit; podunit gives each container the policy as its own `--restart`, which its unit turns into `Restart=` (the `pod create` line of `generate systemd` carries none)",
  kubeHealthCheck:
    "io.podman.annotations.kube.health.check: kube play 5.4.2 adds it (true) to every container it makes; `podman create`, which makes podunit's containers, does not. It records how the container was made; nothing in the YAML asks for it",
  envFromPrefix:
    'envFrom prefix: kube play 5.4.2 still ignores it and adds the keys unprefixed; podunit prefixes them, as Kubernetes does',
  envExpansion:
    '$(VAR) in env values: kube play 5.4.2 expands $(VAR) in command and args but not in env values; podunit expands both, as Kubernetes does',
  stdin:
    'stdin: kube play 5.4.2 still ignores it; podunit keeps stdin open (-i) as Kubernetes does',
  hostNetworkHostname:
    "hostNetwork: kube play 5.4.2 gives the pod and its infra container a UTS namespace of their own, named after the host (here the test root's podunit-podman5; podman5.md §8), and records that name as the pod's hostname; podunit gives the pod the host's UTS namespace (`pod create --uts host`) and sets no hostname, as Kubernetes gives a hostNetwork pod the node's. The containers see the same hostname on both sides",
  hostPid:
    "hostPID: kube play 5.4.2 gives the containers the host's PID namespace (both sides show it) but makes the pod and its infra container without it; podunit passes --pid host to `pod create`",
  initContainers:
    'init containers: kube play 5.4.2 runs them first and removes them (`once`); podunit runs them as ordinary containers that start with the others (warning PU4002), so they are still there',
  seLinux:
    'seLinuxOptions: podunit passes --security-opt label=…, which inspect shows; kube play 5.4.2 leaves nothing inspect can show, and SELinux is disabled in the test root, so neither side has a process label to compare',
  startupProbe:
    "startupProbe: kube play 5.4.2 makes no start period of it; podunit makes the time it may take (failureThreshold x periodSeconds, 300 s) the liveness check's start period, so the liveness check does not count failures while the container starts, as the kubelet holds it back",
  secretVolume:
    "secret volume: kube play is given the pod without it (this suite's workaround for 4.3.1, see parity.test.ts), so only podunit's side mounts the Secret's files (0600, `U` when the container runs as another user)",
  defaultModeOctal:
    'configMap defaultMode 0640: kube play 5.4.2 reads the YAML by YAML 1.2 rules, where 0640 is the decimal 640, and refuses it (above 0777); Kubernetes reads YAML 1.1, where it is octal 0640, and so does podunit',
  sidecar:
    "native sidecar (an init container with restartPolicy Always, Kubernetes 1.29+): kube play 5.4.2 runs it once as an init container (no restart, stop timeout 10); podunit runs it beside the app containers, restarted whenever it exits, with the pod's stop timeout (terminationGracePeriodSeconds, 5), as the kubelet does",
  podResources:
    'pod-level resources (Kubernetes 1.32+): kube play 5.4.2 ignores them; podunit gives the limits to the pod (`pod create --cpus/--memory`), whose cgroup then holds all its containers, as the kubelet does',
  dnsNameservers:
    "dnsConfig.nameservers: in kube play 5.4.2's container /etc/resolv.conf names the pod network's DNS server (10.89.0.1) with the spec's searches and options; in podunit's (`pod create --dns`) it names the spec's nameserver, as the kubelet writes it",
  writableTmpfs:
    'readOnlyRootFilesystem: false: kube play 5.4.2 still mounts writable tmpfs on /run, /tmp and /var/tmp (seen in /proc/self/mountinfo; inspect lists none); podunit passes no --read-only and adds none, as Kubernetes adds none',
  subPathHostPath:
    "subPath on a hostPath: kube play 5.4.2 mounts the volume's directory with the subpath=logs option, podunit binds the subdirectory itself; the container sees the same files (the file lists are read from the mount's source, which for kube play is the whole directory)",
} as const

function allow(
  kase: string,
  object: string,
  field: string,
  kubePlay: unknown,
  podunit: unknown,
  reason: string,
): AllowedDifference {
  return { case: kase, object, field, kubePlay, podunit, reason }
}

/** The cases whose pod kube play joins to podman-default-kube-network (not the host-network ones). */
const KUBE_NETWORK_CASES = [
  'annotation-values',
  'claim-templates',
  'command-env',
  'host-pid',
  'init-containers',
  'job',
  'pod-metadata',
  'pod-resources',
  'podman-annotations',
  'ports-pull',
  'privileged',
  'probes',
  'resources',
  'restart-never',
  'restart-on-failure',
  'secrets',
  'security',
  'security-profiles',
  'share-pid',
  'sidecars',
  'volumes-host',
  'workload-daemonset',
  'workload-deployment',
  'workload-replicaset',
  'workload-statefulset',
]

/** Each case's pod restart policy, as kube play 5.4.2 records it. */
const POD_RESTART: Readonly<Record<string, string>> = {
  'annotation-values': 'always',
  'claim-templates': 'always',
  'command-env': 'always',
  'host-network': 'always',
  'host-network-uts': 'always',
  'host-pid': 'always',
  'init-containers': 'on-failure',
  job: 'on-failure',
  'pod-metadata': 'always',
  'pod-resources': 'always',
  'podman-annotations': 'always',
  'ports-pull': 'always',
  privileged: 'always',
  probes: 'always',
  resources: 'always',
  'restart-never': 'no',
  'restart-on-failure': 'on-failure',
  secrets: 'always',
  security: 'always',
  'security-profiles': 'always',
  'share-pid': 'always',
  sidecars: 'no',
  'volumes-host': 'always',
  'workload-daemonset': 'always',
  'workload-deployment': 'always',
  'workload-replicaset': 'always',
  'workload-statefulset': 'always',
}

/** The containers of each case (every one gets kube play's health check annotation). */
const CONTAINERS: Readonly<Record<string, readonly string[]>> = {
  'annotation-values': ['app'],
  'claim-templates': ['db'],
  'command-env': ['app'],
  'host-network': ['app'],
  'host-network-uts': ['app'],
  'host-pid': ['app'],
  'init-containers': ['app', 'migrate', 'prepare'],
  job: ['task'],
  'pod-metadata': ['app', 'sidecar'],
  'pod-resources': ['app'],
  'podman-annotations': ['app', 'other'],
  'ports-pull': ['default-policy', 'dns', 'tagged', 'web'],
  privileged: ['admin', 'plain'],
  probes: ['exec', 'http', 'tcp'],
  resources: ['requests-only', 'small', 'whole'],
  'restart-never': ['once'],
  'restart-on-failure': ['worker'],
  secrets: ['app', 'other-user'],
  security: ['drop-all', 'inherits', 'own-user'],
  'security-profiles': ['slow-start', 'unconfined'],
  'share-pid': ['app', 'debugger'],
  sidecars: ['app', 'prepare', 'shipper'],
  'volumes-host': ['app', 'shared'],
  'workload-daemonset': ['main'],
  'workload-deployment': ['main'],
  'workload-replicaset': ['main'],
  'workload-statefulset': ['main'],
}

export const ALLOWED_54: readonly AllowedDifference[] = [
  ...KUBE_NETWORK_CASES.map((c) =>
    allow(c, 'pod', 'networks', ['podman-default-kube-network'], ['podman'], WHY.network),
  ),
  ...Object.entries(POD_RESTART).map(([c, policy]) =>
    allow(c, 'pod', 'restartPolicy', policy, undefined, WHY54.podRestart),
  ),
  ...Object.entries(CONTAINERS).flatMap(([c, names]) =>
    names.map((name) =>
      allow(
        c,
        name,
        'annotation.io.podman.annotations.kube.health.check',
        'true',
        undefined,
        WHY54.kubeHealthCheck,
      ),
    ),
  ),
  allow('command-env', 'app', 'env.CFG_GREETING', undefined, 'hello world', WHY54.envFromPrefix),
  allow('command-env', 'app', 'env.CFG_LOG_LEVEL', undefined, 'debug', WHY54.envFromPrefix),
  allow(
    'command-env',
    'app',
    'env.URL',
    'http://$(POD_NAME):8080/$(LOG_LEVEL)',
    'http://$(POD_NAME):8080/debug',
    WHY54.envExpansion,
  ),
  allow('command-env', 'app', 'stdin', false, true, WHY54.stdin),
  allow('host-network', 'pod', 'hostname', 'podunit-podman5', '', WHY54.hostNetworkHostname),
  allow('host-network', 'pod', 'utsNs', 'private', 'host', WHY54.hostNetworkHostname),
  allow('host-network', 'infra', 'utsMode', 'private', 'host', WHY54.hostNetworkHostname),
  allow('host-network-uts', 'pod', 'hostname', 'podunit-podman5', '', WHY54.hostNetworkHostname),
  allow('host-network-uts', 'pod', 'utsNs', 'private', 'host', WHY54.hostNetworkHostname),
  allow('host-network-uts', 'infra', 'utsMode', 'private', 'host', WHY54.hostNetworkHostname),
  allow('host-pid', 'pod', 'pidNs', 'private', 'host', WHY54.hostPid),
  allow('host-pid', 'infra', 'pidMode', 'private', 'host', WHY54.hostPid),
  allow(
    'init-containers',
    'pod',
    'run:containers',
    ['app'],
    ['app', 'migrate', 'prepare'],
    WHY54.initContainers,
  ),
  allow(
    'init-containers',
    'app',
    'mount:/work',
    {
      type: 'volume',
      source: 'work',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    {
      type: 'volume',
      source: 'par-init-work',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    WHY.emptyDirName,
  ),
  allow(
    'init-containers',
    'prepare',
    'mount:/work',
    {
      type: 'volume',
      source: 'work',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    {
      type: 'volume',
      source: 'par-init-work',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    WHY.emptyDirName,
  ),
  allow(
    'pod-metadata',
    'app',
    'annotation.io.podman.annotations.seccomp',
    undefined,
    'unconfined',
    WHY.seccompInspect,
  ),
  allow('pod-metadata', 'app', 'securityOpt', [], ['seccomp=unconfined'], WHY.seccompInspect),
  allow(
    'pod-metadata',
    'sidecar',
    'annotation.io.podman.annotations.seccomp',
    undefined,
    'unconfined',
    WHY.seccompInspect,
  ),
  allow('pod-metadata', 'sidecar', 'securityOpt', [], ['seccomp=unconfined'], WHY.seccompInspect),
  allow('pod-resources', 'pod', 'cpuQuota', undefined, 50000, WHY54.podResources),
  allow('pod-resources', 'pod', 'memoryLimit', undefined, 268435456, WHY54.podResources),
  allow(
    'secrets',
    'app',
    'mount:/etc/credentials',
    undefined,
    {
      type: 'bind',
      source: '<tmp>/data/par-secret/secrets/credentials',
      options: ['rbind'],
      rw: false,
      propagation: 'rprivate',
    },
    WHY54.secretVolume,
  ),
  allow(
    'secrets',
    'app',
    'mount:/etc/credentials:files',
    undefined,
    ['password 0600 "s3cr3t"', 'username 0600 "admin"'],
    WHY54.secretVolume,
  ),
  allow(
    'secrets',
    'other-user',
    'mount:/etc/credentials',
    undefined,
    {
      type: 'bind',
      source: '<tmp>/data/par-secret/secrets/credentials',
      options: ['U', 'rbind'],
      rw: false,
      propagation: 'rprivate',
    },
    WHY54.secretVolume,
  ),
  allow(
    'secrets',
    'other-user',
    'mount:/etc/credentials:files',
    undefined,
    ['password 0600 "s3cr3t"', 'username 0600 "admin"'],
    WHY54.secretVolume,
  ),
  // The run: entries below became visible once `podman exec` ran in the containers of the test
  // root (test/podman5/run.sh enters it with pivot_root; with chroot it ran in the host's /).
  allow(
    'secrets',
    'other-user',
    'run:cat /etc/credentials/password',
    " (exit 1: cat: can't open '/etc/credentials/password': No such file or directory)",
    's3cr3t',
    WHY54.secretVolume,
  ),
  allow(
    'pod-metadata',
    'app',
    'run:cat /etc/resolv.conf',
    'search svc.example example\nnameserver 10.89.0.1\noptions ndots:2 edns0',
    'search svc.example example\nnameserver 10.0.0.53\noptions ndots:2 edns0',
    WHY54.dnsNameservers,
  ),
  allow(
    'security',
    'drop-all',
    `run:${ROOT_MOUNTS}`,
    '/ rw\n/run rw\n/tmp rw\n/var/tmp rw',
    '/ rw',
    WHY54.writableTmpfs,
  ),
  allow(
    'security',
    'drop-all',
    'annotation.io.podman.annotations.label',
    undefined,
    'level:s0:c1,c2',
    WHY54.seLinux,
  ),
  allow('security', 'drop-all', 'securityOpt', [], ['label=level:s0:c1,c2'], WHY54.seLinux),
  allow(
    'security',
    'inherits',
    'annotation.io.podman.annotations.label',
    undefined,
    'level:s0:c1,c2',
    WHY54.seLinux,
  ),
  allow('security', 'inherits', 'securityOpt', [], ['label=level:s0:c1,c2'], WHY54.seLinux),
  allow(
    'security',
    'own-user',
    'annotation.io.podman.annotations.label',
    undefined,
    'type:spc_t,label=level:s0:c3',
    WHY54.seLinux,
  ),
  allow(
    'security',
    'own-user',
    'securityOpt',
    ['no-new-privileges', 'unmask=all'],
    ['label=type:spc_t,label=level:s0:c3', 'no-new-privileges', 'unmask=all'],
    WHY54.seLinux,
  ),
  allow(
    'security-profiles',
    'slow-start',
    'health',
    { test: ['/bin/true'], interval: 20000000000, timeout: 1000000000, retries: 3, startPeriod: 0 },
    {
      test: ['/bin/true'],
      interval: 20000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 300000000000,
    },
    WHY54.startupProbe,
  ),
  allow(
    'security-profiles',
    'unconfined',
    'annotation.io.podman.annotations.seccomp',
    undefined,
    'unconfined',
    WHY.seccompInspect,
  ),
  allow(
    'security-profiles',
    'unconfined',
    'securityOpt',
    [],
    ['seccomp=unconfined'],
    WHY.seccompInspect,
  ),
  allow('share-pid', 'debugger', 'stdin', false, true, WHY54.stdin),
  allow('sidecars', 'shipper', 'restart', 'no', 'always', WHY54.sidecar),
  allow('sidecars', 'shipper', 'stopTimeout', 10, 5, WHY54.sidecar),
  allow(
    'volumes-data',
    '(kube play)',
    'error',
    'Error: failed to create volume "settings": invalid DefaultMode for configMap "par-settings": must be between 0000 and 0777',
    undefined,
    WHY54.defaultModeOctal,
  ),
  allow(
    'volumes-host',
    'app',
    'mount:/logs',
    {
      type: 'bind',
      source: '<tmp>/host/data',
      options: ['rbind', 'subpath=logs'],
      rw: true,
      propagation: 'rprivate',
    },
    {
      type: 'bind',
      source: '<tmp>/host/data/logs',
      options: ['rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    WHY54.subPathHostPath,
  ),
  allow(
    'volumes-host',
    'app',
    'mount:/logs:files',
    ['host-file 0644 "from the host\\n"', 'logs/ 0755', 'logs/sub-file 0644 "from logs\\n"'],
    ['sub-file 0644 "from logs\\n"'],
    WHY54.subPathHostPath,
  ),
]
