/**
 * Manifests that set one field, made from the schema: the field and the objects above it get the
 * smallest value the schema accepts (required fields filled in, strings "x", numbers 1, booleans
 * true), unless EXAMPLES gives a value that means something. ConfigMap and Secret "x" (key "x")
 * are in every input, so references to "x" resolve.
 */
import { readFileSync } from 'node:fs'
import { stringify } from 'yaml'
import { CONTEXT, EXAMPLES } from './field-examples.js'

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
  CronJobSpec: { kind: 'CronJob', at: ['spec'] },
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
  if (kind === 'CronJob') {
    const template = { template: { spec: { ...spec, restartPolicy: 'Never' } } }
    return {
      apiVersion: 'batch/v1',
      kind,
      metadata: { name: 'fields' },
      spec: { schedule: '0 0 * * *', jobTemplate: { spec: template } },
    }
  }
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
