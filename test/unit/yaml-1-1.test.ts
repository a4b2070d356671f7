/**
 * Manifests are read as Kubernetes reads them (sigs.k8s.io/yaml, go-yaml v2): YAML 1.1 booleans
 * and octal numbers, but timestamps and sexagesimal numbers stay strings.
 */
import { describe, expect, it } from 'vitest'
import { convert, validate } from '../../src/index.js'
import { parseYaml } from '../../src/parse/parse-yaml.js'

function scalar(text: string): unknown {
  const result = parseYaml({ path: 'scalar.yaml', text: `key: ${text}\n` })
  expect(result.diagnostics).toEqual([])
  return result.documents[0]?.value['key']
}

const SCALARS: readonly { name: string; text: string; expected: unknown }[] = [
  { name: 'yes is true', text: 'yes', expected: true },
  { name: 'Yes is true', text: 'Yes', expected: true },
  { name: 'YES is true', text: 'YES', expected: true },
  { name: 'no is false', text: 'no', expected: false },
  { name: 'on is true', text: 'on', expected: true },
  { name: 'off is false', text: 'off', expected: false },
  { name: 'y is true', text: 'y', expected: true },
  { name: 'n is false', text: 'n', expected: false },
  { name: 'True is true', text: 'True', expected: true },
  { name: 'a quoted yes is a string', text: "'yes'", expected: 'yes' },
  { name: '0644 is octal', text: '0644', expected: 420 },
  { name: '0755 is octal', text: '0755', expected: 493 },
  { name: 'a quoted 0644 is a string', text: '"0644"', expected: '0644' },
  { name: '0o644 is a string (YAML 1.2 only)', text: '0o644', expected: '0o644' },
  { name: '0x1F is hexadecimal', text: '0x1F', expected: 31 },
  { name: '0b101 is binary', text: '0b101', expected: 5 },
  { name: '1_000 drops the underscore', text: '1_000', expected: 1000 },
  { name: '1e3 is a float', text: '1e3', expected: 1000 },
  // A null field is an unset field, as Kubernetes decodes it.
  { name: '~ is null: the field is unset', text: '~', expected: undefined },
  { name: 'an empty value is null: the field is unset', text: '', expected: undefined },
  {
    name: 'a timestamp stays a string',
    text: '2024-01-01T00:00:00Z',
    expected: '2024-01-01T00:00:00Z',
  },
  { name: 'a date stays a string', text: '2024-01-01', expected: '2024-01-01' },
  { name: '1:30 stays a string (no sexagesimal)', text: '1:30', expected: '1:30' },
  { name: '190:20:30 stays a string', text: '190:20:30', expected: '190:20:30' },
]

describe('YAML 1.1 scalars, as go-yaml v2 reads them', () => {
  it.each(SCALARS)('$name', ({ text, expected }) => {
    expect(scalar(text)).toEqual(expected)
  })
})

const pod = (env: string, extra = ''): string => `apiVersion: v1
kind: Pod
metadata:
  name: web
${extra}spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - name: A
          value: ${env}
`

describe('through validate()', () => {
  it('an env value yes is a boolean, so a schema error', () => {
    const { diagnostics } = validate({ path: 'pod.yaml', text: pod('yes') })
    expect(diagnostics.map((d) => [d.line, d.column, d.id, d.pointer, d.message])).toEqual([
      [11, 18, 'PU1003', '/spec/containers/0/env/0/value', 'must be string, got boolean true'],
    ])
  })

  it("an env value 'yes' (quoted) is fine", () => {
    expect(validate({ path: 'pod.yaml', text: pod("'yes'") }).diagnostics).toEqual([])
  })

  it('an env value 1:30 is a string', () => {
    expect(validate({ path: 'pod.yaml', text: pod('1:30') }).diagnostics).toEqual([])
  })

  it('a creationTimestamp stays a string and passes the date-time format', () => {
    const text = pod("'x'", '  creationTimestamp: 2024-01-01T00:00:00Z\n')
    // Set by the API server, so ignored with a warning; no error.
    expect(validate({ path: 'pod.yaml', text }).diagnostics.map((d) => d.id)).toEqual(['PU3001'])
  })
})

describe('through convert()', () => {
  it('defaultMode: 0644 is 420, the mode of the data files', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
data:
  app.conf: x
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
    - name: conf
      configMap:
        name: conf
        defaultMode: 0640
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - name: conf
          mountPath: /etc/app
`
    const parsed = parseYaml({ path: 'pod.yaml', text: 'defaultMode: 0644\n' })
    expect(parsed.documents[0]?.value['defaultMode']).toBe(420)
    const result = convert({ path: 'pod.yaml', text })
    expect(result.diagnostics).toEqual([])
    expect(result.dataFiles.map((f) => [f.path, f.mode])).toEqual([
      ['web/configmaps/conf/app.conf', 0o640],
    ])
  })
})
