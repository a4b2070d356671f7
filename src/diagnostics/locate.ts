/**
 * Maps a JSON Pointer back to the YAML node it came from, so that every finding carries a line and
 * a column. A pointer into a mapping stops at the value; with `atKey` it stops at the key, which is
 * where an unknown field should be reported.
 */
import { yamlLib } from '../yaml-lib.js'
import type { Document, LineCounter, Node, Pair } from 'yaml'
import { splitPointer } from './pointer.js'

export interface Position {
  readonly line: number
  readonly column: number
  readonly endLine: number
  readonly endColumn: number
}

export function locate(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  pointer: string,
  atKey = false,
): Position {
  const range = findRange(doc, pointer, atKey) ?? doc.contents?.range ?? doc.range
  const start = lineCounter.linePos(range[0])
  const end = lineCounter.linePos(range[1])
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col }
}

type Range = readonly [number, number, number?]

function findRange(doc: Document.Parsed, pointer: string, atKey: boolean): Range | undefined {
  const { isMap, isSeq } = yamlLib()
  let node: unknown = doc.contents
  let keyNode: unknown
  const segments = splitPointer(pointer)
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? ''
    node = resolveAlias(doc, node)
    if (isMap(node)) {
      const pair = findPair(doc, node.items, segment)
      if (pair === undefined) return rangeOf(keyNode ?? node)
      keyNode = pair.key
      node = pair.value ?? pair.key
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)]
      if (item === undefined) return rangeOf(node)
      keyNode = undefined
      node = item
    } else {
      return rangeOf(node)
    }
  }
  return rangeOf(atKey && keyNode !== undefined ? keyNode : node)
}

/**
 * The pair for `key`: a key written in the mapping itself wins; otherwise the merged mappings
 * (`<<: *base`, or `<<: [*a, *b]` where the first that has the key wins), as YAML 1.1 merges them.
 */
function findPair(doc: Document.Parsed, items: readonly unknown[], key: string): Pair | undefined {
  const { isMap, isPair, isScalar, isSeq } = yamlLib()
  const merges: unknown[] = []
  for (const item of items) {
    if (!isPair(item)) continue
    const k = resolveAlias(doc, item.key)
    if (!isScalar(k)) continue
    // yaml 2 gives the merge key `<<` a symbol as its value.
    if (typeof k.value === 'symbol' || k.value === '<<') merges.push(item.value)
    else if (String(k.value) === key) return item
  }
  for (const merge of merges) {
    const value = resolveAlias(doc, merge)
    const sources = isSeq(value) ? value.items.map((i) => resolveAlias(doc, i)) : [value]
    for (const source of sources) {
      const inner = isMap(source) ? findPair(doc, source.items, key) : undefined
      if (inner !== undefined) return inner
    }
  }
  return undefined
}

function resolveAlias(doc: Document.Parsed, node: unknown): unknown {
  return yamlLib().isAlias(node) ? node.resolve(doc) : node
}

function rangeOf(node: unknown): Range | undefined {
  const range = (node as Node | undefined)?.range
  return range ?? undefined
}
