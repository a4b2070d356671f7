/**
 * Every diagnostic podunit can report: a stable public id (`PU####`), a severity, and the message
 * template. Ids never change meaning once released; new findings get new ids.
 *
 * Ranges: PU0xxx input and YAML, PU1xxx schema and semantic errors, PU2xxx conversion errors,
 * PU3xxx fields that Podman ignores (warnings), PU4xxx other warnings.
 */
import type { Severity } from './diagnostic.js'

export interface CodeSpec<P> {
  readonly id: string
  readonly severity: Severity
  readonly message: (params: P) => string
  /** The field's path is the subject of the message: `<path> <message>`, not `<path>: <message>`. */
  readonly subject?: boolean
}

function code<P = Record<string, never>>(
  id: string,
  severity: Severity,
  message: (params: P) => string,
  subject = false,
): CodeSpec<P> {
  return subject ? { id, severity, message, subject } : { id, severity, message }
}

type Ref = { readonly kind: string; readonly name: string }

type Detail = { readonly detail: string }
type Field = { readonly field: string }
type Named = { readonly name: string }

export const CODES = {
  // Input and YAML
  PARSE_SYNTAX: code<Detail>('PU0001', 'error', (p) => p.detail),
  PARSE_DUPLICATE_KEY: code<{ readonly key: string }>(
    'PU0002',
    'error',
    (p) => `duplicate key "${p.key}"`,
  ),
  PARSE_ALIAS_LIMIT: code<{ readonly limit: number }>(
    'PU0003',
    'error',
    (p) =>
      `too many alias expansions (more than ${p.limit}): the document looks like an alias bomb`,
  ),
  PARSE_EMPTY_FILE: code('PU0004', 'error', () => 'the file holds no Kubernetes document'),
  PARSE_NOT_A_MAPPING: code<{ readonly found: string }>(
    'PU0005',
    'error',
    (p) => `a Kubernetes document must be a mapping, found ${p.found}`,
  ),
  PARSE_TOO_LARGE: code<{ readonly size: number; readonly limit: number }>(
    'PU0006',
    'error',
    (p) => `the input is ${p.size} bytes, more than the limit of ${p.limit} bytes`,
  ),
  PARSE_TOO_MANY_DOCUMENTS: code<{ readonly limit: number }>(
    'PU0007',
    'error',
    (p) => `more than ${p.limit} documents in one input`,
  ),
  PARSE_TOO_DEEP: code<{ readonly limit: number }>(
    'PU0008',
    'error',
    (p) => `nesting deeper than ${p.limit} levels`,
  ),
  PARSE_INVALID_TEXT: code<Detail>('PU0009', 'error', (p) => p.detail),
  KIND_MISSING: code<{ readonly fields: readonly { name: string; present: boolean }[] }>(
    'PU0010',
    'error',
    (p) =>
      `the document has ${p.fields.map((f) => (f.present ? `${f.name === 'kind' ? 'a' : 'an'} "${f.name}" that is not a string` : `no "${f.name}"`)).join(' and ')}`,
  ),
  KIND_UNKNOWN: code<{ readonly kind: string }>(
    'PU0011',
    'warning',
    (p) => `${p.kind} is not a kind podunit reads; the document is ignored`,
  ),
  KIND_NOTHING_TO_CONVERT: code(
    'PU0012',
    'error',
    () =>
      'the input holds no Pod or workload (Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob)',
  ),

  // Which documents are Kubernetes manifests podunit reads (PU0050-0099)
  KIND_API_VERSION_WRONG: code<{
    readonly value: string
    readonly kind: string
    readonly expected: string
  }>(
    'PU0050',
    'error',
    (p) => `${JSON.stringify(p.value)} is not the apiVersion of a ${p.kind} (${p.expected})`,
  ),
  KIND_WRONG_CASE: code<{ readonly value: string; readonly kind: string }>(
    'PU0051',
    'error',
    (p) =>
      `${JSON.stringify(p.value)} is not a Kubernetes kind (kinds are case-sensitive): did you mean ${p.kind}?`,
  ),

  // YAML as go-yaml reads it (Kubernetes, Podman): escapes, integers, values that need quotes
  PARSE_BAD_ESCAPE: code<Detail>('PU0100', 'error', (p) => p.detail),
  INTEGER_OUT_OF_RANGE: code<Detail>('PU1300', 'error', (p) => p.detail),
  INTEGER_UNIT_LIMIT: code<Detail>('PU1301', 'error', (p) => p.detail),
  ENV_FILE_KEY_REF: code(
    'PU1302',
    'error',
    () =>
      'the value comes from a file in a volume when the container starts (Kubernetes 1.34): Podman has no such option, and podunit cannot read the file when it converts',
  ),
  GRACE_PERIOD_NEGATIVE: code(
    'PU4300',
    'warning',
    () =>
      "is negative: Kubernetes takes it as 1 second, and so does podunit (Podman's --stop-timeout is unsigned)",
    true,
  ),

  // Schema
  SCHEMA_REQUIRED: code<Field>('PU1001', 'error', (p) => `missing required field "${p.field}"`),
  SCHEMA_UNKNOWN_FIELD: code<Field>('PU1002', 'error', (p) => `unknown field "${p.field}"`),
  SCHEMA_TYPE: code<Detail>('PU1003', 'error', (p) => p.detail),
  SCHEMA_ENUM: code<Detail>('PU1004', 'error', (p) => p.detail),
  SCHEMA_FORMAT: code<Detail>('PU1005', 'error', (p) => p.detail),
  SCHEMA_OTHER: code<Detail>('PU1006', 'error', (p) => p.detail),

  // Semantic rules (what the API server or `podman kube play` would refuse)
  NAME_REQUIRED: code('PU1101', 'error', () => 'metadata.name is required'),
  NAME_INVALID: code<{ readonly value: string; readonly rule: string }>(
    'PU1102',
    'error',
    (p) => `${JSON.stringify(p.value)} is not a valid name: ${p.rule}`,
  ),
  NAME_DUPLICATE_CONTAINER: code<Named>(
    'PU1103',
    'error',
    (p) => `duplicate container name "${p.name}"`,
  ),
  NAME_DUPLICATE_POD: code<Named>(
    'PU1104',
    'error',
    (p) => `another document in the input also makes pod "${p.name}"`,
  ),
  NAME_DUPLICATE_VOLUME: code<Named>('PU1105', 'error', (p) => `duplicate volume name "${p.name}"`),
  IMAGE_MISSING: code<Named>(
    'PU1110',
    'error',
    (p) => `container "${p.name}" is missing the required "image" field`,
  ),
  IMAGE_INVALID: code<{ readonly value: string }>(
    'PU1111',
    'error',
    (p) => `${JSON.stringify(p.value)} is not a valid image reference`,
  ),
  PORT_RANGE: code<{ readonly value: string }>(
    'PU1203',
    'error',
    (p) => `${p.value} is not a valid port (1-65535)`,
  ),
  PORT_DUPLICATE_HOST: code<{ readonly port: number; readonly protocol: string }>(
    'PU1204',
    'error',
    (p) => `host port ${p.port}/${p.protocol} is already published by this pod`,
  ),
  PORT_HOST_IP: code<{ readonly value: string }>(
    'PU1205',
    'error',
    (p) => `${JSON.stringify(p.value)} is not a valid IP address`,
  ),
  PORT_HOST_NETWORK: code(
    'PU1206',
    'error',
    () => 'a hostPort cannot be published when hostNetwork is true',
  ),
  ENUM_INVALID: code<{ readonly value: string; readonly allowed: readonly string[] }>(
    'PU1210',
    'error',
    (p) => `${JSON.stringify(p.value)} is not one of ${p.allowed.map((a) => `"${a}"`).join(', ')}`,
  ),
  ENV_NAME_MISSING: code('PU1220', 'error', () => 'an env entry needs a name'),
  ENV_NAME_INVALID: code<Named>(
    'PU1221',
    'error',
    (p) => `${JSON.stringify(p.name)} is not a valid environment variable name`,
  ),
  QUANTITY_INVALID: code<{ readonly value: string }>(
    'PU1230',
    'error',
    (p) => `${JSON.stringify(p.value)} is not a valid quantity`,
  ),
  INIT_CONTAINER_PROBE: code(
    'PU1250',
    'error',
    () => 'init containers cannot have lifecycle, livenessProbe, readinessProbe or startupProbe',
  ),
  VOLUME_UNDEFINED: code<Named>(
    'PU1260',
    'error',
    (p) => `volume "${p.name}" is not defined in spec.volumes`,
  ),
  VOLUME_UNSUPPORTED: code<{ readonly source: string }>(
    'PU1261',
    'error',
    (p) =>
      `${p.source} volumes are not supported by Podman (hostPath, emptyDir, configMap, secret, downwardAPI, projected, persistentVolumeClaim and image are)`,
  ),
  MOUNT_PATH_RELATIVE: code<{ readonly value: string }>(
    'PU1262',
    'error',
    (p) => `${JSON.stringify(p.value)} must be an absolute path`,
  ),
  REFERENCE_MISSING: code<Ref>(
    'PU1270',
    'error',
    (p) =>
      `${p.kind} "${p.name}" is not in the input (mark the reference optional: true if it may be absent)`,
  ),
  REFERENCE_KEY_MISSING: code<Ref & { readonly key: string }>(
    'PU1271',
    'error',
    (p) => `${p.kind} "${p.name}" has no key "${p.key}"`,
  ),
  FIELD_PATH_UNSUPPORTED: code<{ readonly value: string }>(
    'PU1272',
    'error',
    (p) =>
      `fieldPath ${JSON.stringify(p.value)} is not one Kubernetes allows here (metadata.name, metadata.namespace, metadata.labels['…'], metadata.annotations['…'], spec.serviceAccountName, …)`,
  ),
  SECRET_EXPANSION: code<Named>(
    'PU1280',
    'error',
    (p) =>
      `$(${p.name}) refers to a value from a Secret, and podunit never writes Secret values into unit files`,
  ),
  RESOURCE_NOT_SET: code<{ readonly resource: string }>(
    'PU1281',
    'error',
    (p) =>
      `${p.resource} is not set for this container, so the value depends on the host; set resources.${p.resource.replace('requests.', 'limits.')}`,
  ),
  ANNOTATION_INVALID: code<Detail>('PU1290', 'error', (p) => p.detail),
  PROBE_PORT_UNKNOWN: code<Named>(
    'PU1291',
    'error',
    (p) => `no port of this container is named "${p.name}"`,
  ),
  ITEM_PATH_INVALID: code<{ readonly value: string }>(
    'PU1263',
    'error',
    (p) => `${JSON.stringify(p.value)} must be a relative path without ".." inside the volume`,
  ),
  MODE_INVALID: code<{ readonly value: number }>(
    'PU1264',
    'error',
    (p) => `mode ${p.value} is not between 0 and 0777 (511)`,
  ),
  SYSCTL_NOT_ALLOWED: code<Named>(
    'PU1292',
    'error',
    (p) =>
      `sysctl "${p.name}" is not allowed (Podman allows net.*, fs.mqueue.* and the kernel.shm*, kernel.msg* and kernel.sem IPC sysctls, without spaces)`,
  ),
  SYSCTL_HOST_NETWORK: code<Named>(
    'PU1293',
    'error',
    (p) => `sysctl "${p.name}" cannot be set with the host's network namespace (hostNetwork: true)`,
  ),
  MOUNT_OPTIONS_INVALID: code<{ readonly value: string }>(
    'PU1265',
    'error',
    (p) =>
      `${JSON.stringify(p.value)} is not /path or /path:options with options Podman knows (ro or rw once, z, Z, U, O, propagation, …)`,
  ),
  CONFIGMAP_KEY_CLASH: code<Ref & { readonly key: string }>(
    'PU1273',
    'error',
    (p) => `${p.kind} "${p.name}" has key "${p.key}" in both data and binaryData`,
  ),
  RUN_AS_ROOT: code(
    'PU1294',
    'error',
    () =>
      'runAsNonRoot is true, but runAsUser is 0: Kubernetes would refuse to start the container',
  ),
  VALUE_NOT_REPRESENTABLE: code<Detail>('PU1240', 'error', (p) => p.detail),

  // Lowering: fields we cannot (yet) turn into Podman options
  LOWER_UNSUPPORTED_FIELD: code<Field>(
    'PU2001',
    'error',
    (p) => `${p.field} is not supported by podunit yet`,
  ),

  UNIT_NAME_COLLISION: code<{ readonly unit: string; readonly other: string }>(
    'PU2002',
    'error',
    (p) => `unit ${p.unit} would also be written for pod "${p.other}"`,
  ),

  // Quadlet output (--quadlet): values Quadlet 5.4 cannot carry
  QUADLET_NOT_CARRIED: code<Detail>(
    'PU2101',
    'error',
    (p) =>
      `holds ${p.detail}, which Quadlet 5.4 cannot pass on to Podman; the units format (without --quadlet) can`,
  ),

  // Fields that Podman ignores
  IGNORED_FIELD: code('PU3001', 'warning', () => 'is not supported by Podman and is ignored', true),
  INIT_CONTAINERS_CONCURRENT: code(
    'PU4002',
    'warning',
    () =>
      "run as containers of their own that start with the others: Podman's units cannot make the others wait for them (podman run has no --init-ctr), so the pod's containers must tolerate starting first",
  ),
  RUN_AS_NON_ROOT_UNCHECKED: code(
    'PU4003',
    'warning',
    () =>
      "runAsNonRoot without runAsUser: the kubelet checks the image's user, Podman does not; set runAsUser",
  ),
  STARTUP_PROBE_AS_START_PERIOD: code(
    'PU4004',
    'warning',
    () =>
      "Podman 4.3 has no startup health checks: the probe's time to succeed becomes the liveness check's start period",
  ),
  // model-b: the downward API, projected volumes, and fields that were dropped without a word
  PROJECTION_UNSUPPORTED: code<{ readonly source: string; readonly reason: string }>(
    'PU1450',
    'error',
    (p) => `a projected ${p.source} has no meaning on a single host: ${p.reason}`,
  ),
  FIELD_PATH_AT_RUN_TIME: code<{ readonly value: string; readonly reason: string }>(
    'PU1451',
    'error',
    (p) =>
      `fieldPath ${JSON.stringify(p.value)} has no value when podunit writes the units: ${p.reason}`,
  ),
  RESOURCE_CONTAINER_UNKNOWN: code<Named>(
    'PU1452',
    'error',
    (p) => `no container of this pod is named "${p.name}"`,
  ),
  SELECTOR_MISMATCH: code(
    'PU1453',
    'error',
    () =>
      "the selector does not select the template's labels (the API server refuses the workload)",
  ),
  PROBE_SUCCESS_THRESHOLD: code<{ readonly value: number }>(
    'PU1454',
    'error',
    (p) => `successThreshold is ${p.value}, but a liveness or startup probe must have 1`,
  ),
  SUB_PATH_BOTH: code('PU1455', 'error', () => 'subPath and subPathExpr cannot both be set'),
  STOP_SIGNAL_INVALID: code<{ readonly value: string }>(
    'PU1457',
    'error',
    (p) => `${JSON.stringify(p.value)} is not a signal name (SIGTERM, SIGINT, SIGRTMIN+1, …)`,
  ),
  SUPPLEMENTAL_GROUPS_STRICT: code(
    'PU4451',
    'warning',
    () =>
      "Strict is honoured only for a container with runAsGroup: with --user <uid> alone, Podman adds the groups the image's /etc/group gives the user, as Merge does",
  ),
  SUPPLEMENTAL_GROUPS_MERGE: code(
    'PU4454',
    'warning',
    () =>
      "Merge is not honoured for a container with runAsGroup: with --user <uid>:<gid>, Podman adds no groups from the image's /etc/group, as Strict does",
  ),
  SECRET_MODE_FIXED: code<{ readonly value: number }>(
    'PU4452',
    'warning',
    (p) =>
      `mode 0${p.value.toString(8)} is not honoured: podunit writes files with Secret data with mode 0600, owned by the container's user`,
  ),
  EMPTY_DIR_SIZE: code(
    'PU4453',
    'warning',
    () =>
      "sizeLimit is not enforced: Podman's named volumes have no size (an emptyDir with medium: Memory becomes a tmpfs of this size)",
  ),
  REPLICAS_LIMITED: code<{ readonly replicas: number }>(
    'PU4001',
    'warning',
    (p) => `replicas is ${p.replicas}: Podman runs one replica of the pod`,
  ),

  // CronJob and Job (the "cron" area: PU1500-1599 errors, PU4500-4599 warnings)
  CRON_SCHEDULE_INVALID: code<{ readonly value: string } & Detail>(
    'PU1501',
    'error',
    (p) => `${JSON.stringify(p.value)} is not a valid cron schedule: ${p.detail}`,
  ),
  CRON_TZ_IN_SCHEDULE: code<{ readonly value: string }>(
    'PU1502',
    'error',
    (p) =>
      `${JSON.stringify(p.value)}: cannot use TZ or CRON_TZ in schedule, use the timeZone field instead (refused since Kubernetes 1.27)`,
  ),
  CRON_TIME_ZONE_INVALID: code<{ readonly value: string } & Detail>(
    'PU1503',
    'error',
    (p) => `${JSON.stringify(p.value)} is not a valid time zone: ${p.detail}`,
  ),
  CRON_CONCURRENCY_POLICY: code<{ readonly value: string }>(
    'PU4501',
    'warning',
    (p) =>
      `${p.value} becomes Forbid: a systemd timer never starts the pod unit while a run is still active${p.value === 'Replace' ? ' (the running job is not replaced)' : ' (runs never overlap)'}`,
  ),
  CRON_STARTING_DEADLINE: code(
    'PU4502',
    'warning',
    () =>
      'systemd cannot bound how late a missed run may start: with a deadline, a run missed while the host was off is not caught up (Persistent=false)',
  ),
  JOB_FIELD_NOT_MAPPED: code<{ readonly why: string }>(
    'PU4503',
    'warning',
    (p) => `is not mapped to systemd and is ignored: ${p.why}`,
    true,
  ),
  CRON_EVERY_MONOTONIC: code<{ readonly seconds: number }>(
    'PU4504',
    'warning',
    (p) =>
      `@every becomes OnActiveSec=${p.seconds} and OnUnitActiveSec=${p.seconds}: runs are counted from when the timer starts and from each run's start, not from the CronJob's creation`,
  ),
  JOB_RESTART_ON_FAILURE: code(
    'PU4505',
    'warning',
    () =>
      'OnFailure does not retry a failed container within a run: the pod stops when its last container exits, and the pod unit ends failed',
  ),
  CRON_NEVER_FIRES: code<{ readonly value: string }>(
    'PU4506',
    'warning',
    (p) => `${JSON.stringify(p.value)} matches no date: the job never runs`,
  ),
  JOB_QUADLET_UNCHECKED: code(
    'PU4507',
    'warning',
    () =>
      "with --quadlet the job's pod unit is Quadlet's: it does not fail when the job fails (Quadlet replaces Restart=, so a failing unit would run the job again), and activeDeadlineSeconds is not applied",
  ),
  // model-a: probes, sidecars, claim templates, pod-level resources (PU1400-1449, PU4400-4449)
  PROBE_NEEDS_SHELL: code(
    'PU4400',
    'warning',
    () =>
      'cannot be given to Podman as an exec command (one word with whitespace, or a first word CMD, CMD-SHELL or NONE with an empty or spaced word): it runs quoted through /bin/sh -c, which the image must have',
    true,
  ),
  HOSTNAME_HOST_NETWORK: code(
    'PU4401',
    'warning',
    () =>
      "is ignored with hostNetwork: true: the pod has the host's UTS namespace and hostname, as in Kubernetes",
    true,
  ),
  CLAIM_ACCESS_MODES: code(
    'PU1400',
    'error',
    () =>
      'a claim template needs at least one access mode (ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod)',
  ),
  CLAIM_STORAGE_REQUIRED: code(
    'PU1401',
    'error',
    () => 'a claim template needs resources.requests.storage, a positive quantity',
  ),
  CLAIM_BLOCK_MODE: code(
    'PU1402',
    'error',
    () =>
      'volumeMode Block cannot be honoured: podunit makes the claim a Podman named volume, which is a filesystem, not a block device',
  ),
  CLAIM_SIZE_NOT_ENFORCED: code<{ readonly value: string }>(
    'PU4402',
    'warning',
    (p) => `is not enforced: a Podman named volume has no size (${p.value} requested)`,
    true,
  ),
  CLAIM_TEMPLATE_REPLACES_VOLUME: code<Named>(
    'PU4403',
    'warning',
    (p) =>
      `volume "${p.name}" is replaced by the claim template of the same name, as the StatefulSet controller replaces it`,
  ),
  SIDECAR_STARTS_WITH_APPS: code(
    'PU4404',
    'warning',
    () =>
      "Always (a sidecar): its unit restarts it whenever it exits (Restart=always), but it starts together with the app containers, not before them: Podman's units order the containers only after the pod",
    true,
  ),
  SIDECAR_IN_JOB: code(
    'PU4405',
    'warning',
    () =>
      "Always (a sidecar) in a Job: the pod keeps running after the main containers finish, since Podman stops a pod only when all of its containers have exited and the units cannot stop the sidecar; stop the pod's unit when the job is done",
    true,
  ),
  POD_REQUESTS_NOT_ENFORCED: code(
    'PU4410',
    'warning',
    () =>
      'is not enforced: podman pod create takes limits (--cpus, --memory) but no requests, so the pod gets no reservation or CPU share',
    true,
  ),

  // Rootless Podman (--rootless, install --user): PU2200-2299 errors, PU4700-4799 warnings
  ROOTLESS_ID_UNMAPPED: code<{
    readonly field: string
    readonly id: number
    readonly highest: number
  }>(
    'PU2201',
    'error',
    (p) =>
      `${p.field} ${p.id} is not mapped by a rootless Podman: with ${p.highest} subordinate ids (/etc/subuid, /etc/subgid; 65536 unless install --user reads the user's own) the container's ids go from 0 to ${p.highest}, and the container would not start`,
  ),
  ROOTLESS_HOST_PATH_CLOSED: code<{ readonly path: string; readonly directory: string }>(
    'PU2202',
    'error',
    (p) =>
      `hostPath ${p.path} is inside ${p.directory}, which only root may enter: a rootless Podman cannot mount it, and the container would not start`,
  ),
  ROOTLESS_PRIVILEGED_PORT: code<{ readonly port: number }>(
    'PU4701',
    'warning',
    (p) =>
      `hostPort ${p.port} is below 1024, where only root may listen by default: a rootless Podman cannot publish it unless the host allows it (sysctl net.ipv4.ip_unprivileged_port_start=${p.port}), so choose a port of 1024 or more`,
  ),
  ROOTLESS_HOST_NAMESPACE: code<{ readonly namespace: string }>(
    'PU4702',
    'warning',
    (p) =>
      `the host's ${p.namespace} namespace is shared with a rootless Podman's containers, whose root is the user and not the host's root: they see it, but cannot change anything in it that the user could not${p.namespace === 'network' ? ' (no ports below 1024, no network settings)' : ''}`,
  ),
  ROOTLESS_PRIVILEGED: code(
    'PU4703',
    'warning',
    () =>
      "privileged under a rootless Podman: every capability, but only inside the user's namespace, and only the host devices the user may open",
  ),
  ROOTLESS_CAPABILITY: code<{ readonly capability: string }>(
    'PU4704',
    'warning',
    (p) =>
      `capability ${p.capability} acts on the host, which a user namespace cannot grant: under a rootless Podman the container starts, but what needs it fails`,
  ),
  ROOTLESS_HOST_PATH_UNREADABLE: code<{ readonly path: string }>(
    'PU4705',
    'warning',
    (p) =>
      `hostPath ${p.path} is readable only by root: a rootless Podman mounts it, but its containers cannot read it`,
  ),
  ROOTLESS_SYSCTL_HOST_IPC: code<{ readonly name: string }>(
    'PU4706',
    'warning',
    (p) =>
      `${p.name} is set in the pod's IPC namespace, but hostIPC gives the containers the host's, which a rootless Podman cannot change: they see the host's value`,
  ),
  ROOTLESS_DEVICE: code<{ readonly path: string }>(
    'PU4707',
    'warning',
    (p) => `device ${p.path}: a rootless Podman can pass a device only when the user may open it`,
  ),
} as const

export type DiagnosticCode = keyof typeof CODES
export type MessageParams<C extends DiagnosticCode> = Parameters<(typeof CODES)[C]['message']>[0]
