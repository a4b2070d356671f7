/**
 * Turns the raw errors of an ajv validator into one finding per problem, with a human message:
 * the `oneOf` of int-or-string fields and the `null` of nullable types are folded away, and an
 * error that only echoes a child's error is dropped in favour of the child.
 */
import type { ErrorObject } from 'ajv'
import { toFinding, typesOf } from './schema-messages.js'

export type SchemaFindingKind = 'required' | 'unknown-field' | 'type' | 'enum' | 'format' | 'other'

export interface SchemaFinding {
  /**
   * JSON Pointer (ajv instancePath) of the value at fault; for 'required' the parent object.
   * For 'unknown-field' it is the unknown field's own pointer (the parent's pointer plus `key`).
   */
  readonly pointer: string
  /** For 'unknown-field': the unknown key (the diagnostic points at the key itself); for 'required': the missing key. */
  readonly key?: string
  readonly kind: SchemaFindingKind
  /** Message without the path, e.g. `unknown field "securityContxt"`, `missing required field "containers"`, `must be integer, got string "abc"`, `must be string or integer`. */
  readonly message: string
}

/** Keywords whose error only says that some sub-schema failed. */
const COMBINATORS = new Set(['oneOf', 'anyOf', 'allOf'])

export function toFindings(errors: readonly ErrorObject[], root: unknown): SchemaFinding[] {
  const kept = collapse(errors, root)
  const findings = kept.map((error) => toFinding(error, valueAt(root, error.instancePath)))
  const unique = new Map(findings.map((f) => [`${f.pointer}\0${f.kind}\0${f.message}`, f]))
  return [...unique.values()].sort(compareFindings)
}

/** The errors worth reporting; a combinator error becomes a `type` error listing all types. */
function collapse(errors: readonly ErrorObject[], root: unknown): ErrorObject[] {
  const dropped = new Set<ErrorObject>()
  const merged = new Map<ErrorObject, ErrorObject>()
  for (const error of errors) {
    if (!COMBINATORS.has(error.keyword)) continue
    const path = error.instancePath
    const samePath = errors.filter((e) => e !== error && e.instancePath === path)
    const branchTypes = samePath.filter((e) => e.keyword === 'type')
    branchTypes.forEach((e) => dropped.add(e))
    if (errors.some((e) => e.instancePath.startsWith(`${path}/`))) {
      dropped.add(error) // a child explains the failure: report the child only
    } else if (branchTypes.length > 0) {
      const types = branchTypes.flatMap(typesOf)
      merged.set(error, { ...error, keyword: 'type', params: { type: [...new Set(types)] } })
    } else if (valueAt(root, path) === null) {
      // int-or-string is `oneOf: [string|null, integer|null]`, so null matches twice; like every
      // other optional field of these schemas, and like the API server, take null as "unset".
      dropped.add(error)
    }
  }
  const result = errors.filter((e) => !dropped.has(e)).map((e) => merged.get(e) ?? e)
  // A const/enum error says what is expected, so a type error at the same place adds nothing;
  // and a format error next to a type error repeats it (int32 on 80.5: "must be integer").
  const at = (keywords: readonly string[]): Set<string> =>
    new Set(result.filter((e) => keywords.includes(e.keyword)).map((e) => e.instancePath))
  const exact = at(['const', 'enum'])
  const typed = at(['type'])
  return result.filter(
    (e) =>
      !(e.keyword === 'type' && exact.has(e.instancePath)) &&
      !(e.keyword === 'format' && typed.has(e.instancePath)),
  )
}

function segments(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root
  for (const segment of segments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Readonly<Record<string, unknown>>)[segment]
  }
  return node
}

/** By pointer, array indexes numerically (`/2` before `/10`), then kind, key and message. */
function compareFindings(a: SchemaFinding, b: SchemaFinding): number {
  const sa = segments(a.pointer)
  const sb = segments(b.pointer)
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const order = compareSegments(sa[i] ?? '', sb[i] ?? '')
    if (order !== 0) return order
  }
  return (
    sa.length - sb.length ||
    compareText(a.kind, b.kind) ||
    compareText(a.key ?? '', b.key ?? '') ||
    compareText(a.message, b.message)
  )
}

function compareSegments(a: string, b: string): number {
  const numeric = /^\d+$/
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b)
  return compareText(a, b)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
