/**
 * The values test/fields.test.ts gives fields whose smallest value means nothing, and the other
 * fields some need beside them to have an effect (a probe's timings need a probe).
 */

/** Values for fields whose smallest value means nothing (or is refused). */
export const EXAMPLES: Readonly<Record<string, unknown>> = {
  'Object.apiVersion': 'v2',
  'Object.kind': 'Deployment',
  'ObjectMeta.name': 'other',
  'ObjectMeta.labels': { app: 'web' },
  'ObjectMeta.annotations': { 'io.podman.annotations.ulimit': 'nofile=10:20' },
  'ObjectMeta.namespace': 'shop',
  'TemplateMeta.labels': { app: 'web', tier: 'x' },
  'TemplateMeta.annotations': { 'io.podman.annotations.infra.name': 'infra' },
  'DeploymentSpec.replicas': 2,
  'StatefulSetSpec.replicas': 2,
  'ReplicaSetSpec.replicas': 2,
  'JobSpec.completionMode': 'Indexed',
  'JobSpec.completions': 2,
  'JobSpec.parallelism': 2,
  'PodSpec.dnsConfig.nameservers': ['10.0.0.1'],
  'PodSpec.hostAliases[].ip': '10.0.0.2',
  'PodSpec.hostUsers': false,
  'PodSpec.restartPolicy': 'Never',
  'PodSpec.securityContext.supplementalGroupsPolicy': 'Strict',
  'PodSpec.securityContext.sysctls[].name': 'net.core.somaxconn',
  'PodSpec.securityContext.seccompProfile.type': 'Unconfined',
  'Container.securityContext.seccompProfile.type': 'Unconfined',
  'Container.livenessProbe.successThreshold': 2,
  'Container.startupProbe.successThreshold': 2,
  'Container.name': 'other',
  'Container.imagePullPolicy': 'Always',
  'Container.command': ['/bin/true'],
  'Container.workingDir': '/srv',
  'Container.lifecycle.stopSignal': 'SIGINT',
  'PodSpec.hostnameOverride': 'box',
  'PodSpec.resources.limits': { memory: '64Mi' },
  'PodSpec.resources.requests': { memory: '32Mi' },
  'StatefulSetSpec.volumeClaimTemplates[].spec.resources.requests': { storage: '1Gi' },
  'CronJobSpec.schedule': '@hourly',
  'CronJobSpec.timeZone': 'Europe/Berlin',
  'CronJobSpec.concurrencyPolicy': 'Allow',
  'PodSpec.os.name': 'windows',
  'Container.env[].name': 'OTHER',
  'Container.env[].valueFrom.fieldRef.apiVersion': 'v2',
  'Container.env[].valueFrom.fieldRef.fieldPath': 'metadata.namespace',
  'Container.env[].valueFrom.resourceFieldRef.resource': 'requests.cpu',
  'Container.env[].valueFrom.resourceFieldRef.containerName': 'other',
  'Container.env[].valueFrom.resourceFieldRef.divisor': '1m',
  'Container.envFrom[].prefix': 'P_',
  'Container.ports[].containerPort': 80,
  'Container.ports[].hostPort': 8080,
  'Container.ports[].hostIP': '127.0.0.1',
  'Container.ports[].protocol': 'UDP',
  'Container.ports[].name': 'web',
  'Container.resources.limits': { memory: '64Mi' },
  'Container.resources.requests': { memory: '32Mi' },
  'Container.securityContext.procMount': 'Unmasked',
  'Container.securityContext.allowPrivilegeEscalation': false,
  'Container.securityContext.runAsNonRoot': true,
  'Container.securityContext.capabilities.add': ['NET_ADMIN'],
  'Container.securityContext.capabilities.drop': ['ALL'],
  'Container.volumeMounts[].mountPath': '/data',
  'Container.volumeMounts[].name': 'missing',
  'DeploymentSpec.selector.matchLabels': { app: 'web' },
  'DaemonSetSpec.selector.matchLabels': { app: 'web' },
  'StatefulSetSpec.selector.matchLabels': { app: 'web' },
  'ReplicaSetSpec.selector.matchLabels': { app: 'web' },
  'DeploymentSpec.selector.matchExpressions[].key': 'app',
  'DaemonSetSpec.selector.matchExpressions[].key': 'app',
  'StatefulSetSpec.selector.matchExpressions[].key': 'app',
  'ReplicaSetSpec.selector.matchExpressions[].key': 'app',
  'DeploymentSpec.selector.matchExpressions[].operator': 'DoesNotExist',
  'DaemonSetSpec.selector.matchExpressions[].operator': 'DoesNotExist',
  'StatefulSetSpec.selector.matchExpressions[].operator': 'DoesNotExist',
  'ReplicaSetSpec.selector.matchExpressions[].operator': 'DoesNotExist',
  'DeploymentSpec.selector.matchExpressions[].values': ['web'],
  'DaemonSetSpec.selector.matchExpressions[].values': ['web'],
  'StatefulSetSpec.selector.matchExpressions[].values': ['web'],
  'ReplicaSetSpec.selector.matchExpressions[].values': ['web'],
  'Volume.downwardAPI.items[].resourceFieldRef.resource': 'requests.cpu',
  'Volume.downwardAPI.items[].resourceFieldRef.containerName': 'app',
  'Volume.projected.sources[].downwardAPI.items[].resourceFieldRef.resource': 'requests.cpu',
  'Volume.projected.sources[].downwardAPI.items[].resourceFieldRef.containerName': 'app',
  'PodSpec.securityContext.appArmorProfile.type': 'Unconfined',
  'Container.securityContext.appArmorProfile.type': 'Unconfined',
  'Container.volumeMounts[].mountPropagation': 'HostToContainer',
  'Container.volumeMounts[].subPath': 'sub',
  'Container.volumeMounts[].subPathExpr': 'sub',
  'Volume.name': 'other',
  'Volume.emptyDir.medium': 'Memory',
  'Volume.hostPath.path': '/srv',
  'Volume.hostPath.type': 'CharDevice',
  'Volume.image.reference': 'quay.io/x/y:1',
}

const container = (fields: Record<string, unknown>) => ({ spec: { containers: [fields] } })
const probeHandler = { livenessProbe: { exec: { command: ['true'] } } }
const selectorOf = (expression: Record<string, unknown>) => ({
  spec: { selector: { matchExpressions: [expression] } },
})

const projected = (source: Record<string, unknown>) => ({
  spec: { volumes: [{ projected: { sources: [source] } }] },
})
const nameItem = { path: 'podname', fieldRef: { fieldPath: 'metadata.name' } }
const cpuRef = { containerName: 'app', resource: 'requests.cpu' }

/** The items of a downwardAPI source each of its fields needs. */
function downwardContexts(
  prefix: string,
  wrap: (items: unknown[]) => Record<string, unknown>,
): Record<string, Record<string, unknown>> {
  const items = `${prefix}.items[]`
  return {
    [`${items}.path`]: wrap([{ fieldRef: { fieldPath: 'metadata.name' } }]),
    [`${items}.mode`]: wrap([nameItem]),
    [`${items}.resourceFieldRef.containerName`]: wrap([{ path: 'r', resourceFieldRef: cpuRef }]),
    [`${items}.resourceFieldRef.resource`]: wrap([{ path: 'r', resourceFieldRef: cpuRef }]),
    [`${items}.resourceFieldRef.divisor`]: wrap([{ path: 'r', resourceFieldRef: cpuRef }]),
    [`${items}.fieldRef.fieldPath`]: wrap([{ path: 'f' }]),
  }
}

/** Other fields a field needs to have an effect, merged into the document. */
export const CONTEXT: Readonly<Record<string, Record<string, unknown>>> = {
  'ObjectMeta.namespace': container({
    env: [{ name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
  }),
  'PodSpec.hostAliases[].ip': { spec: { hostAliases: [{ hostnames: ['db'] }] } },
  'PodSpec.securityContext.seccompProfile.localhostProfile': {
    spec: { securityContext: { seccompProfile: { type: 'Localhost' } } },
  },
  'PodSpec.securityContext.appArmorProfile.localhostProfile': {
    spec: { securityContext: { appArmorProfile: { type: 'Localhost' } } },
  },
  'Container.securityContext.seccompProfile.localhostProfile': container({
    securityContext: { seccompProfile: { type: 'Localhost' } },
  }),
  'Container.securityContext.appArmorProfile.localhostProfile': container({
    securityContext: { appArmorProfile: { type: 'Localhost' } },
  }),
  'Container.envFrom[].prefix': container({ envFrom: [{ configMapRef: { name: 'x' } }] }),
  'Container.ports[].hostIP': container({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
  'Container.ports[].protocol': container({ ports: [{ containerPort: 80, hostPort: 8080 }] }),
  'Container.ports[].name': container({
    ports: [{ containerPort: 80 }],
    livenessProbe: { tcpSocket: { port: 'web' } },
  }),
  'Container.env[].valueFrom.resourceFieldRef.containerName': container({
    resources: { requests: { cpu: '1' } },
    env: [{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } }],
  }),
  'Container.env[].valueFrom.resourceFieldRef.divisor': container({
    resources: { requests: { cpu: '1' } },
    env: [{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } }],
  }),
  'Volume.hostPath.type': { spec: { volumes: [{ hostPath: { path: '/dev/null' } }] } },
  'PodSpec.serviceAccountName': container({
    env: [{ name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } }],
  }),
  'PodSpec.serviceAccount': container({
    env: [{ name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } }],
  }),
  'StatefulSetSpec.volumeClaimTemplates[].spec.resources.requests': {
    spec: {
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } },
      ],
    },
  },
  'PodSpec.hostAliases[].hostnames': { spec: { hostAliases: [{ ip: '10.0.0.2' }] } },
  'Container.env[].valueFrom.configMapKeyRef.optional': container({
    env: [{ name: 'E', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }],
  }),
  'Container.env[].valueFrom.secretKeyRef.optional': container({
    env: [{ name: 'E', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }],
  }),
  'Container.envFrom[].configMapRef.optional': container({
    envFrom: [{ configMapRef: { name: 'absent' } }],
  }),
  'Container.envFrom[].secretRef.optional': container({
    envFrom: [{ secretRef: { name: 'absent' } }],
  }),
  'Volume.configMap.optional': { spec: { volumes: [{ configMap: { name: 'absent' } }] } },
  'Volume.secret.optional': { spec: { volumes: [{ secret: { secretName: 'absent' } }] } },
  'Volume.projected.sources[].configMap.optional': projected({ configMap: { name: 'absent' } }),
  'Volume.projected.sources[].secret.optional': projected({ secret: { name: 'absent' } }),
  'Volume.downwardAPI.defaultMode': {
    spec: { volumes: [{ downwardAPI: { items: [nameItem] } }] },
  },
  'Volume.projected.defaultMode': projected({ downwardAPI: { items: [nameItem] } }),
  ...downwardContexts('Volume.downwardAPI', (items) => ({
    spec: { volumes: [{ downwardAPI: { items } }] },
  })),
  ...downwardContexts('Volume.projected.sources[].downwardAPI', (items) =>
    projected({ downwardAPI: { items } }),
  ),
  ...Object.fromEntries(
    ['failureThreshold', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds']
      .concat(['successThreshold'])
      .map((f) => [`Container.livenessProbe.${f}`, container(probeHandler)]),
  ),
  ...Object.fromEntries(
    ['failureThreshold', 'initialDelaySeconds', 'periodSeconds'].map((f) => [
      `Container.startupProbe.${f}`,
      container(probeHandler),
    ]),
  ),
  ...Object.fromEntries(
    ['DeploymentSpec', 'DaemonSetSpec', 'StatefulSetSpec', 'ReplicaSetSpec'].flatMap((anchor) => [
      [`${anchor}.selector.matchExpressions[].key`, selectorOf({ operator: 'Exists' })],
      [`${anchor}.selector.matchExpressions[].operator`, selectorOf({ key: 'app' })],
      [`${anchor}.selector.matchExpressions[].values`, selectorOf({ key: 'app', operator: 'In' })],
    ]),
  ),
}
