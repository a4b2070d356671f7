/**
 * Writes a unit file the way Podman 4.3's `generate systemd` template lays it out: the header
 * comments, an empty line, then each section, sections separated by one empty line, and the file
 * ending in a newline. Command lines follow Podman's `formatOptions`: each token that starts with
 * `-` goes on a continuation line (` \`, newline, tab).
 */
import { escapeEnvAssignment, escapeExecArg, escapeSpecifiers } from './escape.js'
import type { ExecToken, Line, UnitFile, UnitValue } from './unit-file.js'

export function printUnitFile(unit: UnitFile): string {
  const out: string[] = unit.header.map((line) => `# ${line}`)
  out.push('')
  unit.sections.forEach((section, index) => {
    if (index > 0) out.push('')
    out.push(`[${section.name}]`)
    for (const line of section.lines) out.push(printLine(line))
  })
  return out.join('\n') + '\n'
}

function printLine(line: Line): string {
  if ('blank' in line) return ''
  if ('comment' in line) return `# ${line.comment}`
  return `${line.key}=${printValue(line.value)}`
}

function printValue(value: UnitValue): string {
  switch (value.kind) {
    case 'text':
      return escapeSpecifiers(value.text)
    case 'raw':
      return value.text
    case 'env':
      return escapeEnvAssignment(value.assignment)
    case 'list':
      return value.items.join(' ')
    case 'exec':
      return formatCommand(value.argv.map(printToken))
  }
}

function printToken(token: ExecToken): string {
  return typeof token === 'string' ? escapeExecArg(token) : token.raw
}

/** Podman's `formatOptions` (pkg/systemd/generate/containers.go). */
export function formatCommand(tokens: readonly string[]): string {
  let out = tokens[0] ?? ''
  for (const token of tokens.slice(1))
    out += token.startsWith('-') ? ` \\\n\t${token}` : ` ${token}`
  return out
}
