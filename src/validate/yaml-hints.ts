/**
 * A hint for the commonest YAML mistake in manifests: an unquoted `yes`, `on`, `0755`, `1e3` or
 * `~` where Kubernetes wants a string. YAML 1.1, which Kubernetes reads, makes them a boolean, a
 * number or null, and the schema's "must be string, got boolean true" does not say why.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { Position } from '../diagnostics/locate.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { Located } from '../diagnostics/reporter.js'

/** `must be string, got …`, `must be string or integer, got …`: a string would do. */
const WANTS_STRING = /^must be (?:[a-z]+ or )*string(?: or [a-z]+)*(?:, got | \(the value)/

/** `missing required field "name"`: the field may be there, as null. */
const REQUIRED = /^missing required field "(.+)"$/

/**
 * The schema errors of one document with a note that says how YAML read the value and how to
 * quote it: type errors where a string would do, and a required field that is there as null.
 * `text` is the source file; `secret` leaves the value itself out of the note.
 */
export function withQuotingHints(
  diagnostics: readonly Diagnostic[],
  text: string,
  document: Located,
  secret: boolean,
): Diagnostic[] {
  return diagnostics.map((d) => {
    const field = d.code === 'SCHEMA_REQUIRED' ? REQUIRED.exec(d.message)?.[1] : undefined
    if (field === undefined && (d.code !== 'SCHEMA_TYPE' || !WANTS_STRING.test(d.message))) return d
    const at = field === undefined ? d : nullField(document, d.pointer, field)
    const raw = at === undefined ? undefined : sourceOf(text, at)
    const reading = raw === undefined ? undefined : readingOf(raw)
    if (raw === undefined || reading === undefined) return d
    const note = secret
      ? `YAML reads this unquoted value as ${reading}; quote it to make it a string`
      : raw === ''
        ? `YAML reads an empty value as null; write "" for an empty string`
        : `YAML reads an unquoted ${raw} as ${reading}; quote it: "${raw}"`
    return { ...d, notes: [...(d.notes ?? []), note] }
  })
}

/** Where `field` of the object at `pointer` is, when it is there (its key's line). */
function nullField(document: Located, pointer: string, field: string): Position | undefined {
  const key = document.position(joinPointer(pointer, field), true)
  const value = document.position(joinPointer(pointer, field), false)
  return key.line === value.line && key.column < value.column ? value : undefined
}

/** The source text of the diagnostic's value, when it is a plain scalar on one line. */
function sourceOf(
  text: string,
  d: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>,
): string | undefined {
  if (d.endLine !== d.line || d.endColumn === undefined) return undefined
  let start = 0
  for (let line = 1; line < d.line; line++) {
    start = text.indexOf('\n', start) + 1
    if (start === 0) return undefined
  }
  const raw = text.slice(start + d.column - 1, start + d.endColumn - 1)
  return /^[^\s"'[{|>#&*!%@`][^\n]*$|^$/.test(raw) && raw.trim() === raw ? raw : undefined
}

/** How YAML 1.1 reads a plain scalar that is not a string, or undefined for a string. */
function readingOf(raw: string): string | undefined {
  if (/^(?:~|null|Null|NULL|)$/.test(raw)) return 'null'
  if (/^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(raw)) return 'the boolean true'
  if (/^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(raw)) return 'the boolean false'
  if (/^[-+]?0[0-7_]+$/.test(raw)) {
    return `an octal number, ${parseInt(raw.replaceAll('_', ''), 8)}`
  }
  if (/^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/.test(raw)) return 'a number'
  if (/^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/.test(raw) && /[0-9]/.test(raw))
    return 'a number'
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(raw)) return 'a number'
  return undefined
}
