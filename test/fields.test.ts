/**
 * Every field of the vendored workload schemas (every version under schemas/) is mapped
 * (src/lower/mapped-fields.ts), warned about (IGNORED_FIELDS) or refused (REFUSED_FIELDS), so that
 * a field a new Kubernetes release adds cannot be dropped without a word. Then each listed field
 * is set in a manifest made from the schema, and must do what its list says: a PU3001 warning at
 * its key, the refusing error at its key, or (mapped) a change in what `convert` writes or reports.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { convert } from '../src/index.js'
import type { ConvertResult, KubernetesVersion } from '../src/index.js'
import { CODES } from '../src/diagnostics/codes.js'
import { MAPPED_FIELDS } from '../src/lower/mapped-fields.js'
import { IGNORED_FIELDS } from '../src/validate/ignored-fields.js'
import { REFUSED_FIELDS } from '../src/validate/refused-fields.js'
import { manifestSetting } from './support/field-manifests.js'
import { ROOT } from './support/golden-cases.js'
import { schemaFields, schemaVersions, WORKLOAD_SCHEMAS } from './support/schema-fields.js'

const VERSIONS = schemaVersions()
const NEWEST = join(ROOT, 'schemas', VERSIONS.at(-1) ?? '')
/** `--kubernetes-version` of the newest schemas: `v1.32.2-standalone-strict` → `1.32`. */
const VERSION = /^v(\d+\.\d+)/.exec(VERSIONS.at(-1) ?? '')?.[1] as KubernetesVersion

const below = (path: string, parent: string) =>
  path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[]`)

function coveredBy(path: string): string[] {
  return [
    ...MAPPED_FIELDS.filter((f) => f.path === path).map(() => 'mapped'),
    ...IGNORED_FIELDS.filter((f) => below(path, f.path)).map(() => 'ignored'),
    ...REFUSED_FIELDS.filter((f) => below(path, f.path)).map(() => 'refused'),
  ]
}

/** Every field path of every kind in every vendored version, with the versions that have it. */
function allFields(): Map<string, { leaf: boolean; versions: string[] }> {
  const out = new Map<string, { leaf: boolean; versions: string[] }>()
  for (const version of VERSIONS) {
    for (const [kind, file] of Object.entries(WORKLOAD_SCHEMAS)) {
      for (const field of schemaFields(join(ROOT, 'schemas', version, file), kind)) {
        const entry = out.get(field.path) ?? { leaf: field.leaf, versions: [] }
        if (!entry.versions.includes(version)) entry.versions.push(version)
        out.set(field.path, entry)
      }
    }
  }
  return out
}

const FIELDS = allFields()

function run(text: string): ConvertResult {
  return convert({ path: 'fields.yaml', text }, { kubernetesVersion: VERSION })
}

/** What a result shows: units, data files, pods and diagnostics, as one comparable text. */
function outcome(result: ConvertResult): string {
  return JSON.stringify({
    pods: result.pods,
    units: result.units.map((u) => u.content),
    files: result.dataFiles.map((f) => [f.path, Buffer.from(f.content).toString(), f.mode]),
    diagnostics: result.diagnostics.map((d) => [d.id, d.pointer]),
  })
}

describe('every field of the vendored schemas', () => {
  it(`is mapped, ignored or refused (${VERSIONS.join(', ')})`, () => {
    const uncovered = [...FIELDS]
      .filter(([path, { leaf }]) => leaf && coveredBy(path).length === 0)
      .map(([path, { versions }]) => `${path} (${versions.join(', ')})`)
    expect(uncovered).toEqual([])
  })

  it('is in one list only', () => {
    const twice = [...FIELDS.keys()].filter((path) => new Set(coveredBy(path)).size > 1)
    expect(twice).toEqual([])
  })

  // A refused field may be newer than every vendored schema: podunit refuses it in any case.
  it('lists only fields the schemas have', () => {
    const listed = [...MAPPED_FIELDS, ...IGNORED_FIELDS].map((f) => f.path)
    expect(listed.filter((path) => !FIELDS.has(path))).toEqual([])
  })

  it('lists mapped fields that are leaves', () => {
    expect(MAPPED_FIELDS.filter((f) => FIELDS.get(f.path)?.leaf === false)).toEqual([])
  })
})

const files = WORKLOAD_SCHEMAS as Record<string, string>
const available = (path: string) => FIELDS.get(path)?.versions.includes(VERSIONS.at(-1) ?? '')

describe('an ignored field that is set', () => {
  it.each(
    IGNORED_FIELDS.filter((f) => available(f.path)).map((f) => ({
      path: f.path,
      code: f.code ?? 'IGNORED_FIELD',
    })),
  )('$path gets warning $code at its key', ({ path, code }) => {
    const { text, pointer } = manifestSetting(path, NEWEST, files)
    const found = run(text).diagnostics.filter((d) => d.pointer === pointer)
    const id = CODES[code as keyof typeof CODES].id
    expect(found.map((d) => `${d.id} ${d.severity}`)).toEqual([`${id} warning`])
  })
})

describe('a refused field that is set', () => {
  it.each(REFUSED_FIELDS.filter((f) => available(f.path)))(
    '$path is refused with $code',
    ({ path, code }) => {
      const { text, pointer } = manifestSetting(path, NEWEST, files)
      const result = run(text)
      const found = result.diagnostics.filter((d) => d.pointer === pointer)
      expect(found.map((d) => d.id)).toContain(CODES[code as keyof typeof CODES].id)
      expect(result.ok).toBe(false)
    },
  )
})

describe('a mapped field that is set', () => {
  it.each(MAPPED_FIELDS.filter((f) => available(f.path)))(
    '$path changes the output ($becomes)',
    ({ path }) => {
      const { text, without } = manifestSetting(path, NEWEST, files)
      expect(outcome(run(text))).not.toBe(outcome(run(without)))
    },
  )
})
