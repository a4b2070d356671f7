#!/usr/bin/env node
/**
 * Converts a Kubernetes OpenAPI v2 document (`api/openapi-spec/swagger.json` of a release) into
 * the standalone-strict JSON schemas that podunit vendors under `schemas/`, byte for byte in the
 * layout that `openapi2jsonschema --expanded --kubernetes --stand-alone --strict` writes (the
 * `kubernetes-json-schema` project's `vX.Y.Z-standalone-strict/` files):
 *
 *   node scripts/openapi-to-schemas.mjs SWAGGER_JSON OUT_DIR
 *
 * It writes only the kinds podunit reads (KINDS below). What the layout is made of, in order:
 * - `IntOrString` becomes `oneOf [string, integer]` and `Quantity` `oneOf [string, number]`;
 * - a kind's `apiVersion` and `kind` properties get an `enum` from `x-kubernetes-group-version-kind`;
 * - every object with `properties` gets `additionalProperties: false` ("strict"; objects inside
 *   arrays such as `oneOf` are not visited, as openapi2jsonschema does not visit them);
 * - every `$ref` is replaced by the definition it names, its sibling keys dropped ("standalone");
 * - below the root's `properties`, every `type` T becomes `[T, "null"]` unless the property is
 *   listed in its object's `required` (the test looks two levels up, as openapi2jsonschema does);
 * - `$schema` is appended to the root, and the text is Python's `json.dumps(indent=2)`: non-ASCII
 *   characters escaped as `\uXXXX`, no newline at the end;
 * - then podunit's one addition (NAME_LIMITS): `maxLength: 63` on `metadata.name` and container
 *   names, which the vendored 1.30/1.32 files carry too.
 *
 * scripts/openapi-to-schemas.mjs is checked by regenerating `v1.32.2-standalone-strict/` from the
 * v1.32 swagger.json: the ten files come out identical (see schemas/README.md).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Definition name in the OpenAPI document → file name (without `.json`). */
const KINDS = {
  'io.k8s.api.core.v1.Pod': 'pod-v1',
  'io.k8s.api.core.v1.ConfigMap': 'configmap-v1',
  'io.k8s.api.core.v1.Secret': 'secret-v1',
  'io.k8s.api.core.v1.PersistentVolumeClaim': 'persistentvolumeclaim-v1',
  'io.k8s.api.apps.v1.Deployment': 'deployment-apps-v1',
  'io.k8s.api.apps.v1.DaemonSet': 'daemonset-apps-v1',
  'io.k8s.api.apps.v1.StatefulSet': 'statefulset-apps-v1',
  'io.k8s.api.apps.v1.ReplicaSet': 'replicaset-apps-v1',
  'io.k8s.api.batch.v1.Job': 'job-batch-v1',
  'io.k8s.api.batch.v1.CronJob': 'cronjob-batch-v1',
}

const REF_PREFIX = '#/definitions/'

/**
 * podunit's own addition to the converter's output (not in openapi2jsonschema): `maxLength: 63`
 * on these names, appended to the property's schema. Paths are from the root's `properties`.
 */
const NAME_LIMITS = {
  Pod: [
    ['metadata', 'name'],
    ['spec', 'containers', '*', 'name'],
    ['spec', 'initContainers', '*', 'name'],
  ],
  workload: [
    ['metadata', 'name'],
    ['spec', 'template', 'metadata', 'name'],
    ['spec', 'template', 'spec', 'containers', '*', 'name'],
  ],
  other: [['metadata', 'name']],
}
const WORKLOADS = ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job']

function main() {
  const [swaggerFile, outDir] = process.argv.slice(2)
  if (!swaggerFile || !outDir) {
    console.error('usage: node scripts/openapi-to-schemas.mjs SWAGGER_JSON OUT_DIR')
    process.exit(2)
  }
  const document = JSON.parse(readFileSync(swaggerFile, 'utf8'))
  const definitions = prepareDefinitions(document.definitions)
  mkdirSync(outDir, { recursive: true })
  for (const [name, file] of Object.entries(KINDS)) {
    const schema = convertKind(definitions, name)
    writeFileSync(join(outDir, `${file}.json`), pythonJson(schema))
  }
}

/** The definitions as openapi2jsonschema rewrites them before it writes any schema. */
function prepareDefinitions(input) {
  const definitions = input // freshly parsed: changed in place
  definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = {
    oneOf: [{ type: 'string' }, { type: 'integer' }],
  }
  definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
    oneOf: [{ type: 'string' }, { type: 'number' }],
  }
  for (const definition of Object.values(definitions)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const properties = definition.properties ?? {}
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version
      if (properties.apiVersion) appendOnce(properties.apiVersion, 'enum', apiVersion)
      if (properties.kind) appendOnce(properties.kind, 'enum', gvk.kind)
    }
  }
  return addStrict(definitions)
}

function appendOnce(object, key, value) {
  object[key] ??= []
  if (!object[key].includes(value)) object[key].push(value)
}

/** `additionalProperties: false` on every object with `properties`, through objects only. */
function addStrict(value) {
  if (!isObject(value)) return value
  if ('properties' in value && !('additionalProperties' in value))
    value.additionalProperties = false
  for (const child of Object.values(value)) addStrict(child)
  return value
}

function convertKind(definitions, name) {
  const root = { ...definitions[name] }
  root.$schema = 'http://json-schema.org/schema#'
  root.type ??= 'object'
  root.additionalProperties = false
  const inlined = inlineRefs(root, definitions)
  if (isObject(inlined.properties)) {
    inlined.properties = allowNull(replaceIntOrString(inlined.properties), undefined, undefined)
  }
  const kind = name.split('.').at(-1) ?? ''
  const limits =
    NAME_LIMITS[kind === 'Pod' ? 'Pod' : WORKLOADS.includes(kind) ? 'workload' : 'other']
  for (const path of limits) limitLength(inlined, path)
  return inlined
}

/** Appends `maxLength: 63` to the property at `path` ('*' steps into an array's `items`). */
function limitLength(schema, path) {
  let node = schema
  for (const step of path) {
    node = step === '*' ? node?.items : node?.properties?.[step]
    if (!isObject(node)) throw new Error(`no property ${path.join('.')}`)
  }
  node.maxLength = 63
}

/** Replaces every `{ $ref }` by a copy of the definition it names (siblings of `$ref` dropped). */
function inlineRefs(value, definitions) {
  if (Array.isArray(value)) return value.map((item) => inlineRefs(item, definitions))
  if (!isObject(value)) return value
  if (typeof value.$ref === 'string') {
    if (!value.$ref.startsWith(REF_PREFIX)) throw new Error(`unexpected $ref ${value.$ref}`)
    const target = definitions[value.$ref.slice(REF_PREFIX.length)]
    if (target === undefined) throw new Error(`dangling $ref ${value.$ref}`)
    return inlineRefs(target, definitions)
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, inlineRefs(child, definitions)]),
  )
}

function replaceIntOrString(value) {
  if (Array.isArray(value)) return value.map(replaceIntOrString)
  if (!isObject(value)) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      isObject(child) && child.format === 'int-or-string'
        ? { oneOf: [{ type: 'string' }, { type: 'integer' }] }
        : replaceIntOrString(child),
    ]),
  )
}

/**
 * openapi2jsonschema's `allow_null_optional_fields`: `data` is walked with its parent, its
 * grandparent and the key it was found under; a string `type` becomes nullable unless that key
 * is listed in the grandparent's `required` (for a property schema, the grandparent is the
 * object schema that holds `properties`).
 */
function allowNull(data, parent, grandParent, key) {
  if (!isObject(data)) return data
  const out = {}
  for (const [k, v] of Object.entries(data)) {
    if (isObject(v)) out[k] = allowNull(v, data, parent, k)
    else if (Array.isArray(v)) out[k] = v.map((item) => allowNull(item, v, parent, k))
    else if (typeof v === 'string' && k === 'type' && v !== 'null') {
      const required = requiredOf(grandParent)
      out[k] = required.includes(key) ? v : [v, 'null']
    } else out[k] = v
  }
  return out
}

/** Python's `"required" in grand_parent`, then `key in grand_parent["required"]`. */
function requiredOf(grandParent) {
  if (Array.isArray(grandParent)) return grandParent.includes('required') ? ['required'] : []
  if (!isObject(grandParent) || !('required' in grandParent)) return []
  const required = grandParent.required
  if (Array.isArray(required)) return required
  if (isObject(required)) return Object.keys(required)
  return []
}

/** Python's `json.dumps(value, indent=2)` (ensure_ascii), without a trailing newline. */
function pythonJson(value) {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

main()
