/**
 * Double-quoted scalars as go-yaml reads them. Kubernetes (sigs.k8s.io/yaml, on go-yaml v2) and
 * Podman read manifests with go-yaml, whose escapes are those of YAML 1.1 and libyaml, not
 * those of YAML 1.2 that js-yaml and `yaml` implement: `\'` is an apostrophe there and `\/` an
 * error, and a `\u`/`\U` escape must name a Unicode scalar value (no UTF-16 surrogate, nothing
 * above U+10FFFF). This module reads the source text of a double-quoted scalar with go-yaml's
 * rules (scannerc.go, yaml_parser_scan_flow_scalar, identical in go-yaml v2 and v3 and in
 * sigs.k8s.io/yaml's forks), so that values and errors agree with what Kubernetes reads.
 *
 * Raw NEL, LS and PS characters, which go-yaml (YAML 1.1) also takes as line breaks, are read as
 * characters, as the JavaScript readers do.
 */

import type { Document } from 'yaml'
import { yamlLib } from '../yaml-lib.js'

/** go-yaml's one-character escapes (scannerc.go: the switch on the character after `\`). */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
}

/** How many hexadecimal digits follow `\x`, `\u` and `\U`. */
const HEX_LENGTHS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 }

export type QuotedResult =
  | { readonly ok: true; readonly value: string }
  | {
      readonly ok: false
      /** Offset of the offending `\` in the scalar's source text. */
      readonly offset: number
      readonly message: string
    }

/**
 * The value of a double-quoted scalar from its source text (`"` … `"`, as written, with line
 * breaks and indentation), or where and why go-yaml refuses it.
 */
export function readDoubleQuoted(raw: string): QuotedResult {
  let value = ''
  let i = 1
  const end = raw.length - 1 // the closing quote
  while (i < end) {
    // Characters up to the next blank or line break.
    let escapedBreak = false
    while (i < end && !isBlank(raw[i]) && !isBreak(raw[i])) {
      const c = raw[i] as string
      if (c !== '\\') {
        value += c
        i++
        continue
      }
      const next = raw[i + 1] ?? ''
      if (isBreak(next)) {
        i = skipBreak(raw, i + 1) // an escaped line break: the line goes on
        escapedBreak = true
        break
      }
      const escape = escapeAt(raw, i)
      if (!escape.ok) return escape
      value += escape.text
      i += escape.length
    }
    if (i >= end) break
    // Blanks and line breaks: trailing blanks are kept unless a line break follows.
    let blanks = ''
    let leadingBreak = escapedBreak ? '' : undefined
    let trailingBreaks = ''
    while (i < end && (isBlank(raw[i]) || isBreak(raw[i]))) {
      if (isBlank(raw[i])) {
        if (leadingBreak === undefined) blanks += raw[i]
        i++
      } else {
        i = skipBreak(raw, i)
        if (leadingBreak === undefined) leadingBreak = '\n'
        else trailingBreaks += '\n'
      }
    }
    if (leadingBreak === undefined) value += blanks
    else if (leadingBreak === '\n') value += trailingBreaks === '' ? ' ' : trailingBreaks
    else value += trailingBreaks
  }
  return { ok: true, value }
}

/**
 * Gives every double-quoted scalar of `doc` that holds an escape its value as go-yaml reads it,
 * and replaces `yaml`'s escape errors by go-yaml's: one `BAD_DQ_ESCAPE` error (podunit's
 * PU0100) at the backslash of the first escape go-yaml refuses in a scalar.
 */
export function readQuotedAsGoYaml(doc: Document.Parsed, text: string): void {
  const { isScalar, visit, YAMLParseError } = yamlLib()
  const read: (readonly [number, number])[] = []
  const errors: InstanceType<typeof YAMLParseError>[] = []
  const scalar = (node: unknown): void => {
    if (!isScalar(node) || node.type !== 'QUOTE_DOUBLE' || node.range == null) return
    const [start, end] = node.range
    const raw = text.slice(start, end)
    if (!raw.includes('\\') || raw.length < 2 || !raw.endsWith('"')) return
    read.push([start, end])
    const result = readDoubleQuoted(raw)
    if (result.ok) node.value = result.value
    else
      errors.push(
        new YAMLParseError(
          [start + result.offset, start + result.offset + 1],
          'BAD_DQ_ESCAPE',
          result.message,
        ),
      )
  }
  visit(doc, { Scalar: (_, node) => scalar(node) }) // keys too
  if (read.length === 0) return
  const inside = (offset: number): boolean =>
    read.some(([start, end]) => offset >= start && offset < end)
  const kept = doc.errors.filter((e) => !(e.code === 'BAD_DQ_ESCAPE' && inside(e.pos[0])))
  doc.errors.splice(0, doc.errors.length, ...kept, ...errors)
}

/** The escape at `raw[at]` (a backslash). */
function escapeAt(
  raw: string,
  at: number,
): { ok: true; text: string; length: number } | Extract<QuotedResult, { ok: false }> {
  const letter = raw[at + 1] ?? ''
  const simple = SIMPLE_ESCAPES[letter]
  if (simple !== undefined) return { ok: true, text: simple, length: 2 }
  const digits = HEX_LENGTHS[letter]
  if (digits === undefined) {
    const code = raw.codePointAt(at + 1)
    const shown = code === undefined ? '\\' : `\\${String.fromCodePoint(code)}`
    const hint =
      letter === '/'
        ? 'write / alone, it needs no escape'
        : 'for a backslash write \\\\, or use single quotes'
    return {
      ok: false,
      offset: at,
      message: `${shown} is not an escape that Kubernetes and Podman read in a double-quoted string (go-yaml refuses it): ${hint}`,
    }
  }
  const hex = raw.slice(at + 2, at + 2 + digits)
  if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) {
    return {
      ok: false,
      offset: at,
      message: `\\${letter} must be followed by ${digits} hexadecimal digits`,
    }
  }
  const code = parseInt(hex, 16)
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
    return { ok: false, offset: at, message: invalidCharacter(raw, at, letter + hex, code) }
  }
  return { ok: true, text: String.fromCodePoint(code), length: 2 + digits }
}

function invalidCharacter(raw: string, at: number, escape: string, code: number): string {
  const refused = `\\${escape} is not a Unicode character, and Kubernetes and Podman (go-yaml) refuse it`
  if (code > 0x10ffff) return `${refused}: the last one is \\U0010FFFF`
  const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(raw.slice(at + 6))?.[1]
  if (code <= 0xdbff && low !== undefined) {
    const pair = String.fromCharCode(code, parseInt(low, 16)).codePointAt(0) ?? 0
    const full = pair.toString(16).toUpperCase().padStart(8, '0')
    return `${refused}: a UTF-16 surrogate pair is written \\U${full} in YAML`
  }
  return `${refused}: it is half of a UTF-16 surrogate pair`
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t'
}

function isBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r'
}

/** The offset after the line break at `at` (`\r\n`, `\r` or `\n`). */
function skipBreak(raw: string, at: number): number {
  return raw[at] === '\r' && raw[at + 1] === '\n' ? at + 2 : at + 1
}
