/**
 * The fields podunit reads, each with what it becomes: a Podman option, a data file, a check, or
 * a warning about the part Podman cannot honour. Paths are written as in
 * src/validate/ignored-fields.ts (the object type, then the fields; `[]` for every item of a
 * list), and always name a leaf: a new field below a mapped object is not mapped by accident.
 * test/fields.test.ts walks the vendored schemas and requires every field to be here, ignored or
 * refused, and sets each one here to see that it changes what podunit writes or reports.
 */

export interface MappedField {
  readonly path: string
  /** What it becomes, in Podman's terms. */
  readonly becomes: string
}

const field = (path: string, becomes: string): MappedField => ({ path, becomes })

const livenessProbe = (): MappedField[] => {
  const p = 'Container.livenessProbe'
  const health = '--health-cmd'
  return [
    field(`${p}.exec.command`, health),
    field(`${p}.httpGet.host`, `${health} (curl)`),
    field(`${p}.httpGet.httpHeaders[].name`, `${health} (curl -H)`),
    field(`${p}.httpGet.httpHeaders[].value`, `${health} (curl -H)`),
    field(`${p}.httpGet.path`, `${health} (curl)`),
    field(`${p}.httpGet.port`, `${health} (curl)`),
    field(`${p}.httpGet.scheme`, `${health} (curl)`),
    field(`${p}.tcpSocket.host`, `${health} (nc)`),
    field(`${p}.tcpSocket.port`, `${health} (nc)`),
    field(`${p}.failureThreshold`, '--health-retries'),
    field(`${p}.initialDelaySeconds`, '--health-start-period'),
    field(`${p}.periodSeconds`, '--health-interval'),
    field(`${p}.timeoutSeconds`, '--health-timeout'),
    field(`${p}.successThreshold`, 'checked: 1, as the API server requires'),
  ]
}

/** Podman 4.3 has no startup checks: a startup probe only holds the liveness check back. */
const startupProbe = (): MappedField[] => [
  field('Container.startupProbe.failureThreshold', '--health-start-period of the liveness check'),
  field(
    'Container.startupProbe.initialDelaySeconds',
    '--health-start-period of the liveness check',
  ),
  field('Container.startupProbe.periodSeconds', '--health-start-period of the liveness check'),
  field('Container.startupProbe.successThreshold', 'checked: 1, as the API server requires'),
]

const keyToPath = (p: string): MappedField[] => [
  field(`${p}.items[].key`, 'the data file of that key'),
  field(`${p}.items[].path`, "the data file's name"),
  field(`${p}.items[].mode`, "the data file's mode"),
]

const downward = (p: string): MappedField[] => [
  field(`${p}.items[].path`, "the data file's name"),
  field(`${p}.items[].mode`, "the data file's mode"),
  field(`${p}.items[].fieldRef.apiVersion`, 'checked: v1'),
  field(`${p}.items[].fieldRef.fieldPath`, "the data file's content"),
  field(`${p}.items[].resourceFieldRef.containerName`, "the data file's content"),
  field(`${p}.items[].resourceFieldRef.divisor`, "the data file's content"),
  field(`${p}.items[].resourceFieldRef.resource`, "the data file's content"),
]

const selector = (anchor: string): MappedField[] =>
  ['matchLabels', 'matchExpressions[].key', 'matchExpressions[].operator']
    .concat(['matchExpressions[].values'])
    .map((f) => field(`${anchor}.selector.${f}`, "checked against the template's labels"))

const securityContext = (p: string): MappedField[] => [
  field(`${p}.appArmorProfile.type`, '--security-opt apparmor='),
  field(`${p}.appArmorProfile.localhostProfile`, '--security-opt apparmor=<profile>'),
  field(`${p}.runAsGroup`, '--user uid:gid'),
  field(`${p}.runAsNonRoot`, 'checked against runAsUser'),
  field(`${p}.runAsUser`, '--user'),
  ...['level', 'role', 'type', 'user'].map((f) =>
    field(`${p}.seLinuxOptions.${f}`, `--security-opt label=${f}:`),
  ),
  field(`${p}.seccompProfile.type`, '--security-opt seccomp='),
  field(`${p}.seccompProfile.localhostProfile`, '--security-opt seccomp=<path>'),
]

export const MAPPED_FIELDS: readonly MappedField[] = [
  field('Object.apiVersion', 'the schema'),
  field('Object.kind', 'the schema; a workload names its pod <name>-pod'),
  field('ObjectMeta.name', 'pod --name'),
  field('ObjectMeta.namespace', 'the downward API (default "default")'),
  field('ObjectMeta.labels', 'pod and container --label'),
  field('ObjectMeta.annotations', 'container --annotation; Podman annotations'),
  field('TemplateMeta.labels', 'pod and container --label'),
  field('TemplateMeta.annotations', 'the downward API; infra name, AppArmor'),
  field('DeploymentSpec.replicas', 'one replica (warning PU4001)'),
  field('StatefulSetSpec.replicas', 'one replica (warning PU4001)'),
  field('ReplicaSetSpec.replicas', 'one replica (warning PU4001)'),
  ...['DeploymentSpec', 'DaemonSetSpec', 'StatefulSetSpec', 'ReplicaSetSpec'].flatMap(selector),
  field('StatefulSetSpec.volumeClaimTemplates[].metadata.name', 'a named volume per template'),
  field('StatefulSetSpec.volumeClaimTemplates[].spec.accessModes', 'checked (PU1410…)'),
  field('StatefulSetSpec.volumeClaimTemplates[].spec.volumeMode', 'checked; Block is a warning'),
  field('StatefulSetSpec.volumeClaimTemplates[].spec.resources.requests', 'checked: storage'),
  field('JobSpec.completionMode', 'Indexed: JOB_COMPLETION_INDEX=0'),
  field('JobSpec.activeDeadlineSeconds', 'RuntimeMaxSec= of the pod unit'),
  field('CronJobSpec.schedule', 'OnCalendar= of the timer'),
  field('CronJobSpec.timeZone', 'the time zone of OnCalendar='),
  field('CronJobSpec.concurrencyPolicy', 'Forbid (others: warning PU4501)'),
  field('CronJobSpec.startingDeadlineSeconds', 'Persistent=false (warning PU4502)'),
  field('CronJobSpec.suspend', 'the timer is not enabled'),
  // Pod
  field('PodSpec.dnsConfig.nameservers', 'pod --dns'),
  field('PodSpec.dnsConfig.options[].name', 'pod --dns-option'),
  field('PodSpec.dnsConfig.options[].value', 'pod --dns-option name:value'),
  field('PodSpec.dnsConfig.searches', 'pod --dns-search'),
  field('PodSpec.hostAliases[].hostnames', 'pod --add-host'),
  field('PodSpec.hostAliases[].ip', 'pod --add-host'),
  field('PodSpec.hostIPC', 'container --ipc host'),
  field('PodSpec.hostNetwork', 'pod --network host'),
  field('PodSpec.hostPID', 'pod --pid host'),
  field('PodSpec.hostUsers', 'pod --userns auto'),
  field('PodSpec.hostname', 'pod --hostname'),
  field('PodSpec.hostnameOverride', 'pod --hostname (wins over hostname)'),
  field('PodSpec.restartPolicy', 'Restart='),
  field('PodSpec.resources.limits', 'pod --cpus, --memory'),
  field('PodSpec.resources.requests', 'not enforced by Podman (warning)'),
  field('PodSpec.os.name', 'checked: linux, what Podman runs'),
  field('PodSpec.serviceAccountName', 'the downward API (default "default"); no token'),
  field('PodSpec.serviceAccount', 'the downward API, when serviceAccountName is not set'),
  field('PodSpec.shareProcessNamespace', 'pod --share ipc,net,uts,pid'),
  field('PodSpec.terminationGracePeriodSeconds', 'container --stop-timeout'),
  ...securityContext('PodSpec.securityContext'),
  field('PodSpec.securityContext.supplementalGroups', 'container --group-add'),
  field(
    'PodSpec.securityContext.supplementalGroupsPolicy',
    'checked against runAsGroup: --user uid merges, uid:gid is strict (PU4451, PU4454)',
  ),
  field('PodSpec.securityContext.sysctls[].name', 'pod --sysctl'),
  field('PodSpec.securityContext.sysctls[].value', 'pod --sysctl'),
  // Containers
  field('Container.name', 'container --name <pod>-<name>'),
  field('Container.image', 'the image'),
  field('Container.imagePullPolicy', '--pull'),
  field('Container.command', '--entrypoint'),
  field('Container.args', 'arguments after the image'),
  field('Container.workingDir', '--workdir'),
  field('Container.tty', '-t'),
  field('Container.stdin', '-i'),
  field('Container.lifecycle.stopSignal', '--stop-signal'),
  field('Container.env[].name', '--env'),
  field('Container.env[].value', '--env'),
  field('Container.env[].valueFrom.configMapKeyRef.key', '--env'),
  field('Container.env[].valueFrom.configMapKeyRef.name', '--env'),
  field('Container.env[].valueFrom.configMapKeyRef.optional', 'no --env when absent'),
  field('Container.env[].valueFrom.secretKeyRef.key', '--env-file'),
  field('Container.env[].valueFrom.secretKeyRef.name', '--env-file'),
  field('Container.env[].valueFrom.secretKeyRef.optional', 'no value when absent'),
  field('Container.env[].valueFrom.fieldRef.apiVersion', 'checked: v1'),
  field('Container.env[].valueFrom.fieldRef.fieldPath', '--env'),
  field('Container.env[].valueFrom.resourceFieldRef.containerName', '--env'),
  field('Container.env[].valueFrom.resourceFieldRef.divisor', '--env'),
  field('Container.env[].valueFrom.resourceFieldRef.resource', '--env'),
  field('Container.envFrom[].configMapRef.name', '--env'),
  field('Container.envFrom[].configMapRef.optional', 'no --env when absent'),
  field('Container.envFrom[].secretRef.name', '--env-file'),
  field('Container.envFrom[].secretRef.optional', 'no value when absent'),
  field('Container.envFrom[].prefix', '--env PREFIXNAME='),
  ...livenessProbe(),
  ...startupProbe(),
  field('Container.ports[].containerPort', 'pod -p'),
  field('Container.ports[].hostIP', 'pod -p ip:'),
  field('Container.ports[].hostPort', 'pod -p'),
  field('Container.ports[].name', "a probe's named port"),
  field('Container.ports[].protocol', 'pod -p …/udp'),
  field('Container.resources.limits', '--cpus, --memory; the downward API'),
  field('Container.resources.requests', '--memory-reservation; the downward API'),
  field('Container.securityContext.allowPrivilegeEscalation', '--security-opt no-new-privileges'),
  field('Container.securityContext.capabilities.add', '--cap-add'),
  field('Container.securityContext.capabilities.drop', '--cap-drop'),
  field('Container.securityContext.privileged', '--privileged'),
  field('Container.securityContext.procMount', '--security-opt unmask=ALL'),
  field('Container.securityContext.readOnlyRootFilesystem', '--read-only'),
  ...securityContext('Container.securityContext'),
  field('Container.volumeMounts[].mountPath', '-v …:<path>'),
  field('Container.volumeMounts[].mountPropagation', '-v …:rslave'),
  field('Container.volumeMounts[].name', '-v'),
  field('Container.volumeMounts[].readOnly', '-v …:ro'),
  field('Container.volumeMounts[].subPath', '-v <source>/<subPath>'),
  field('Container.volumeMounts[].subPathExpr', '-v <source>/<expanded>'),
  // Volumes
  field('Volume.name', 'the volume a mount names'),
  field('Volume.configMap.name', 'data files'),
  field('Volume.configMap.optional', 'no mount when absent'),
  field('Volume.configMap.defaultMode', "the data files' mode"),
  ...keyToPath('Volume.configMap'),
  field('Volume.secret.secretName', 'data files (0600)'),
  field('Volume.secret.optional', 'no mount when absent'),
  field('Volume.secret.defaultMode', 'always 0600 (warning PU4452)'),
  ...keyToPath('Volume.secret'),
  field('Volume.downwardAPI.defaultMode', "the data files' mode"),
  ...downward('Volume.downwardAPI'),
  field('Volume.projected.defaultMode', "the data files' mode"),
  field('Volume.projected.sources[].configMap.name', 'data files'),
  field('Volume.projected.sources[].configMap.optional', 'no files when absent'),
  ...keyToPath('Volume.projected.sources[].configMap'),
  field('Volume.projected.sources[].secret.name', 'data files (0600)'),
  field('Volume.projected.sources[].secret.optional', 'no files when absent'),
  ...keyToPath('Volume.projected.sources[].secret'),
  ...downward('Volume.projected.sources[].downwardAPI'),
  field('Volume.emptyDir.medium', 'Memory: --tmpfs'),
  field('Volume.emptyDir.sizeLimit', '--tmpfs …:size= (disk: warning PU4453)'),
  field('Volume.hostPath.path', '-v <path>:…'),
  field('Volume.hostPath.type', 'CharDevice/BlockDevice: --device; *OrCreate: :z'),
  field('Volume.image.reference', '--mount type=image'),
  field('Volume.persistentVolumeClaim.claimName', '-v <claim>:…'),
  field('Volume.persistentVolumeClaim.readOnly', '-v …:ro'),
]
