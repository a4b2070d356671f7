/**
 * Every property path of the vendored workload schemas (schemas/*-standalone-strict/), written
 * from the object type it belongs to, as src/validate/ignored-fields.ts and
 * src/lower/mapped-fields.ts write them: `PodSpec.hostname`, `Container.ports[].hostPort`,
 * `Volume.projected.sources[].secret.items[].mode`, `JobSpec.completions`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './golden-cases.js'

/** The schema file of each kind podunit turns into a pod. */
export const WORKLOAD_SCHEMAS: Readonly<Record<string, string>> = {
  Pod: 'pod-v1.json',
  Deployment: 'deployment-apps-v1.json',
  DaemonSet: 'daemonset-apps-v1.json',
  StatefulSet: 'statefulset-apps-v1.json',
  ReplicaSet: 'replicaset-apps-v1.json',
  Job: 'job-batch-v1.json',
  CronJob: 'cronjob-batch-v1.json',
}

export interface SchemaField {
  /** `PodSpec.hostname` */
  readonly path: string
  /** No properties below it. */
  readonly leaf: boolean
}

interface Schema {
  readonly properties?: Readonly<Record<string, Schema>>
  readonly items?: Schema
  readonly oneOf?: readonly Schema[]
  readonly anyOf?: readonly Schema[]
  readonly allOf?: readonly Schema[]
}

function propertiesOf(schema: Schema | undefined): Readonly<Record<string, Schema>> | undefined {
  if (schema === undefined) return undefined
  if (schema.properties !== undefined) return schema.properties
  for (const list of [schema.oneOf, schema.anyOf, schema.allOf]) {
    for (const option of list ?? []) {
      const found = propertiesOf(option)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** The type a property path (from the document) starts a new anchor at, if any. */
function anchorOf(kind: string, path: string): string | undefined {
  if (path === 'metadata') return 'ObjectMeta'
  if (path === 'spec') return kind === 'Pod' ? 'PodSpec' : `${kind}Spec`
  if (kind === 'CronJob') {
    // A CronJob's job template holds a Job's spec, whose template is the pod's.
    if (path === 'spec.jobTemplate.spec') return 'JobSpec'
    if (path === 'spec.jobTemplate.spec.template.metadata') return 'TemplateMeta'
    if (path === 'spec.jobTemplate.spec.template.spec') return 'PodSpec'
    return undefined
  }
  if (path === 'spec.template.metadata') return 'TemplateMeta'
  if (path === 'spec.template.spec') return 'PodSpec'
  return undefined
}

export function schemaFields(file: string, kind: string): SchemaField[] {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Schema
  const out: SchemaField[] = []
  const walk = (node: Schema, documentPath: string, anchored: string) => {
    const properties = propertiesOf(node)
    if (properties === undefined) {
      if (node.items !== undefined) walk(node.items, `${documentPath}[]`, `${anchored}[]`)
      return
    }
    for (const [name, child] of Object.entries(properties)) {
      const full = documentPath === '' ? name : `${documentPath}.${name}`
      const anchor = anchorOf(kind, full)
      let path = anchor ?? `${anchored}.${name}`
      if (/^PodSpec\.(containers|initContainers)$/.test(path)) path = 'Container'
      else if (path === 'PodSpec.volumes') path = 'Volume'
      else if (/^\w+Spec\.template$/.test(path) && kind !== 'Pod') path = 'Template'
      const leaf = propertiesOf(child) === undefined && propertiesOf(child.items) === undefined
      if (path === 'Container' || path === 'Volume') {
        walk(child.items ?? {}, `${full}[]`, path)
        continue
      }
      if (path !== 'Template' && anchor === undefined) out.push({ path, leaf })
      walk(child, full, path)
    }
  }
  walk(schema, '', 'Object')
  return out
}

/** The directories of vendored schemas, oldest first. */
export function schemaVersions(): string[] {
  return readdirSync(join(ROOT, 'schemas'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}
