/**
 * Stage 1: text → YAML documents with source positions.
 *
 * Manifests are read as Kubernetes reads them (sigs.k8s.io/yaml, i.e. go-yaml v2): YAML 1.1
 * scalars (`yes`/`on` are booleans, `0755` is octal) and merge keys, but timestamps and
 * sexagesimal numbers stay strings, as go-yaml leaves them when decoding into untyped values.
 * A `kind: List` is flattened into its items, as kubectl and `podman kube play` do.
 */
import type {
  Document,
  DocumentOptions,
  LineCounter,
  ParseOptions,
  SchemaOptions,
  Tags,
  YAMLError,
} from 'yaml'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { locate } from '../diagnostics/locate.js'
import { fileDiagnostic, makeDiagnostic } from '../diagnostics/reporter.js'
import type { Located } from '../diagnostics/reporter.js'
import { maxNestingDepth } from './depth.js'
import { parseFast } from './fast-yaml.js'
import { readQuotedAsGoYaml } from './go-yaml-quoted.js'
import { exactIntegersOf, exactIntegersUnder } from './exact-integers.js'
import type { ExactIntegers } from './exact-integers.js'
import { yamlLib } from '../yaml-lib.js'
import { normalize } from './normalize.js'
import { joinPointer } from '../diagnostics/pointer.js'

export interface SourceFile {
  /** As given by the user; used only in messages. */
  readonly path: string
  readonly text: string
}

export interface Limits {
  /** @default 10 MiB */
  readonly maxBytes: number
  /** @default 10000 */
  readonly maxDocuments: number
  /** Alias expansions per document. @default 1000 */
  readonly maxAliasCount: number
  /** Nodes of a document with its aliases expanded. @default 100000 */
  readonly maxExpandedNodes: number
  /** @default 100 */
  readonly maxDepth: number
}

export const DEFAULT_LIMITS: Limits = {
  maxBytes: 10 * 1024 * 1024,
  maxDocuments: 10_000,
  maxAliasCount: 1000,
  maxExpandedNodes: 100_000,
  maxDepth: 100,
}

/** One Kubernetes object of the input, with what is needed to locate its fields. */
export interface SourceDocument extends Located {
  /** Where the object sits in its YAML document: `''`, or `/items/3` inside a List. */
  readonly base: string
  readonly value: Readonly<Record<string, unknown>>
  /** Integers of `value` that a number cannot hold exactly (parse/exact-integers.ts). */
  readonly exactIntegers?: ExactIntegers
}

export interface ParseResult {
  readonly documents: readonly SourceDocument[]
  readonly diagnostics: readonly Diagnostic[]
}

const DROPPED_TAGS = new Set(['tag:yaml.org,2002:timestamp'])

function goYamlTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    if (typeof tag === 'string') return !['timestamp', 'intTime', 'floatTime'].includes(tag)
    if (DROPPED_TAGS.has(tag.tag)) return false
    // Sexagesimal `1:30` is YAML 1.1 but not go-yaml: it stays a string.
    return !('format' in tag && tag.format === 'TIME')
  })
}

export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: goYamlTags,
  uniqueKeys: true,
  prettyErrors: true,
  strict: true,
  // Findings are diagnostics; nothing may go to Node's warnings on stderr.
  logLevel: 'error',
}

export function parseYaml(source: SourceFile, limits: Limits = DEFAULT_LIMITS): ParseResult {
  const bytes = Buffer.byteLength(source.text, 'utf8')
  if (bytes > limits.maxBytes) {
    return fail(
      fileDiagnostic(source.path, 'PARSE_TOO_LARGE', { size: bytes, limit: limits.maxBytes }),
    )
  }
  // Refused before parsing: the parsers would run out of stack first.
  const nesting = maxNestingDepth(source.text)
  if (nesting.depth > limits.maxDepth) {
    const { line, col } = lineOf(source.text, nesting.offset)
    return fail(
      fileDiagnostic(source.path, 'PARSE_TOO_DEEP', { limit: limits.maxDepth }, line, col),
    )
  }
  const fast = parseFast(source.text)
  if (fast !== undefined && fast.length <= limits.maxDocuments) {
    return collect(source, fast.map(normalize), treeLater(source), limits)
  }
  const tree = parseTree(source)
  if (tree.docs.length > limits.maxDocuments) {
    return fail(
      fileDiagnostic(source.path, 'PARSE_TOO_MANY_DOCUMENTS', { limit: limits.maxDocuments }),
    )
  }
  const diagnostics: Diagnostic[] = []
  const values = tree.docs.map((doc) => {
    for (const error of doc.errors) diagnostics.push(yamlError(source, tree.lineCounter, error))
    return doc.errors.length > 0 ? BROKEN : doc.contents === null ? null : toValue(doc, limits)
  })
  const exact = tree.docs.map((doc) => exactIntegersOf(doc, source.text))
  const result = collect(source, values, () => tree, limits, exact)
  return { documents: result.documents, diagnostics: [...diagnostics, ...result.diagnostics] }
}

/** A document's value, or why it has none. */
const BROKEN = Symbol('syntax error, reported')
/** Keys of a value that stands for an error `yaml` threw while building it, and where. */
const PROBLEM = Symbol('problem')
const AT = Symbol('offset')
const ALIAS = Symbol('alias limit')
const DEPTH = Symbol('depth limit')

interface Tree {
  readonly docs: readonly Document.Parsed[]
  readonly lineCounter: LineCounter
}

function parseTree(source: SourceFile): Tree {
  const { LineCounter, parseAllDocuments } = yamlLib()
  const lineCounter = new LineCounter()
  const parsed = parseAllDocuments(source.text, { ...YAML_OPTIONS, lineCounter })
  const docs = Array.isArray(parsed) ? parsed : []
  // kubectl reads a text that starts with `{` as JSON, whose escapes are YAML 1.2's (`\/`).
  if (!/^\s*\{/.test(source.text)) for (const doc of docs) readQuotedAsGoYaml(doc, source.text)
  return { docs, lineCounter }
}

/** The `yaml` tree of a file, read the first time a position in it is asked for. */
function treeLater(source: SourceFile): () => Tree {
  let tree: Tree | undefined
  return () => (tree ??= parseTree(source))
}

function collect(
  source: SourceFile,
  values: readonly unknown[],
  tree: () => Tree,
  limits: Limits,
  exact: readonly (ExactIntegers | undefined)[] = [],
): ParseResult {
  const diagnostics: Diagnostic[] = []
  const documents: SourceDocument[] = []
  values.forEach((value, index) => {
    if (value === BROKEN || value === null || value === undefined) return // an empty document
    const located: Located = {
      file: source.path,
      position: (pointer, atKey) => {
        const { docs, lineCounter } = tree()
        const doc = docs[index]
        if (doc === undefined) return { line: 1, column: 1, endLine: 1, endColumn: 1 }
        return locate(doc, lineCounter, pointer, atKey)
      },
    }
    if (value !== null && typeof value === 'object' && PROBLEM in value) {
      const problem = value as Record<symbol, unknown>
      const detail = String(problem[PROBLEM])
      const offset = problem[AT]
      if (typeof offset === 'number') {
        const { line, col } = tree().lineCounter.linePos(offset)
        diagnostics.push(fileDiagnostic(source.path, 'PARSE_SYNTAX', { detail }, line, col))
      } else {
        diagnostics.push(makeDiagnostic(located, 'PARSE_SYNTAX', '', { detail }))
      }
    } else if (value === ALIAS) {
      diagnostics.push(
        makeDiagnostic(located, 'PARSE_ALIAS_LIMIT', '', { limit: limits.maxAliasCount }),
      )
    } else if (value === DEPTH) {
      diagnostics.push(makeDiagnostic(located, 'PARSE_TOO_DEEP', '', { limit: limits.maxDepth }))
    } else if (typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push(
        makeDiagnostic(located, 'PARSE_NOT_A_MAPPING', '', { found: describe(value) }),
      )
    } else {
      const found = flattenList(located, value as Record<string, unknown>, diagnostics)
      const all = exact[index]
      for (const document of found) {
        const exactIntegers = exactIntegersUnder(all, document.base)
        documents.push(exactIntegers === undefined ? document : { ...document, exactIntegers })
      }
    }
  })
  if (documents.length === 0 && diagnostics.length === 0 && !values.includes(BROKEN)) {
    diagnostics.push(fileDiagnostic(source.path, 'PARSE_EMPTY_FILE', {}))
  }
  return { documents, diagnostics }
}

/**
 * Where a person looks for the mistake: `yaml` reports an unclosed quote where the text ends, and
 * some errors at the start of a line's indentation; point at the opening quote, or at the token.
 */
function errorOffset(text: string, error: YAMLError): number {
  let offset = error.pos[0]
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1]
  if (quote !== undefined) {
    let at = text.lastIndexOf(quote, offset - 1)
    if (quote === '"') while (at > 0 && text[at - 1] === '\\') at = text.lastIndexOf(quote, at - 1)
    if (at !== -1) offset = at
  }
  while (text[offset] === ' ') offset++
  return offset
}

function yamlError(source: SourceFile, lineCounter: LineCounter, error: YAMLError): Diagnostic {
  const { line, col } = lineCounter.linePos(errorOffset(source.text, error))
  if (error.code === 'DUPLICATE_KEY') {
    // The error's range is the key's first character: read the whole key from there.
    const rest = source.text.slice(error.pos[0])
    const key =
      /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\n]*?(?=\s*:(?:\s|$)|$))/.exec(rest)?.[0] ?? ''
    return fileDiagnostic(source.path, 'PARSE_DUPLICATE_KEY', { key }, line, col)
  }
  if (error.code === 'BAD_DQ_ESCAPE') {
    // Every escape error is go-yaml's reading (go-yaml-quoted.ts), pointing at the backslash.
    const at = lineCounter.linePos(error.pos[0])
    return fileDiagnostic(
      source.path,
      'PARSE_BAD_ESCAPE',
      { detail: firstLine(error.message) },
      at.line,
      at.col,
    )
  }
  return fileDiagnostic(
    source.path,
    'PARSE_SYNTAX',
    { detail: firstLine(error.message) },
    line,
    col,
  )
}

function lineOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset)
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') }
}

function fail(diagnostic: Diagnostic): ParseResult {
  return { documents: [], diagnostics: [diagnostic] }
}

/**
 * The first line of `yaml`'s message, without its position (the diagnostic has one) and without
 * the text of the token it quotes, which may be a Secret's value.
 */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message)
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/: (".*"|'.*')$/, '')
}

/** The plain value of a document, or which limit it broke. */
function toValue(doc: Document.Parsed, limits: Limits): unknown {
  if (expandedSize(doc, limits.maxExpandedNodes) > limits.maxExpandedNodes) return ALIAS
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount })
  } catch (error) {
    if (error instanceof ReferenceError) return ALIAS
    if (error instanceof RangeError) return DEPTH // the call stack ran out first
    return {
      [PROBLEM]: error instanceof Error ? error.message : String(error),
      [AT]: badMergeOffset(doc),
    }
  }
  return normalize(value)
}

/** Where a merge key (`<<`) is given something other than a mapping or a list of them. */
function badMergeOffset(doc: Document.Parsed): number | undefined {
  const { isAlias, isMap, isScalar, isSeq, visit } = yamlLib()
  let found: number | undefined
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key
      if (!isScalar(key) || (typeof key.value !== 'symbol' && key.value !== '<<')) return undefined
      const target = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value
      const sources = isSeq(target)
        ? target.items.map((i) => (isAlias(i) ? i.resolve(doc) : i))
        : [target]
      if (sources.every((source) => isMap(source))) return undefined
      found = (pair.value as { range?: [number, number, number] } | null)?.range?.[0]
      return visit.BREAK
    },
  })
  return found
}

/**
 * How many nodes the document has once every alias is expanded, counting up to `limit`: a few
 * aliases of a large list make a large document from a small text (go-yaml, and so Kubernetes,
 * refuses "excessive aliasing" too).
 */
function expandedSize(doc: Document.Parsed, limit: number): number {
  const { isAlias, isMap, isPair, isSeq } = yamlLib()
  const aliased = new Map<unknown, number>()
  const open = new Set<unknown>()
  const size = (node: unknown, depth: number): number => {
    if (depth > 1000) return limit + 1
    if (isAlias(node)) {
      const target = node.resolve(doc)
      const known = aliased.get(target)
      if (target === undefined || known !== undefined) return known ?? 1
      if (open.has(target)) return limit + 1 // an alias inside its own anchor
      open.add(target)
      const counted = size(target, depth + 1)
      open.delete(target)
      aliased.set(target, counted)
      return counted
    }
    let total = 1
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        total += isPair(item)
          ? size(item.key, depth + 1) + size(item.value, depth + 1)
          : size(item, depth + 1)
        if (total > limit) return limit + 1
      }
    }
    return total
  }
  return size(doc.contents, 0)
}

function flattenList(
  located: Located,
  value: Record<string, unknown>,
  diagnostics: Diagnostic[],
): SourceDocument[] {
  const items = value['items']
  if (value['kind'] !== 'List' || !Array.isArray(items)) {
    return [{ ...located, base: '', value }]
  }
  const out: SourceDocument[] = []
  items.forEach((item: unknown, index) => {
    const base = joinPointer('', 'items', index)
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      diagnostics.push(
        makeDiagnostic(located, 'PARSE_NOT_A_MAPPING', base, { found: describe(item) }),
      )
    } else {
      out.push({ ...located, base, value: item as Record<string, unknown> })
    }
  })
  return out
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a sequence'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `the ${typeof value} ${value}`
  }
  return typeof value
}
