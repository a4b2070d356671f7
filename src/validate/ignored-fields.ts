/**
 * Fields that the schema accepts but Podman cannot honour: each one that is set gets one warning
 * (PU3001) at its key. With the fields podunit maps (src/lower/mapped-fields.ts) and the ones it
 * refuses (refused-fields.ts), this covers every field of the vendored schemas; test/fields.test.ts
 * walks the schemas and fails on a field in none of the three lists.
 *
 * A path starts with the object type it belongs to (its anchor), then the fields below it; `[]`
 * steps into every item of a list. Listing an object covers everything below it; list the leaves
 * instead where a later Kubernetes release may add a field that Podman can honour.
 * Research: kube-play-mapping.md §1.2, §2.1, §3, §6, §8.
 */

/** The object types a field path starts from. */
export type Anchor =
  /** The top level of a Pod or workload document (`status`). */
  | 'Object'
  /** The metadata of a Pod or workload. */
  | 'ObjectMeta'
  /** The metadata of a workload's pod template. */
  | 'TemplateMeta'
  | 'PodSpec'
  /** A container or an init container. */
  | 'Container'
  | 'Volume'
  | 'DeploymentSpec'
  | 'DaemonSetSpec'
  | 'StatefulSetSpec'
  | 'ReplicaSetSpec'
  | 'JobSpec'
  | 'CronJobSpec'

export interface IgnoredField {
  /** `Anchor.field.field[]…` */
  readonly path: string
  /** Why Podman cannot honour it. */
  readonly why: string
  /** Warned by a rule of its own with this code (src/diagnostics/codes.ts), not PU3001. */
  readonly code?: string
}

const SERVER = 'set by the API server; nothing to do on one host'
const SCHEDULING = 'scheduling onto a node; there is one host'
const ROLLOUT = 'rollouts and controller bookkeeping; systemd runs one pod'
const NO_API = 'needs a Kubernetes API server or controller'

const meta = (anchor: 'ObjectMeta' | 'TemplateMeta'): IgnoredField[] => [
  ...['creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'finalizers']
    .concat(['generation', 'managedFields', 'ownerReferences', 'resourceVersion', 'selfLink'])
    .concat(['uid', 'generateName'])
    .map((field) => ({ path: `${anchor}.${field}`, why: SERVER })),
  ...(anchor === 'TemplateMeta'
    ? ['name', 'namespace'].map((field) => ({
        path: `${anchor}.${field}`,
        why: "a pod template's name and namespace are those of its workload",
      }))
    : []),
]

export const IGNORED_FIELDS: readonly IgnoredField[] = [
  { path: 'Object.status', why: SERVER },
  ...meta('ObjectMeta'),
  ...meta('TemplateMeta'),
  // Pod spec
  { path: 'PodSpec.activeDeadlineSeconds', why: 'no deadline for a pod under systemd' },
  { path: 'PodSpec.affinity', why: SCHEDULING },
  { path: 'PodSpec.automountServiceAccountToken', why: NO_API },
  { path: 'PodSpec.dnsPolicy', why: "the pod uses Podman's DNS (spec.dnsConfig is mapped)" },
  { path: 'PodSpec.enableServiceLinks', why: 'there are no Services to link' },
  { path: 'PodSpec.ephemeralContainers', why: 'debug containers are added by kubectl debug' },
  { path: 'PodSpec.imagePullSecrets', why: "Podman uses the host's registry credentials" },
  { path: 'PodSpec.nodeName', why: SCHEDULING },
  { path: 'PodSpec.nodeSelector', why: SCHEDULING },
  { path: 'PodSpec.overhead', why: 'runtime class accounting' },
  { path: 'PodSpec.preemptionPolicy', why: SCHEDULING },
  { path: 'PodSpec.priority', why: SCHEDULING },
  { path: 'PodSpec.priorityClassName', why: SCHEDULING },
  { path: 'PodSpec.readinessGates', why: 'readiness is not tracked' },
  { path: 'PodSpec.resourceClaims', why: 'dynamic resource allocation needs the API server' },
  { path: 'PodSpec.runtimeClassName', why: "Podman's OCI runtime is configured on the host" },
  { path: 'PodSpec.schedulerName', why: SCHEDULING },
  { path: 'PodSpec.schedulingGates', why: SCHEDULING },
  { path: 'PodSpec.setHostnameAsFQDN', why: 'there is no cluster domain' },
  { path: 'PodSpec.subdomain', why: 'there is no cluster DNS' },
  { path: 'PodSpec.tolerations', why: SCHEDULING },
  { path: 'PodSpec.topologySpreadConstraints', why: SCHEDULING },
  { path: 'PodSpec.securityContext.fsGroup', why: 'Podman does not chown volumes' },
  { path: 'PodSpec.securityContext.fsGroupChangePolicy', why: 'Podman does not chown volumes' },
  { path: 'PodSpec.securityContext.seLinuxChangePolicy', why: 'Podman relabels with :z/:Z' },
  { path: 'PodSpec.securityContext.windowsOptions', why: 'Podman runs Linux containers' },
  // Containers
  { path: 'Container.lifecycle.postStart', why: 'Podman has no lifecycle hooks' },
  { path: 'Container.lifecycle.preStop', why: 'Podman has no lifecycle hooks' },
  { path: 'Container.livenessProbe.grpc', why: 'Podman has no gRPC health check' },
  { path: 'Container.livenessProbe.terminationGracePeriodSeconds', why: 'no per-probe grace' },
  { path: 'Container.readinessProbe', why: 'readiness is not tracked (no Services)' },
  { path: 'Container.resizePolicy', why: 'in-place resize needs the kubelet' },
  { path: 'Container.resources.claims', why: 'dynamic resource allocation needs the API server' },
  {
    path: 'PodSpec.resources.claims',
    why: 'dynamic resource allocation needs the API server (validate-pod-resources.ts)',
    code: 'IGNORED_FIELD',
  },
  {
    path: 'Container.restartPolicy',
    why: "a regular container's own restart policy (1.34); an init container's makes a sidecar",
  },
  {
    path: 'Container.restartPolicyRules',
    why: "Podman's --restart has no rules by exit code (Kubernetes 1.34 alpha)",
  },
  ...['exec', 'grpc', 'httpGet', 'tcpSocket', 'timeoutSeconds'].map((field) => ({
    path: `Container.startupProbe.${field}`,
    why: 'Podman 4.3 has no startup checks: the probe only delays the liveness check (PU4004)',
  })),
  { path: 'Container.startupProbe.terminationGracePeriodSeconds', why: 'no per-probe grace' },
  { path: 'Container.stdinOnce', why: 'nothing attaches to a container started by systemd' },
  { path: 'Container.terminationMessagePath', why: 'termination messages are not collected' },
  { path: 'Container.terminationMessagePolicy', why: 'termination messages are not collected' },
  { path: 'Container.volumeDevices', why: 'raw block claims need a storage provisioner' },
  { path: 'Container.volumeMounts[].recursiveReadOnly', why: 'Podman 4.3 has no rro mounts' },
  { path: 'Container.securityContext.windowsOptions', why: 'Podman runs Linux containers' },
  // Volumes
  { path: 'Volume.image.pullPolicy', why: 'Podman pulls image volumes its own way' },
  // Workloads
  ...['DeploymentSpec', 'DaemonSetSpec', 'StatefulSetSpec', 'ReplicaSetSpec'].map((anchor) => ({
    path: `${anchor}.minReadySeconds`,
    why: ROLLOUT,
  })),
  ...['DeploymentSpec', 'DaemonSetSpec', 'StatefulSetSpec'].map((anchor) => ({
    path: `${anchor}.revisionHistoryLimit`,
    why: ROLLOUT,
  })),
  { path: 'DeploymentSpec.paused', why: ROLLOUT },
  { path: 'DeploymentSpec.progressDeadlineSeconds', why: ROLLOUT },
  { path: 'DeploymentSpec.strategy', why: ROLLOUT },
  { path: 'DaemonSetSpec.updateStrategy', why: ROLLOUT },
  { path: 'StatefulSetSpec.updateStrategy', why: ROLLOUT },
  { path: 'StatefulSetSpec.ordinals', why: 'one replica' },
  { path: 'StatefulSetSpec.persistentVolumeClaimRetentionPolicy', why: NO_API },
  { path: 'StatefulSetSpec.podManagementPolicy', why: 'one replica' },
  { path: 'StatefulSetSpec.serviceName', why: 'there is no cluster DNS' },
  // A claim template is a named volume (validate-claim-templates.ts warns about its storage).
  ...['apiVersion', 'kind', 'status', 'metadata.labels', 'metadata.annotations']
    .concat(['metadata.namespace', 'metadata.creationTimestamp', 'metadata.deletionTimestamp'])
    .concat(['metadata.deletionGracePeriodSeconds', 'metadata.finalizers', 'metadata.generation'])
    .concat(['metadata.managedFields', 'metadata.ownerReferences', 'metadata.resourceVersion'])
    .concat(['metadata.selfLink', 'metadata.uid', 'metadata.generateName'])
    .map((field) => ({
      path: `StatefulSetSpec.volumeClaimTemplates[].${field}`,
      why: 'a claim template becomes a named volume, which has only its name',
    })),
  ...['resources.limits', 'storageClassName', 'selector', 'dataSource', 'dataSourceRef']
    .concat(['volumeAttributesClassName', 'volumeName'])
    .map((field) => ({
      path: `StatefulSetSpec.volumeClaimTemplates[].spec.${field}`,
      why: 'chooses or fills the storage Kubernetes provides (validate-claim-templates.ts)',
      code: 'IGNORED_FIELD',
    })),
  {
    path: 'CronJobSpec.jobTemplate.metadata',
    why: "the job's labels and annotations: no Job object",
  },
  ...['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'].map((field) => ({
    path: `CronJobSpec.${field}`,
    why: 'systemd keeps no finished jobs (validate-job.ts)',
    code: 'JOB_FIELD_NOT_MAPPED',
  })),
  // A Job's (and a CronJob's job template's) fields: warned by validate-job.ts (PU4503).
  ...['backoffLimit', 'backoffLimitPerIndex', 'completions', 'managedBy', 'manualSelector']
    .concat(['maxFailedIndexes', 'parallelism', 'podFailurePolicy', 'podReplacementPolicy'])
    .concat(['selector', 'successPolicy', 'suspend', 'ttlSecondsAfterFinished'])
    .map((field) => ({
      path: `JobSpec.${field}`,
      why: 'systemd runs the one pod once (validate-job.ts says why for each)',
      code: 'JOB_FIELD_NOT_MAPPED',
    })),
]

/** The values at `path` (below an anchor) in `value`, with their pointers. */
export function valuesAt(
  value: unknown,
  pointer: string,
  path: readonly string[],
): { value: unknown; pointer: string }[] {
  if (path.length === 0) return value === undefined ? [] : [{ value, pointer }]
  if (value === null || typeof value !== 'object') return []
  const [head = '', ...rest] = path
  const list = head.endsWith('[]')
  const field = list ? head.slice(0, -2) : head
  const child = (value as Record<string, unknown>)[field]
  if (child === undefined) return []
  const at = `${pointer}/${field.replaceAll('~', '~0').replaceAll('/', '~1')}`
  if (!list) return valuesAt(child, at, rest)
  if (!Array.isArray(child)) return []
  return child.flatMap((item, index) => valuesAt(item, `${at}/${index}`, rest))
}

/** Set to something: `null`, `{}` and `[]` (as `kubectl create --dry-run -o yaml` writes them) are not. */
function isSet(value: unknown): boolean {
  if (value === null || value === undefined) return false
  if (Array.isArray(value)) return value.length > 0
  return typeof value !== 'object' || Object.keys(value).length > 0
}

/** The pointers of the ignored fields set in `value`, an object of type `anchor`. */
export function ignoredFieldsIn(
  anchor: Anchor,
  value: unknown,
  pointer: string,
  skip: (field: string) => boolean = () => false,
): string[] {
  return pathsBelow(anchor).flatMap((path) =>
    skip(path[0] ?? '')
      ? []
      : valuesAt(value, pointer, path)
          .filter((found) => isSet(found.value))
          .map((found) => found.pointer),
  )
}

let pathsByAnchor: Map<string, (readonly string[])[]> | undefined

/** The paths below `anchor` of the fields warned about here, split once (this runs per object). */
function pathsBelow(anchor: Anchor): readonly (readonly string[])[] {
  if (pathsByAnchor === undefined) {
    pathsByAnchor = new Map()
    for (const entry of IGNORED_FIELDS) {
      if (entry.code !== undefined) continue
      const [head = '', ...path] = entry.path.split('.')
      const paths = pathsByAnchor.get(head) ?? []
      paths.push(path)
      pathsByAnchor.set(head, paths)
    }
  }
  return pathsByAnchor.get(anchor) ?? []
}
