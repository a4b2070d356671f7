/** Validation reports for CI systems: JUnit XML (one test case per file) and SARIF 2.1.0. */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { pointerToPath } from '../diagnostics/pointer.js'
import { CODES } from '../diagnostics/codes.js'

export function renderJunit(diagnostics: readonly Diagnostic[], files: readonly string[]): string {
  const unique = [...new Set(files)]
  const failures = unique.filter((f) =>
    diagnostics.some((d) => d.file === f && d.severity === 'error'),
  ).length
  const cases = unique.map((file) => {
    const errors = diagnostics.filter((d) => d.file === file && d.severity === 'error')
    const body = errors
      .map((d) => {
        const text = `${d.file}:${d.line}:${d.column}: ${d.id}: ${pointerToPath(d.pointer)}: ${d.message}`
        return `      <failure message="${xml(d.message)}" type="${d.id}">${xml(text)}</failure>\n`
      })
      .join('')
    const warnings = diagnostics
      .filter((d) => d.file === file && d.severity === 'warning')
      .map(
        (d) =>
          `${d.file}:${d.line}:${d.column}: warning ${d.id}: ${pointerToPath(d.pointer)} ${d.message}`,
      )
    const out =
      warnings.length > 0 ? `      <system-out>${xml(warnings.join('\n'))}</system-out>\n` : ''
    return body === '' && out === ''
      ? `    <testcase name="${xml(file)}" classname="podunit.validate"/>\n`
      : `    <testcase name="${xml(file)}" classname="podunit.validate">\n${body}${out}    </testcase>\n`
  })
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="podunit" tests="${unique.length}" failures="${failures}">\n` +
    `  <testsuite name="podunit validate" tests="${unique.length}" failures="${failures}" errors="0">\n` +
    cases.join('') +
    `  </testsuite>\n</testsuites>\n`
  )
}

function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}

export function renderSarif(diagnostics: readonly Diagnostic[], version: string): string {
  const rules = [...new Map(diagnostics.map((d) => [d.id, d])).values()].sort((a, b) =>
    a.id < b.id ? -1 : 1,
  )
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'podunit',
            version,
            informationUri: 'https://github.com/podunit/podunit',
            rules: rules.map((d) => ({
              id: d.id,
              name: d.code,
              defaultConfiguration: { level: CODES[d.code].severity },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.id,
          level: d.severity,
          message: { text: `${pointerToPath(d.pointer)}: ${d.message}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file.split('/').map(encodeURIComponent).join('/') },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  ...(d.endLine === undefined ? {} : { endLine: d.endLine }),
                  ...(d.endColumn === undefined ? {} : { endColumn: d.endColumn }),
                },
              },
              logicalLocations: [{ fullyQualifiedName: pointerToPath(d.pointer), kind: 'member' }],
            },
          ],
        })),
      },
    ],
  }
  return JSON.stringify(sarif, null, 2) + '\n'
}
