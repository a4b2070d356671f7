/**
 * Manifests that set one field, made from the schema: the field and the objects above it get the
 * smallest value the schema accepts (required fields filled in, strings "x", numbers 1, booleans
 * true), unless EXAMPLES gives a value that means something. ConfigMap and Secret "x" (key "x")
 * are in every input, so references to "x" resolve.
 */
import { readFileSync } from 'node:fs'
import { stringify } from 'yaml'

export interface Schema {
  readonly type?: string | readonly string[]
  readonly enum?: readonly unknown[]
  readonly format?: string
  readonly properties?: Readonly<Record<string, Schema>>
  readonly additionalProperties?: Schema | boolean
  readonly required?: readonly string[]
  readonly items?: Schema
  readonly oneOf?: readonly Schema[]
}

/** The document each anchor's fields are set in, and where the anchor is in it. */
const ANCHORS: Readonly<Record<string, { readonly kind: string; readonly at: string[] }>> = {
  Object: { kind: 'Pod', at: [] },
  ObjectMeta: { kind: 'Pod', at: ['metadata'] },
  PodSpec: { kind: 'Pod', at: ['spec'] },
  Container: { kind: 'Pod', at: ['spec', 'containers[]'] },
  Volume: { kind: 'Pod', at: ['spec', 'volumes[]'] },
  TemplateMeta: { kind: 'Deployment', at: ['spec', 'template', 'metadata'] },
  DeploymentSpec: { kind: 'Deployment', at: ['spec'] },
  DaemonSetSpec: { kind: 'DaemonSet', at: ['spec'] },
  StatefulSetSpec: { kind: 'StatefulSet', at: ['spec'] },
  ReplicaSetSpec: { kind: 'ReplicaSet', at: ['spec'] },
  JobSpec: { kind: 'Job', at: ['spec'] },
}

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

/** Merges `patch` into `target`; lists item by item. */
function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key]
    if (Array.isArray(value) && Array.isArray(current)) {
      ;(value as unknown[]).forEach((item, i) => {
        const existing: unknown = current[i]
        if (existing !== null && typeof existing === 'object') {
          merge(existing as Record<string, unknown>, item as Record<string, unknown>)
        } else current[i] = structuredClone(item)
      })
    } else if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current !== null &&
      typeof current === 'object'
    ) {
      merge(current as Record<string, unknown>, value as Record<string, unknown>)
    } else target[key] = structuredClone(value)
  }
}

/** Type names of a schema node, without "null". */
function types(schema: Schema): string[] {
  const type = schema.type ?? (schema.properties ? 'object' : undefined)
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => t !== 'null' && !!t)
}

/** The smallest value the schema accepts. */
export function smallest(schema: Schema): unknown {
  if (schema.enum !== undefined) return schema.enum[0]
  if (schema.oneOf !== undefined) return smallest(schema.oneOf[1] ?? schema.oneOf[0] ?? {})
  const [type] = types(schema)
  if (schema.format === 'date-time') return '2024-01-01T00:00:00Z'
  switch (type) {
    case 'string':
      return 'x'
    case 'integer':
    case 'number':
      return 7 // not a default of Kubernetes' (1, 3, 10, 30)
    case 'boolean':
      return true
    case 'array':
      return [smallest(schema.items ?? {})]
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of schema.required ?? []) out[key] = smallest(schema.properties?.[key] ?? {})
      // References name ConfigMap and Secret "x", which exist.
      for (const key of ['name', 'secretName', 'claimName', 'key', 'path', 'fieldPath']) {
        const property = schema.properties?.[key]
        if (property !== undefined) out[key] = key === 'fieldPath' ? 'metadata.name' : 'x'
      }
      return out
    }
    default:
      return 'x'
  }
}

/** The smallest value that sets something: an empty object gets its first field. */
function filled(schema: Schema): unknown {
  const value = smallest(schema)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  if (Object.keys(value).length > 0) return value
  const [first] = Object.entries(schema.properties ?? {})
  if (first !== undefined) return { [first[0]]: filled(first[1]) }
  const extra = schema.additionalProperties
  return { x: typeof extra === 'object' ? smallest(extra) : 'x' }
}

/** The input of one case: ConfigMap and Secret "x", and the document with the field set. */
export function manifestSetting(path: string, schemaDir: string, files: Record<string, string>) {
  const [anchor = '', ...rest] = path.split('.')
  const { kind, at } = ANCHORS[anchor] ?? { kind: 'Pod', at: [] }
  const document = baseDocument(kind)
  const schema = JSON.parse(readFileSync(`${schemaDir}/${files[kind]}`, 'utf8')) as Schema
  const segments = [...at, ...rest]
  const workload = kind !== 'Pod' && rest.length > 0 && !anchor.endsWith('Spec')
  const context = CONTEXT[path] ?? {}
  merge(document, workload ? { spec: { template: context } } : context)
  if (anchor === 'Volume' && rest.length > 1) {
    delete (document['spec'] as { volumes: Record<string, unknown>[] }).volumes[0]?.['emptyDir']
  }
  let node: Record<string, unknown> = document
  let shape: Schema = schema
  let parent: Record<string, unknown> = document
  let leaf = ''
  segments.forEach((segment, index) => {
    const list = segment.endsWith('[]')
    const name = list ? segment.slice(0, -2) : segment
    const child = shape.properties?.[name] ?? {}
    shape = list ? (child.items ?? {}) : child
    const last = index === segments.length - 1
    const value = last ? (EXAMPLES[path] ?? filled(shape)) : smallest(shape)
    parent = node
    leaf = name
    if (list) {
      const items = (node[name] as Record<string, unknown>[] | undefined) ?? []
      node[name] = items
      if (last) items[0] = value as Record<string, unknown>
      else items[0] ??= value as Record<string, unknown>
      node = items[0] ?? {}
    } else {
      if (last || node[name] === undefined || node[name] === null) node[name] = value
      node = node[name] as Record<string, unknown>
    }
  })
  const pointer =
    '/' + segments.map((s) => (s.endsWith('[]') ? `${s.slice(0, -2)}/0` : s)).join('/')
  const text = objectsText() + stringify(document)
  delete parent[leaf]
  return { text, without: objectsText() + stringify(document), pointer }
}

function objectsText(): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
    data: { x: 'x' },
  })
    .concat('---\n')
    .concat(
      stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'x' },
        stringData: { x: 'x' },
      }),
    )
    .concat('---\n')
}

/** A valid document of the kind, with one container that mounts volume "x" (an emptyDir). */
export function baseDocument(kind: string): Record<string, unknown> {
  const spec = {
    ...(kind === 'Job' ? { restartPolicy: 'Never' } : {}),
    containers: [
      { name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'x', mountPath: '/x' }] },
    ],
    volumes: [{ name: 'x', emptyDir: {} }],
  }
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata: { name: 'fields' }, spec }
  const group = kind === 'Job' ? 'batch/v1' : 'apps/v1'
  const selector = kind === 'Job' ? {} : { selector: { matchLabels: { app: 'web' } } }
  const service = kind === 'StatefulSet' ? { serviceName: 'web' } : {}
  return {
    apiVersion: group,
    kind,
    metadata: { name: 'fields' },
    spec: { ...selector, ...service, template: { metadata: { labels: { app: 'web' } }, spec } },
  }
}

export function yamlText(document: Record<string, unknown>): string {
  return objectsText() + stringify(document)
}
