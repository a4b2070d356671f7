/**
 * Rules for the ConfigMaps and Secrets of the input. Their keys become file names in the data
 * directory, so they must be what the API server allows: letters, digits, `-`, `_` and `.`, and
 * neither `.` nor `..` (no key may climb out of its directory).
 */
import { joinPointer } from '../diagnostics/pointer.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { SourceDocument } from '../parse/parse-yaml.js'

const KEY = /^[-._a-zA-Z0-9]+$/

export function validateObject(document: SourceDocument, reporter: Reporter): void {
  const kind = document.value['kind']
  if (kind !== 'ConfigMap' && kind !== 'Secret') return
  const metadata = document.value['metadata'] as { name?: string } | undefined
  const name = metadata?.name ?? ''
  const fields = kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData']
  for (const field of fields) {
    for (const key of Object.keys(document.value[field] ?? {})) {
      if (!KEY.test(key) || key === '.' || key === '..' || key.length > 253) {
        reporter.report(
          'NAME_INVALID',
          joinPointer(document.base, field, key),
          {
            value: key,
            rule: "a ConfigMap or Secret key must consist of alphanumeric characters, '-', '_' or '.', and must not be '.' or '..'",
          },
          { atKey: true },
        )
      }
    }
  }
  if (kind === 'ConfigMap') {
    const binary = document.value['binaryData'] ?? {}
    for (const key of Object.keys(document.value['data'] ?? {})) {
      if (Object.hasOwn(binary, key)) {
        reporter.report(
          'CONFIGMAP_KEY_CLASH',
          joinPointer(document.base, 'binaryData', key),
          { kind, name, key },
          { atKey: true },
        )
      }
    }
  }
}
