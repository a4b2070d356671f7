/** Diagnostics are data: collected by every stage, sorted and rendered last. */
import type { DiagnosticCode } from './codes.js'

export type Severity = 'error' | 'warning'

export interface Diagnostic {
  /** The rule, e.g. `PORT_RANGE`; its public id (`PU1203`) comes from the codes table. */
  readonly code: DiagnosticCode
  readonly id: string
  readonly severity: Severity
  readonly message: string
  /** The path as the user gave it on the command line (`-` for standard input). */
  readonly file: string
  /** JSON Pointer of the field in its document; `''` is the document itself. */
  readonly pointer: string
  /** 1-based line and column (in UTF-16 code units) of the start of the field. */
  readonly line: number
  readonly column: number
  readonly endLine?: number
  readonly endColumn?: number
  readonly notes?: readonly string[]
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.id, b.id) ||
    compareText(a.pointer, b.pointer) ||
    compareText(a.message, b.message)
  )
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
