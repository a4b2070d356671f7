/**
 * Integers that a JavaScript number cannot hold exactly. go-yaml reads an integer up to 2^64 − 1
 * exactly (int64, else uint64), so `9223372036854775807` reaches Kubernetes as written; as a
 * JavaScript number it becomes 9223372036854775808. Their exact values are read here from the
 * source text, by JSON Pointer, so that checks and messages use them (validate/integers.ts).
 *
 * Only the positions path finds them: the fast path hands every text with a long run of digits
 * to it (fast-yaml.ts).
 */
import type { Document } from 'yaml'
import { joinPointer } from '../diagnostics/pointer.js'
import { yamlLib } from '../yaml-lib.js'

/** JSON Pointer → exact value, for the integers of a document beyond ±(2^53 − 1). */
export type ExactIntegers = ReadonlyMap<string, bigint>

/** The YAML 1.1 integer forms podunit reads (fast-yaml.ts, parse-yaml.ts), sign apart. */
const INTEGER = /^([-+]?)(?:0b([01_]+)|0x([0-9a-fA-F_]+)|0([0-7_]+)|([0-9][0-9_]*))$/

export function exactIntegersOf(doc: Document.Parsed, text: string): ExactIntegers | undefined {
  const { isMap, isScalar, isSeq } = yamlLib()
  let found: Map<string, bigint> | undefined
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (depth > 200) return
    if (isScalar(node)) {
      const value = node.value
      if (typeof value !== 'number' || Number.isSafeInteger(value) || node.range == null) return
      const exact = integerOf(text.slice(node.range[0], node.range[1]))
      if (exact !== undefined) (found ??= new Map()).set(pointer, exact)
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined
        if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean')
          walk(pair.value, joinPointer(pointer, String(key)), depth + 1)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, joinPointer(pointer, index), depth + 1))
    }
  }
  walk(doc.contents, '', 0)
  return found
}

/** The exact value of a YAML 1.1 integer literal, or undefined for any other text. */
export function integerOf(raw: string): bigint | undefined {
  const match = INTEGER.exec(raw)
  if (match === null) return undefined
  const [, sign, binary, hex, octal, decimal] = match
  const digits = (s: string) => s.replaceAll('_', '') || '0'
  const magnitude =
    binary !== undefined
      ? BigInt(`0b${digits(binary)}`)
      : hex !== undefined
        ? BigInt(`0x${digits(hex)}`)
        : octal !== undefined
          ? BigInt(`0o${digits(octal)}`)
          : BigInt(digits(decimal ?? '0'))
  return sign === '-' ? -magnitude : magnitude
}

/** The entries under `base` (a List item), with pointers relative to it. */
export function exactIntegersUnder(
  all: ExactIntegers | undefined,
  base: string,
): ExactIntegers | undefined {
  if (all === undefined || base === '') return all
  const under = [...all].filter(([pointer]) => pointer.startsWith(`${base}/`))
  return under.length === 0
    ? undefined
    : new Map(under.map(([pointer, value]) => [pointer.slice(base.length), value]))
}
