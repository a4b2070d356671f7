/**
 * Integers as the API server takes them. Kubernetes decodes YAML with go-yaml into JSON, and the
 * JSON number into the field's Go type: int32 and int64 fields refuse what does not fit (and
 * `int-or-string` fields hold an int32). The schemas say int32/int64, but ajv checks int64 only
 * as "an integer" and sees the JavaScript number, which holds integers exactly up to 2^53 only.
 * So the exact values of larger integer literals come from the source text
 * (parse/exact-integers.ts): they are checked here against the 64-bit range, shown exactly in
 * messages, and kept exactly where a Quantity takes them (as its decimal string).
 */
import type { ExactIntegers } from '../parse/exact-integers.js'
import type { SchemaFinding } from './schema-findings.js'

export const INT64_MIN = -(2n ** 63n)
export const INT64_MAX = 2n ** 63n - 1n
export const INT32_MIN = -(2n ** 31n)
export const INT32_MAX = 2n ** 31n - 1n

/** Quantities (`oneOf: [string, number]`): any number is a valid quantity. */
const QUANTITY = /\/(?:limits|requests|overhead)\/[^/]+$|\/(?:sizeLimit|divisor)$/
/** `int-or-string` fields: the number is an int32. */
const INT_OR_STRING = /\/(?:httpGet|tcpSocket)\/port$|\/(?:maxSurge|maxUnavailable)$/

export interface IntegerProblem {
  readonly pointer: string
  readonly message: string
}

/**
 * The document's value with each inexact integer that a Quantity takes replaced by its exact
 * decimal string (which Kubernetes reads as the same quantity), so that it reaches the unit
 * exactly.
 */
export function withExactQuantities(
  value: Readonly<Record<string, unknown>>,
  exact: ExactIntegers | undefined,
): Readonly<Record<string, unknown>> {
  let out = value
  for (const [pointer, integer] of exact ?? []) {
    if (QUANTITY.test(pointer)) {
      out = replaceAt(out, pointer.slice(1).split('/'), `${integer}`) as typeof value
    }
  }
  return out
}

/**
 * The schema findings with exact values in their messages, and the integers the API server
 * would refuse that the schema lets through: beyond int64, or beyond int32 in an int-or-string.
 */
export function checkIntegers(
  value: unknown,
  exact: ExactIntegers | undefined,
  findings: readonly SchemaFinding[],
): { findings: SchemaFinding[]; problems: IntegerProblem[] } {
  const fixed = findings.map((f) => {
    const integer = exact?.get(f.pointer)
    if (integer === undefined) return f
    return { ...f, message: f.message.replace(/got (?:integer|number) \S+$/, `got ${integer}`) }
  })
  const judged = new Set(findings.map((f) => f.pointer))
  const problems: IntegerProblem[] = []
  walkNumbers(value, exact !== undefined, (pointer, number) => {
    if (judged.has(pointer) || QUANTITY.test(pointer)) return
    const integer = exact?.get(pointer) ?? BigInt(number)
    const small = INT_OR_STRING.test(pointer)
    const [min, max] = small ? [INT32_MIN, INT32_MAX] : [INT64_MIN, INT64_MAX]
    if (integer < min || integer > max) {
      problems.push({
        pointer,
        message: `${integer} is beyond the ${small ? 32 : 64}-bit integers that the API server takes (${min} to ${max})`,
      })
    }
  })
  return { findings: fixed, problems }
}

/** The exact value of the integer at `pointer` (relative to the document). */
export function exactInteger(
  exact: ExactIntegers | undefined,
  pointer: string,
  value: number,
): bigint {
  return exact?.get(pointer) ?? BigInt(Math.trunc(value))
}

/**
 * Calls `visit` with the pointer of every integer that may be out of range: beyond int32, or any
 * when the document has inexact integers. The pointer is built only for those: most documents
 * have none, and this runs for every document.
 */
function walkNumbers(
  root: unknown,
  all: boolean,
  visit: (pointer: string, value: number) => void,
): void {
  const path: string[] = []
  const walk = (node: unknown): void => {
    if (typeof node === 'number') {
      if (Number.isInteger(node) && (all || Math.abs(node) > 2147483647)) {
        visit(path.map((s) => `/${s.replaceAll('~', '~0').replaceAll('/', '~1')}`).join(''), node)
      }
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => {
        path.push(String(i))
        walk(item)
        path.pop()
      })
    } else if (node !== null && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        path.push(key)
        walk((node as Record<string, unknown>)[key])
        path.pop()
      }
    }
  }
  walk(root)
}

/** A copy of `node` with the value at `path` replaced; what is not on the path is shared. */
function replaceAt(node: unknown, path: readonly string[], value: unknown): unknown {
  const [head, ...rest] = path
  const key = (head ?? '').replaceAll('~1', '/').replaceAll('~0', '~')
  if (Array.isArray(node)) {
    const copy: unknown[] = [...(node as unknown[])]
    copy[Number(key)] = rest.length === 0 ? value : replaceAt(copy[Number(key)], rest, value)
    return copy
  }
  const object = node as Record<string, unknown>
  const child = rest.length === 0 ? value : replaceAt(object[key], rest, value)
  // `__proto__` may be a key like any other (parse/normalize.ts).
  return Object.defineProperty({ ...object }, key, {
    value: child,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}
