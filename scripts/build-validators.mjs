#!/usr/bin/env node
/**
 * Compiles the vendored Kubernetes JSON schemas (`schemas/v*-standalone-strict/`) into ajv
 * standalone validators, so the CLI never compiles a schema at run time:
 *
 *   generated/validators/<1.30|1.32|1.34>/group-<pod|workloads|config>.cjs   the compiled code
 *   generated/validators/<1.30|1.32|1.34>/<kind>.cjs                         `module.exports = require('./group-x.cjs').<Kind>`
 *
 * Usage: node scripts/build-validators.mjs [--force]. It does nothing when every output is newer
 * than every schema and this script.
 *
 * How the code is kept small (it is loaded at every CLI start):
 * - `description` fields are removed; they are only prose.
 * - Sub-schemas that occur more than once in a group are hoisted into one shared `definitions`
 *   schema and replaced by `$ref`, and ajv is told not to inline refs again (`inlineRefs: false`),
 *   so `Container`, `ObjectMeta`, `LabelSelector`, the workloads' `PodSpec`... become one function
 *   each.
 * - Single-value enums (`apiVersion`, `kind`) become `const`: ajv reports an `enum` failure by
 *   referring to the schema, which made it embed the whole root schema as a literal.
 * - `messages: false`: src/validate/schema-findings.ts writes its own messages from ajv's params.
 * - Kinds are grouped into modules by the sub-schemas they share: the Pod alone (its PodSpec
 *   differs from the workloads' one: `maxLength` on init container names), the six workloads
 *   (identical PodSpec), and ConfigMap/Secret/PVC.
 * - The result is minified with esbuild when it is installed (a devDependency); otherwise it is
 *   written as ajv prints it.
 *
 * Measured on the 2-core dev machine, Node 20.20.2, Kubernetes 1.32 schemas; require() times are
 * medians of 9-11 fresh processes and include the ajv runtime and ajv-formats pieces the code
 * requires (~1.8 ms of fixed cost; `node -e 0` itself takes ~50 ms here):
 *
 *   layout                                              Pod module         all kinds of a version
 *   one module per kind, as is (descriptions cut)       1,525 KB  22.4 ms  10.9 MB
 *   per kind, repeats >= 300 chars hoisted, no inlining   596 KB  10.2 ms   4.4 MB
 *   per kind, all repeats hoisted, enum->const, minified  281 KB   6.5 ms   2.1 MB
 *   ONE module per version, same tricks                   499 KB   8.9 ms   0.50 MB
 *   groups pod | workloads | config, same (chosen)        283 KB   6.6 ms   0.76 MB
 *     the workloads module: 419 KB, 8.3 ms; config: 54 KB, 3.3 ms; the per-kind stub adds nothing
 *     measurable; without esbuild the Pod module is 403 KB, 7.5 ms.
 *
 * In a process, the first validateSchema('Pod', ...) takes ~11 ms (load + first run); after that
 * ~870k valid or ~97k invalid Pods/s. Generating both versions takes ~1.3 s (median of 7); when
 * everything is up to date the script exits in ~50 ms, about node's own start-up.
 */
import { createRequire } from 'node:module'
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SELF = fileURLToPath(import.meta.url)
const OUT = join(ROOT, 'generated/validators')

/** Kubernetes version (as src/validate/schema-validate.ts names it) → vendored schema directory. */
const VERSIONS = new Map([
  ['1.30', 'v1.30.0-standalone-strict'],
  ['1.32', 'v1.32.2-standalone-strict'],
  ['1.34', 'v1.34.2-standalone-strict'],
])

/** Module → kind → schema file (without `.json`). */
const GROUPS = {
  pod: { Pod: 'pod-v1' },
  workloads: {
    Deployment: 'deployment-apps-v1',
    DaemonSet: 'daemonset-apps-v1',
    StatefulSet: 'statefulset-apps-v1',
    ReplicaSet: 'replicaset-apps-v1',
    Job: 'job-batch-v1',
    CronJob: 'cronjob-batch-v1',
  },
  config: {
    ConfigMap: 'configmap-v1',
    Secret: 'secret-v1',
    PersistentVolumeClaim: 'persistentvolumeclaim-v1',
  },
}

/** The vendor keywords of the Kubernetes schemas: annotations for ajv, no validation. */
const KUBERNETES_KEYWORDS = [
  'x-kubernetes-group-version-kind',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-unions',
]

/** Every format the schemas use; ajv-formats implements them. */
const FORMATS = ['byte', 'date-time', 'int32', 'int64']

const DEFS_ID = 'defs'

async function main() {
  const force = process.argv.includes('--force')
  const jobs = [...VERSIONS].map(([version, dir]) => ({
    version,
    dir,
    inputs: Object.values(GROUPS).flatMap((kinds) =>
      Object.values(kinds).map((file) => join(ROOT, 'schemas', dir, `${file}.json`)),
    ),
    outputs: Object.entries(GROUPS).flatMap(([group, kinds]) => [
      join(OUT, version, `group-${group}.cjs`),
      ...Object.keys(kinds).map((kind) => join(OUT, version, `${kind.toLowerCase()}.cjs`)),
    ]),
  }))
  const stale = jobs.filter((job) => force || !isUpToDate([...job.inputs, SELF], job.outputs))
  if (stale.length === 0) return
  const tools = await loadTools()
  for (const job of stale) {
    const started = performance.now()
    await buildVersion(tools, job.version, job.dir)
    const ms = Math.round(performance.now() - started)
    console.log(`build-validators: Kubernetes ${job.version} in ${ms} ms`)
  }
}

function isUpToDate(inputs, outputs) {
  const newestInput = Math.max(...inputs.map((file) => statSync(file).mtimeMs))
  try {
    return outputs.every((file) => statSync(file).mtimeMs > newestInput)
  } catch {
    return false
  }
}

async function loadTools() {
  const require = createRequire(import.meta.url)
  const Ajv = require('ajv').default
  const addFormats = require('ajv-formats').default
  const standaloneCode = require('ajv/dist/standalone').default
  let minify = (code) => Promise.resolve(code)
  try {
    const esbuild = await import('esbuild')
    minify = async (code) =>
      (await esbuild.transform(code, { minify: true, format: 'cjs', target: 'node20' })).code
  } catch {
    // esbuild is a devDependency: without it the modules are only larger.
  }
  return { Ajv, addFormats, standaloneCode, minify }
}

async function buildVersion(tools, version, dir) {
  for (const [group, kinds] of Object.entries(GROUPS)) {
    const schemas = Object.values(kinds).map((file) =>
      prepare(JSON.parse(readFileSync(join(ROOT, 'schemas', dir, `${file}.json`), 'utf8'))),
    )
    const { roots, definitions } = hoistShared(schemas)
    const ajv = new tools.Ajv({
      allErrors: true,
      strict: true,
      inlineRefs: false,
      messages: false,
      code: { source: true, esm: false },
    })
    ajv.addVocabulary(KUBERNETES_KEYWORDS)
    tools.addFormats(ajv, FORMATS)
    ajv.addSchema({ $id: DEFS_ID, definitions })
    const exports = {}
    Object.keys(kinds).forEach((kind, i) => {
      ajv.addSchema({ ...roots[i], $id: kind })
      exports[kind] = kind
    })
    const code = await tools.minify(tools.standaloneCode(ajv, exports))
    writeAtomically(join(OUT, version, `group-${group}.cjs`), code)
    for (const kind of Object.keys(kinds)) {
      const stub = `'use strict'\nmodule.exports = require('./group-${group}.cjs').${kind}\n`
      writeAtomically(join(OUT, version, `${kind.toLowerCase()}.cjs`), stub)
    }
  }
}

/** Removes `description` and turns one-value enums into `const` (see the header). */
function prepare(schema) {
  if (Array.isArray(schema)) return schema.map(prepare)
  if (schema === null || typeof schema !== 'object') return schema
  const out = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue
    if (key === 'enum' && Array.isArray(value) && value.length === 1) out.const = value[0]
    else if (key === 'properties') out.properties = mapValues(value, prepare)
    else out[key] = prepare(value)
  }
  return out
}

/**
 * Replaces every sub-schema that occurs at least twice in `schemas` (compared by its canonical
 * JSON) by a `$ref` into one `definitions` map. Top-down, so the biggest repeats are hoisted
 * whole and their own repeated parts are shared between them.
 */
function hoistShared(schemas) {
  const counts = new Map()
  const count = (schema) => {
    const key = canonicalJson(schema)
    counts.set(key, (counts.get(key) ?? 0) + 1)
    forEachSubschema(schema, count)
  }
  schemas.forEach((schema) => forEachSubschema(schema, count))

  const definitions = {}
  const names = new Map()
  const replace = (schema) => {
    const key = canonicalJson(schema)
    if ((counts.get(key) ?? 0) < 2) return rebuild(schema)
    let name = names.get(key)
    if (name === undefined) {
      name = `d${names.size}`
      names.set(key, name)
      definitions[name] = rebuild(schema)
    }
    return { $ref: `${DEFS_ID}#/definitions/${name}` }
  }
  const rebuild = (schema) => mapSubschemas(schema, replace)
  return { roots: schemas.map(rebuild), definitions }
}

/** The keywords of these schemas that hold sub-schemas. */
function mapSubschemas(schema, f) {
  const out = { ...schema }
  if (isObject(schema.properties)) out.properties = mapValues(schema.properties, f)
  if (isObject(schema.items)) out.items = f(schema.items)
  if (isObject(schema.additionalProperties))
    out.additionalProperties = f(schema.additionalProperties)
  for (const key of ['oneOf', 'anyOf', 'allOf'])
    if (Array.isArray(schema[key])) out[key] = schema[key].map(f)
  return out
}

function forEachSubschema(schema, f) {
  mapSubschemas(schema, (sub) => {
    f(sub)
    return sub
  })
}

function canonicalJson(value) {
  return JSON.stringify(value, (_key, v) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  )
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function mapValues(object, f) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, f(value)]))
}

/** Readers (tests, a parallel build) never see a half-written module. */
function writeAtomically(file, text) {
  mkdirSync(dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, text)
  renameSync(temp, file)
}

await main()
