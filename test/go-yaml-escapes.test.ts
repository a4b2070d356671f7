/**
 * Double-quoted escapes read as go-yaml reads them (scannerc.go of go-yaml v2 and v3, and of
 * sigs.k8s.io/yaml's forks, which Kubernetes and Podman use): every character after a backslash,
 * the value or the error, through the public API. The value is read back from the data file of
 * a ConfigMap volume, which holds it byte for byte.
 */
import { describe, expect, it } from 'vitest'
import { convert, validate } from '../src/index.js'

/** A Pod that mounts a ConfigMap whose key `k` is `scalar`, as written in the YAML. */
function manifest(scalar: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  k: ${scalar}
---
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  volumes:
    - name: v
      configMap: {name: cm}
  containers:
    - name: a
      image: busybox
      volumeMounts: [{name: v, mountPath: /v}]
`
}

type Outcome = { readonly value: string } | { readonly error: string }

/** What podunit reads for `scalar`: the value, or `line:column id` of its YAML errors. */
function read(scalar: string): Outcome {
  const result = convert({ path: 'p.yaml', text: manifest(scalar) })
  if (!result.ok) {
    return {
      error: result.diagnostics
        .filter((d) => d.severity === 'error' && d.id !== 'PU1270') // the broken ConfigMap
        .map((d) => `${d.line}:${d.column} ${d.id}`)
        .join(', '),
    }
  }
  const file = result.dataFiles.find((f) => f.path === 'p/configmaps/v/k')
  return { value: file === undefined ? '<missing>' : text(file.content) }
}

function text(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8')
}

/** go-yaml's escapes: the character after `\` and the character it stands for. */
const GO_YAML_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\u0000',
  a: '\u0007',
  b: '\u0008',
  t: '\u0009',
  '\t': '\u0009',
  n: '\u000a',
  v: '\u000b',
  f: '\u000c',
  r: '\u000d',
  e: '\u001b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
}

/** Every printable ASCII character and the tab after a backslash, in `"x\?y"`. */
const CHARACTERS = [
  '\t',
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
]

describe('a double-quoted escape, as go-yaml reads it', () => {
  it.each(CHARACTERS.map((c) => ({ c, shown: JSON.stringify(`\\${c}`) })))('$shown', ({ c }) => {
    const expected = GO_YAML_ESCAPES[c]
    // `x`, `u` and `U` need hexadecimal digits, and `y` is none: an error, as for the rest.
    // U+0000 is read, then refused by a later rule: systemd cannot carry it (PU1240).
    const outcome: Outcome =
      expected === undefined
        ? { error: '6:8 PU0100' }
        : c === '0'
          ? { error: '6:6 PU1240' }
          : { value: `x${expected}y` }
    expect(read(`"x\\${c}y"`)).toEqual(outcome)
  })

  it('has exactly go-yaml table: 18 escapes besides \\x, \\u and \\U', () => {
    const accepted = CHARACTERS.filter((c) => {
      const outcome = read(`"x\\${c}y"`)
      return 'value' in outcome || !outcome.error.includes('PU0100')
    })
    expect(accepted.sort()).toEqual(Object.keys(GO_YAML_ESCAPES).sort())
  })

  it.each([
    { scalar: '"\\x41\\xe9"', outcome: { value: 'Aé' } },
    { scalar: '"\\u00e9\\u20ac"', outcome: { value: 'é€' } },
    { scalar: '"\\U0001F600"', outcome: { value: '😀' } },
    { scalar: '"\\U00010000"', outcome: { value: '\u{10000}' } },
    { scalar: '"\\x4"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"\\xG1"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"\\u00e"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"ok \\uD800"', outcome: { error: '6:10 PU0100' } },
    { scalar: '"\\uDFFF"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"\\uD83D\\uDE00"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"\\U0000D800"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"\\U00110000"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"\\UFFFFFFFF"', outcome: { error: '6:7 PU0100' } },
    { scalar: '"a\\/b"', outcome: { error: '6:8 PU0100' } },
    { scalar: '"a\\é"', outcome: { error: '6:8 PU0100' } },
    { scalar: '"a\\😀"', outcome: { error: '6:8 PU0100' } },
    { scalar: `"echo \\'hi\\'"`, outcome: { value: "echo 'hi'" } },
    { scalar: `'echo \\'`, outcome: { value: 'echo \\' } },
    { scalar: 'a\\/b', outcome: { value: 'a\\/b' } },
    { scalar: '"a\\\n    b"', outcome: { value: 'ab' } },
    { scalar: '"a \\\n    b"', outcome: { value: 'a b' } },
    { scalar: '"a\\\n\n    b"', outcome: { value: 'a\nb' } },
    { scalar: '"a \\\n\n\n    b"', outcome: { value: 'a \n\nb' } },
    { scalar: '"a\\\r\n    \\\'b"', outcome: { value: "a'b" } },
    { scalar: '"a  \n    b \\\'"', outcome: { value: "a b '" } },
    { scalar: '"a\n\n    b\\\'"', outcome: { value: "a\nb'" } },
    { scalar: '"\\\'  "', outcome: { value: "'  " } },
    { scalar: '"a\\\\/b"', outcome: { value: 'a\\/b' } },
  ])('$scalar', ({ scalar, outcome }) => {
    expect(read(scalar)).toEqual(outcome)
  })

  it('says which escape, where, and what to write instead', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "a\\/b"\n'
    const [first] = validate({ path: 'p.yaml', text }).diagnostics
    expect(first).toMatchObject({ id: 'PU0100', severity: 'error', line: 4, column: 11 })
    expect(first?.message).toBe(
      '\\/ is not an escape that Kubernetes and Podman read in a double-quoted string (go-yaml refuses it): write / alone, it needs no escape',
    )
    const emoji = validate({ path: 'p.yaml', text: text.replace('a\\/b', 'a\\😀') })
    expect(emoji.diagnostics[0]?.message).toMatch(/^\\😀 is not an escape/)
    const pair = validate({ path: 'p.yaml', text: text.replace('a\\/b', '\\uD83D\\uDE00') })
    expect(pair.diagnostics[0]?.message).toBe(
      '\\uD83D is not a Unicode character, and Kubernetes and Podman (go-yaml) refuse it: a UTF-16 surrogate pair is written \\U0001F600 in YAML',
    )
  })

  it('reads a JSON text (one that starts with {) with JSON escapes, as kubectl does', () => {
    const pod =
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "busybox", "args": ["a\\/b"]}]}}'
    const result = convert({ path: 'p.json', text: pod })
    expect(result.diagnostics).toEqual([])
    expect(result.units[1]?.content).toContain(' docker.io/library/busybox:latest a/b\n')
  })

  it('reads escapes in keys as well', () => {
    const yaml = manifest('x').replace('  k: x', `  "k\\x31": x\n  "\\u006b2": z`)
    const result = convert({ path: 'p.yaml', text: yaml })
    expect(result.dataFiles.map((f) => [f.path, text(f.content)])).toEqual([
      ['p/configmaps/v/k1', 'x'],
      ['p/configmaps/v/k2', 'z'],
    ])
  })
})
