/** `file:line:column: severity PU1234: path: message`, one line each, as compilers write them. */
import { CODES } from './codes.js'
import type { Diagnostic } from './diagnostic.js'
import { pointerToPath } from './pointer.js'

export interface TextOptions {
  readonly color: boolean
}

const RED = '\u001b[31m'
const YELLOW = '\u001b[33m'
const BOLD = '\u001b[1m'
const RESET = '\u001b[0m'

export function renderText(diagnostics: readonly Diagnostic[], options: TextOptions): string {
  return diagnostics.map((d) => renderLine(d, options) + '\n').join('')
}

export function renderLine(d: Diagnostic, options: TextOptions): string {
  const path = pointerToPath(d.pointer)
  const subject = CODES[d.code].subject === true
  const text = path === '' ? d.message : subject ? `${path} ${d.message}` : `${path}: ${d.message}`
  const where = `${d.file}:${d.line}:${d.column}:`
  const severity = `${d.severity} ${d.id}:`
  const notes = (d.notes ?? []).map((n) => `\n${where} note: ${n}`).join('')
  if (!options.color) return `${where} ${severity} ${oneLine(text)}${notes}`
  const tint = d.severity === 'error' ? RED : YELLOW
  return `${BOLD}${where}${RESET} ${tint}${BOLD}${severity}${RESET} ${oneLine(text)}${notes}`
}

/** A message is one line whatever the input held. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))
}
