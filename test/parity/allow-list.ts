/**
 * The differences between a pod made by `podman kube play` (Podman 4.3.1) and the same pod made by
 * the commands in podunit's units that test/parity.test.ts accepts: per case, object (`pod`,
 * `infra`, a container by its Kubernetes name, or `(kube play)` / `(podunit)` when a side fails),
 * field of the projection in test/support/inspect.ts, both values exactly as they are (scratch
 * paths as `<tmp>`, IDs as `<name-id>`, namespaces as in test/parity/runtime-probes.ts), and why.
 * A listed difference that changes or goes away fails the test, so this list cannot rot.
 *
 * PODUNIT_PARITY_DUMP=1 prints unexplained differences in this syntax.
 */
import { ROOT_MOUNTS } from './runtime-probes.js'

export interface AllowedDifference {
  readonly case: string
  readonly object: string
  readonly field: string
  /** The normalized value on the kube play side; undefined when the field is absent. */
  readonly kubePlay: unknown
  readonly podunit: unknown
  readonly reason: string
}

export const WHY = {
  // What running under systemd changes (README "Where podunit differs").
  network:
    "network: kube play joins podman-default-kube-network, which it creates on the fly; a unit cannot create that network (Podman's generator writes no such line), so podunit's pod joins Podman's default network",
  pidsLimit:
    "pids limit: `podman create` applies containers.conf's default pids_limit (2048); kube play 4.3.1 builds its spec without the CLI defaults. podunit's units run `podman run` like any user does",
  configMapVolume:
    'configMap volume: podunit bind-mounts a directory of data files, read-only as Kubernetes mounts it; kube play fills a named volume called after the ConfigMap (read-write unless readOnly). The files are compared separately and are the same',
  emptyDirName:
    'emptyDir names: kube play names the volume after the Kubernetes volume alone, so two pods with an emptyDir `work` share it; podunit names it <pod>-<volume>',
  // Where 4.3.1 lags Kubernetes and newer kube play; podunit follows Kubernetes (SPEC).
  varExpansion:
    '$(VAR) expansion: 4.3.1 does none (since 4.7); podunit expands command, args and env values as Kubernetes does, `$$` included',
  envFromPrefix:
    'envFrom prefix: 4.3.1 ignores it and adds the keys unprefixed; podunit prefixes them',
  stdin: 'stdin: 4.3.1 ignores it; podunit keeps stdin open (-i) as Kubernetes does',
  stopTimeout:
    'stop timeout: 4.3.1 ignores terminationGracePeriodSeconds (since 4.7); podunit uses it as the stop timeout, as Kubernetes does',
  hostPid:
    "hostPID: 4.3.1 ignores it (since 4.4); podunit gives the pod and its containers the host's PID namespace (the probe shows it)",
  hostIpc:
    'hostIPC: 4.3.1 ignores it (since 4.5); podunit passes `--ipc host` to the regular containers. 4.3.1\'s inspect shows that as "shareable"; the probe shows the host\'s IPC namespace',
  hostNetworkHostname:
    "hostNetwork: 4.3.1 gives the pod a UTS namespace of its own with the pod name as hostname; podunit gives the pod the host's UTS namespace (`pod create --uts host`), so its containers have the host's hostname, as Kubernetes (and kube play 4.8+) give a hostNetwork pod the node's",
  sysctls:
    'sysctls: 4.3.1 ignores spec.securityContext.sysctls (since 4.5); podunit passes them to `pod create` and the container sees the value',
  containerPortPublished:
    'ports: 4.3.1 publishes every containerPort, hostPort or not (changed in 4.8); podunit publishes only hostPorts, as Kubernetes does',
  healthOnFailure:
    'liveness probe with restartPolicy OnFailure: 4.3.1 restarts an unhealthy container only with Always; podunit also with OnFailure, as the kubelet and newer kube play do',
  startupProbe:
    "startupProbe: 4.3.1 ignores it (Podman 4.3 has no startup health checks); podunit makes the time it may take (failureThreshold x periodSeconds) the liveness check's start period, so the liveness check does not count failures while the container starts, as the kubelet holds it back",
  seccompProfile:
    'seccompProfile: 4.3.1 ignores the field (it reads only the deprecated annotations); podunit applies it, container over pod, as Kubernetes does (Unconfined: seccomp=unconfined), and Podman records it as an annotation too',
  sidecar:
    'native sidecar (an init container with restartPolicy Always, Kubernetes 1.29+): 4.3.1 does not know the field and runs it once as an init container; podunit runs it beside the app containers, restarted whenever it exits, with their stop timeout, as the kubelet does',
  podResources:
    'pod-level resources (Kubernetes 1.32+): 4.3.1 does not know the field; podunit gives its limits to the pod (`pod create --cpus/--memory`), whose cgroup then holds all its containers, as the kubelet does',
  execProbeQuoting:
    'exec probe: 4.3.1 joins the argv with spaces and no quoting and runs it through /bin/sh -c, so `sh -c "a && b"` runs `sh -c a && b`; podunit gives Podman the argv itself (exec form, `["CMD", …]`), run without a shell as the kubelet and newer kube play run it',
  namedPort:
    "httpGet on a named port: 4.3.1 does not look the name up and probes port 0; podunit resolves it from the container's ports, as Kubernetes does",
  tcpHost:
    'tcpSocket without host: 4.3.1 leaves the host empty (`nc -z -v  5432`: nc takes the port for a host); podunit probes localhost, as newer kube play does',
  readOnlyTmpfs:
    'readOnlyRootFilesystem: `podman create --read-only` mounts writable tmpfs on /run, /tmp and /var/tmp (--read-only-tmpfs defaults to true); kube play 4.3.1 does not (it does since 5.0)',
  memoryEmptyDir:
    'emptyDir medium Memory: 4.3.1 makes an ordinary volume (a tmpfs only since 5.0); podunit mounts a tmpfs, as Kubernetes does',
  defaultMode:
    'configMap defaultMode: 4.3.1 ignores it and writes 0644 (honoured since 4.8); podunit applies it, as Kubernetes does',
  subPathHostPath:
    'subPath on a hostPath: 4.3.1 ignores it and mounts the whole directory; podunit mounts the subdirectory, as Kubernetes does',
  workloadPodName:
    'Deployment: 4.3.1 names the pod <name>-pod-0; podunit <name>-pod, as newer kube play does (SPEC); metadata.name and the hostname follow',
  ulimitAnnotation:
    "io.podman.annotations.ulimit: 4.3.1 ignores it (since 4.5); podunit passes --ulimit. An explicit --ulimit replaces containers.conf's default_ulimits, so nproc is back at Podman's built-in 1048576",
  initAnnotation:
    'io.podman.annotations.init/<container>: 4.3.1 ignores it (since 4.7); podunit passes --init, so catatonit runs as PID 1',
  // Unobservable or inherent.
  seccompInspect:
    'seccomp annotation: both sides run unconfined (the probe shows Seccomp: 0); only `--security-opt` records the annotation and SecurityOpt that inspect shows, kube play sets the profile directly',
  seLinux:
    'seLinuxOptions: podunit passes --security-opt label=…, which inspect shows; kube play 4.3.1 leaves nothing inspect can show, and SELinux is disabled here, so neither side has a process label to compare',
  initContainers:
    "init containers: `podman run` has no --init-ctr, so podunit runs them as ordinary containers that start with the others and are never restarted (warning PU4002); kube play makes init containers, which run first, are removed (`once`), and get the pod's restart policy in 4.3.1",
  secretVolume:
    "secret volume: 4.3.1 kube play panics on any secret volume (nil pointer in VolumeFromSecret), so it plays the pod without it; podunit bind-mounts the Secret's files (0600, `U` when the container runs as another user: uid 1000 can read them)",
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

/** hostNetwork: kube play 4.3.1 gives the pod a UTS namespace of its own; podunit the host's. */
function hostUtsDifferences(kase: string, hostname: string): AllowedDifference[] {
  const why = WHY.hostNetworkHostname
  return [
    allow(kase, 'pod', 'hostname', hostname, '', why),
    allow(kase, 'pod', 'utsNs', 'private', 'host', why),
    allow(kase, 'infra', 'hostname', hostname, '<infra-id>', why),
    allow(kase, 'infra', 'utsMode', 'private', 'host', why),
    allow(kase, 'app', 'hostname', hostname, '<app-id>', why),
    allow(kase, 'app', 'run:readlink /proc/self/ns/uts', '<uts 1>', '<host>', why),
    allow(kase, 'app', 'utsMode', 'container:<infra-id>', 'host', why),
  ]
}

/**
 * The cases whose pod kube play joins to podman-default-kube-network: all but host-network (the
 * host's network) and annotation-values (where our side fails).
 */
const KUBE_NETWORK_CASES = [
  'security-profiles',
  'annotation-values',
  'command-env',
  'host-pid',
  'init-containers',
  'job',
  'pod-metadata',
  'podman-annotations',
  'ports-pull',
  'privileged',
  'probes',
  'resources',
  'restart-never',
  'restart-on-failure',
  'secrets',
  'security',
  'share-pid',
  'volumes-data',
  'volumes-host',
  'workload-daemonset',
  'workload-deployment',
  'workload-replicaset',
  'workload-statefulset',
  'claim-templates',
  'pod-resources',
  'sidecars',
]

/** The containers of each case that get containers.conf's pids limit from `podman create`. */
const CONTAINERS: Readonly<Record<string, readonly string[]>> = {
  'security-profiles': ['slow-start', 'unconfined'],
  'annotation-values': ['app'],
  'command-env': ['app'],
  'host-network': ['app'],
  'host-network-uts': ['app'],
  'host-pid': ['app'],
  'init-containers': ['app', 'migrate', 'prepare'],
  job: ['task'],
  'pod-metadata': ['app', 'sidecar'],
  'podman-annotations': ['app', 'other'],
  'ports-pull': ['default-policy', 'dns', 'tagged', 'web'],
  privileged: ['admin', 'plain'],
  probes: ['exec', 'http', 'tcp'],
  resources: ['requests-only', 'small', 'whole'],
  'restart-never': ['once'],
  'restart-on-failure': ['worker'],
  secrets: ['app', 'other-user'],
  security: ['drop-all', 'inherits', 'own-user'],
  'share-pid': ['app', 'debugger'],
  'volumes-data': ['app', 'reader'],
  'volumes-host': ['app', 'shared'],
  'workload-daemonset': ['main'],
  'workload-deployment': ['main'],
  'workload-replicaset': ['main'],
  'workload-statefulset': ['main'],
  'claim-templates': ['db'],
  'pod-resources': ['app'],
  sidecars: ['app', 'prepare', 'shipper'],
}

export const ALLOWED: readonly AllowedDifference[] = [
  ...KUBE_NETWORK_CASES.map((c) =>
    allow(c, 'pod', 'networks', ['podman-default-kube-network'], ['podman'], WHY.network),
  ),
  ...Object.entries(CONTAINERS).flatMap(([c, names]) =>
    names.map((name) => allow(c, name, 'pidsLimit', 0, 2048, WHY.pidsLimit)),
  ),

  // command-env
  allow(
    'command-env',
    'app',
    'argv',
    [
      'sh',
      '-c',
      'echo "$(GREETING) from $(POD_NAME)"; exec sleep $(SLEEP)',
      '$(LOG_LEVEL)',
      '$$(LOG_LEVEL)',
      '$(UNDEFINED)',
    ],
    [
      'sh',
      '-c',
      'echo "hello world from par-env"; exec sleep 3600',
      'debug',
      '$(LOG_LEVEL)',
      '$(UNDEFINED)',
    ],
    WHY.varExpansion,
  ),
  allow('command-env', 'app', 'env.CFG_GREETING', undefined, 'hello world', WHY.envFromPrefix),
  allow('command-env', 'app', 'env.CFG_LOG_LEVEL', undefined, 'debug', WHY.envFromPrefix),
  allow(
    'command-env',
    'app',
    'env.URL',
    'http://$(POD_NAME):8080/$(LOG_LEVEL)',
    'http://$(POD_NAME):8080/debug',
    WHY.varExpansion,
  ),
  allow('command-env', 'app', 'stdin', false, true, WHY.stdin),

  // host-network
  ...hostUtsDifferences('host-network', 'par-hostnet'),
  ...hostUtsDifferences('host-network-uts', 'ignored-name'),
  allow('host-network', 'app', 'ipcMode', 'container:<infra-id>', 'shareable', WHY.hostIpc),
  allow('host-network', 'app', 'run:readlink /proc/self/ns/ipc', '<ipc 1>', '<host>', WHY.hostIpc),

  // host-pid
  allow('host-pid', 'pod', 'pidNs', 'private', 'host', WHY.hostPid),
  allow('host-pid', 'infra', 'pidMode', 'private', 'host', WHY.hostPid),
  allow('host-pid', 'app', 'pidMode', 'private', 'host', WHY.hostPid),
  allow('host-pid', 'app', 'run:readlink /proc/self/ns/pid', '<pid 1>', '<host>', WHY.hostPid),

  // init-containers
  allow(
    'init-containers',
    'pod',
    'run:containers',
    ['app'],
    ['app', 'migrate', 'prepare'],
    WHY.initContainers,
  ),
  allow('init-containers', 'app', 'ipcMode', 'container:<infra-id>', 'shareable', WHY.hostIpc),
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
  allow('init-containers', 'app', 'stopTimeout', 10, 20, WHY.stopTimeout),
  allow('init-containers', 'migrate', 'restart', 'on-failure', 'no', WHY.initContainers),
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
  allow('init-containers', 'prepare', 'restart', 'on-failure', 'no', WHY.initContainers),

  // job
  allow(
    'job',
    'task',
    'argv',
    ['sh', '-c', 'echo $(POD_NAME)'],
    ['sh', '-c', 'echo par-job-pod'],
    WHY.varExpansion,
  ),

  // pod-metadata
  allow(
    'pod-metadata',
    'app',
    'annotation.io.podman.annotations.seccomp',
    undefined,
    'unconfined',
    WHY.seccompInspect,
  ),
  allow(
    'pod-metadata',
    'app',
    'run:cat /proc/sys/net/ipv4/ip_unprivileged_port_start',
    '1024',
    '80',
    WHY.sysctls,
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

  // podman-annotations
  allow(
    'podman-annotations',
    'app',
    'argv',
    ['/bin/sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'],
    ['/run/podman-init', '--', '/bin/sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'],
    WHY.initAnnotation,
  ),
  allow(
    'podman-annotations',
    'app',
    'ulimits',
    [
      { Name: 'RLIMIT_NOFILE', Soft: 1024, Hard: 1024 },
      { Name: 'RLIMIT_NPROC', Soft: 1024, Hard: 1024 },
    ],
    [
      { Name: 'RLIMIT_NOFILE', Soft: 512, Hard: 512 },
      { Name: 'RLIMIT_NPROC', Soft: 1048576, Hard: 1048576 },
    ],
    WHY.ulimitAnnotation,
  ),
  allow(
    'podman-annotations',
    'other',
    'ulimits',
    [
      { Name: 'RLIMIT_NOFILE', Soft: 1024, Hard: 1024 },
      { Name: 'RLIMIT_NPROC', Soft: 1024, Hard: 1024 },
    ],
    [
      { Name: 'RLIMIT_NOFILE', Soft: 512, Hard: 512 },
      { Name: 'RLIMIT_NPROC', Soft: 1048576, Hard: 1048576 },
    ],
    WHY.ulimitAnnotation,
  ),

  // ports-pull
  allow(
    'ports-pull',
    'pod',
    'ports',
    ['127.0.0.1:18443->443/tcp', ':15353->53/udp', ':18081->80/tcp', ':9090->9090/tcp'],
    ['127.0.0.1:18443->443/tcp', ':15353->53/udp', ':18081->80/tcp'],
    WHY.containerPortPublished,
  ),

  // security-profiles
  allow(
    'security-profiles',
    'slow-start',
    'health',
    {
      test: ['/bin/sh', '-c', '/bin/true'],
      interval: 20000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    {
      test: ['/bin/true'],
      interval: 20000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 300000000000,
    },
    `${WHY.startupProbe}. ${WHY.execProbeQuoting}`,
  ),
  allow(
    'security-profiles',
    'unconfined',
    'annotation.io.podman.annotations.seccomp',
    undefined,
    'unconfined',
    WHY.seccompProfile,
  ),
  allow(
    'security-profiles',
    'unconfined',
    'securityOpt',
    [],
    ['seccomp=unconfined'],
    WHY.seccompProfile,
  ),

  // probes
  allow('probes', 'pod', 'ports', [':8080->8080/tcp'], [], WHY.containerPortPublished),
  allow(
    'probes',
    'exec',
    'health',
    {
      test: ['/bin/sh', '-c', 'sh -c test -e /tmp/healthy && echo "ok"'],
      interval: 15000000000,
      timeout: 3000000000,
      retries: 4,
      startPeriod: 5000000000,
    },
    {
      test: ['sh', '-c', 'test -e /tmp/healthy && echo "ok"'],
      interval: 15000000000,
      timeout: 3000000000,
      retries: 4,
      startPeriod: 5000000000,
    },
    WHY.execProbeQuoting,
  ),
  allow(
    'probes',
    'http',
    'health',
    {
      test: ['/bin/sh', '-c', 'curl -f http://localhost:0/healthz'],
      interval: 10000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    {
      test: ['/bin/sh', '-c', 'curl -f http://localhost:8080/healthz'],
      interval: 10000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    WHY.namedPort,
  ),
  allow(
    'probes',
    'tcp',
    'health',
    {
      test: ['/bin/sh', '-c', 'nc -z -v  5432'],
      interval: 30000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    {
      test: ['/bin/sh', '-c', 'nc -z -v localhost 5432'],
      interval: 30000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    WHY.tcpHost,
  ),

  // pod-resources
  allow('pod-resources', 'pod', 'cpuQuota', undefined, 50000, WHY.podResources),
  allow('pod-resources', 'pod', 'memoryLimit', undefined, 268435456, WHY.podResources),

  // sidecars
  allow('sidecars', 'app', 'stopTimeout', 10, 5, WHY.stopTimeout),
  allow('sidecars', 'shipper', 'restart', 'no', 'always', WHY.sidecar),
  allow('sidecars', 'shipper', 'stopTimeout', 10, 5, WHY.sidecar),

  // restart-never
  allow('restart-never', 'once', 'stopTimeout', 10, 5, WHY.stopTimeout),
  allow(
    'restart-never',
    'once',
    'health',
    {
      test: ['/bin/sh', '-c', 'true'],
      interval: 10000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    {
      test: ['true'],
      interval: 10000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    WHY.execProbeQuoting,
  ),

  // restart-on-failure
  allow('restart-on-failure', 'worker', 'healthOnFailure', 'none', 'restart', WHY.healthOnFailure),
  allow('restart-on-failure', 'worker', 'stopTimeout', 10, 45, WHY.stopTimeout),
  allow(
    'restart-on-failure',
    'worker',
    'health',
    {
      test: ['/bin/sh', '-c', 'cat /tmp/alive'],
      interval: 10000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    {
      test: ['cat', '/tmp/alive'],
      interval: 10000000000,
      timeout: 1000000000,
      retries: 3,
      startPeriod: 0,
    },
    WHY.execProbeQuoting,
  ),

  // secrets
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
    WHY.secretVolume,
  ),
  allow(
    'secrets',
    'app',
    'mount:/etc/credentials:files',
    undefined,
    ['password 0600 "s3cr3t"', 'username 0600 "admin"'],
    WHY.secretVolume,
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
    WHY.secretVolume,
  ),
  allow(
    'secrets',
    'other-user',
    'mount:/etc/credentials:files',
    undefined,
    ['password 0600 "s3cr3t"', 'username 0600 "admin"'],
    WHY.secretVolume,
  ),
  allow(
    'secrets',
    'other-user',
    'run:cat /etc/credentials/password',
    " (exit 1: cat: can't open '/etc/credentials/password': No such file or directory)",
    's3cr3t',
    WHY.secretVolume,
  ),

  // security
  allow(
    'security',
    'drop-all',
    'annotation.io.podman.annotations.label',
    undefined,
    'level:s0:c1,c2',
    WHY.seLinux,
  ),
  allow('security', 'drop-all', 'securityOpt', [], ['label=level:s0:c1,c2'], WHY.seLinux),
  allow(
    'security',
    'inherits',
    'annotation.io.podman.annotations.label',
    undefined,
    'level:s0:c1,c2',
    WHY.seLinux,
  ),
  allow('security', 'inherits', 'securityOpt', [], ['label=level:s0:c1,c2'], WHY.seLinux),
  allow(
    'security',
    'own-user',
    'annotation.io.podman.annotations.label',
    undefined,
    'type:spc_t,label=level:s0:c3',
    WHY.seLinux,
  ),
  allow(
    'security',
    'own-user',
    'securityOpt',
    ['no-new-privileges'],
    ['label=type:spc_t,label=level:s0:c3', 'no-new-privileges'],
    WHY.seLinux,
  ),
  allow(
    'security',
    'own-user',
    'tmpfs',
    {},
    {
      '/run': 'rw,rprivate,nosuid,nodev,tmpcopyup',
      '/tmp': 'rw,rprivate,nosuid,nodev,tmpcopyup',
      '/var/tmp': 'rw,rprivate,nosuid,nodev,tmpcopyup',
    },
    WHY.readOnlyTmpfs,
  ),
  allow(
    'security',
    'own-user',
    `run:${ROOT_MOUNTS}`,
    '/ ro',
    '/ ro\n/run rw\n/tmp rw\n/var/tmp rw',
    WHY.readOnlyTmpfs,
  ),

  // share-pid
  allow('share-pid', 'debugger', 'stdin', false, true, WHY.stdin),

  // volumes-data
  allow(
    'volumes-data',
    'app',
    'mount:/etc/settings',
    {
      type: 'volume',
      source: 'par-settings',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    {
      type: 'bind',
      source: '<tmp>/data/par-datavol/configmaps/settings',
      options: ['rbind'],
      rw: false,
      propagation: 'rprivate',
    },
    WHY.configMapVolume,
  ),
  allow(
    'volumes-data',
    'app',
    'mount:/etc/settings:files',
    ['app.properties 0644 "mode=fast\\n"'],
    ['app.properties 0640 "mode=fast\\n"'],
    WHY.defaultMode,
  ),
  allow(
    'volumes-data',
    'app',
    'mount:/ram',
    {
      type: 'volume',
      source: 'ram',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    undefined,
    WHY.memoryEmptyDir,
  ),
  allow('volumes-data', 'app', 'mount:/ram:files', [], undefined, WHY.memoryEmptyDir),
  allow(
    'volumes-data',
    'app',
    'mount:/scratch',
    {
      type: 'volume',
      source: 'scratch',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    {
      type: 'volume',
      source: 'par-datavol-scratch',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: true,
      propagation: 'rprivate',
    },
    WHY.emptyDirName,
  ),
  allow(
    'volumes-data',
    'app',
    'tmpfs',
    {},
    { '/ram': 'rw,rprivate,nosuid,nodev,tmpcopyup' },
    WHY.memoryEmptyDir,
  ),
  allow(
    'volumes-data',
    'reader',
    'mount:/etc/defaults',
    {
      type: 'volume',
      source: 'par-defaults',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: false,
      propagation: 'rprivate',
    },
    {
      type: 'bind',
      source: '<tmp>/data/par-datavol/configmaps/all-defaults',
      options: ['rbind'],
      rw: false,
      propagation: 'rprivate',
    },
    WHY.configMapVolume,
  ),
  allow(
    'volumes-data',
    'reader',
    'mount:/scratch',
    {
      type: 'volume',
      source: 'scratch',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: false,
      propagation: 'rprivate',
    },
    {
      type: 'volume',
      source: 'par-datavol-scratch',
      options: ['nodev', 'nosuid', 'rbind'],
      rw: false,
      propagation: 'rprivate',
    },
    WHY.emptyDirName,
  ),

  // volumes-host
  allow(
    'volumes-host',
    'app',
    'mount:/logs',
    {
      type: 'bind',
      source: '<tmp>/host/data',
      options: ['rbind'],
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
    WHY.subPathHostPath,
  ),
  allow(
    'volumes-host',
    'app',
    'mount:/logs:files',
    ['host-file 0644 "from the host\\n"', 'logs/ 0755', 'logs/sub-file 0644 "from logs\\n"'],
    ['sub-file 0644 "from logs\\n"'],
    WHY.subPathHostPath,
  ),

  // workload-deployment
  allow(
    'workload-deployment',
    'pod',
    'hostname',
    'par-deployment-pod-0',
    'par-deployment-pod',
    WHY.workloadPodName,
  ),
  allow(
    'workload-deployment',
    'pod',
    'name',
    'par-deployment-pod-0',
    'par-deployment-pod',
    WHY.workloadPodName,
  ),
  allow(
    'workload-deployment',
    'infra',
    'hostname',
    'par-deployment-pod-0',
    'par-deployment-pod',
    WHY.workloadPodName,
  ),
  allow(
    'workload-deployment',
    'main',
    'env.POD_NAME',
    'par-deployment-pod-0',
    'par-deployment-pod',
    WHY.workloadPodName,
  ),
  allow(
    'workload-deployment',
    'main',
    'hostname',
    'par-deployment-pod-0',
    'par-deployment-pod',
    WHY.workloadPodName,
  ),
]
