/** Diagnostics as JSON: everything a tool needs, with the display path beside the pointer. */
import type { Diagnostic } from './diagnostic.js'
import { pointerToPath } from './pointer.js'

export interface JsonReport {
  readonly valid: boolean
  readonly errors: number
  readonly warnings: number
  readonly diagnostics: readonly JsonDiagnostic[]
}

export interface JsonDiagnostic {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly endLine?: number
  readonly endColumn?: number
  readonly severity: Diagnostic['severity']
  readonly code: string
  readonly rule: string
  readonly pointer: string
  readonly path: string
  readonly message: string
  readonly notes?: readonly string[]
}

export function toJsonReport(diagnostics: readonly Diagnostic[]): JsonReport {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  return {
    valid: errors === 0,
    errors,
    warnings: diagnostics.length - errors,
    diagnostics: diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      column: d.column,
      ...(d.endLine === undefined ? {} : { endLine: d.endLine }),
      ...(d.endColumn === undefined ? {} : { endColumn: d.endColumn }),
      severity: d.severity,
      code: d.id,
      rule: d.code,
      pointer: d.pointer,
      path: pointerToPath(d.pointer),
      message: d.message,
      ...(d.notes === undefined ? {} : { notes: d.notes }),
    })),
  }
}

export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(toJsonReport(diagnostics), null, 2) + '\n'
}
