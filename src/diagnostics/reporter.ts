/** Collects the diagnostics of one source document, located through its YAML tree. */
import { CODES } from './codes.js'
import type { DiagnosticCode, MessageParams } from './codes.js'
import type { Diagnostic } from './diagnostic.js'
import type { Position } from './locate.js'

export interface ReportOptions {
  /** Point at the key of the field instead of its value (unknown fields, ignored fields). */
  readonly atKey?: boolean
  readonly notes?: readonly string[]
}

/** Something whose fields can be located: a document of a source file. */
export interface Located {
  readonly file: string
  /** Where the field at `pointer` (or its key) starts and ends in the file. */
  readonly position: (pointer: string, atKey: boolean) => Position
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = []

  constructor(private readonly source: Located) {}

  report<C extends DiagnosticCode>(
    code: C,
    pointer: string,
    params: MessageParams<C>,
    options: ReportOptions = {},
  ): void {
    this.diagnostics.push(makeDiagnostic(this.source, code, pointer, params, options))
  }
}

export function makeDiagnostic<C extends DiagnosticCode>(
  source: Located,
  code: C,
  pointer: string,
  params: MessageParams<C>,
  options: ReportOptions = {},
): Diagnostic {
  const spec = CODES[code]
  const position = source.position(pointer, options.atKey ?? false)
  const message = (spec.message as (p: MessageParams<C>) => string)(params)
  return {
    code,
    id: spec.id,
    severity: spec.severity,
    message,
    file: source.file,
    pointer,
    ...position,
    ...(options.notes === undefined ? {} : { notes: options.notes }),
  }
}

/** A diagnostic about a whole file, before or without any YAML tree. */
export function fileDiagnostic<C extends DiagnosticCode>(
  file: string,
  code: C,
  params: MessageParams<C>,
  line = 1,
  column = 1,
): Diagnostic {
  const spec = CODES[code]
  const message = (spec.message as (p: MessageParams<C>) => string)(params)
  return { code, id: spec.id, severity: spec.severity, message, file, pointer: '', line, column }
}
