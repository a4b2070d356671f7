/**
 * The fast YAML path (js-yaml) must read every text as the same values as the `yaml` package with
 * podunit's options, or decline it (undefined) so that the slow path reads it. A text `yaml`
 * refuses must never be accepted by the fast path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { parseAllDocuments, stringify } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseFast } from '../../src/parse/fast-yaml.js'
import { YAML_OPTIONS } from '../../src/parse/parse-yaml.js'
import { ROOT } from '../support/golden-cases.js'

/**
 * Where js-yaml, like libyaml and go-yaml (Kubernetes' reader), is more lenient than `yaml`: the
 * indentation of flow collections and of multi-line quoted scalars in block context, and a
 * comment right after a quoted scalar. Nothing else may be accepted by one and refused by the
 * other.
 */
const LENIENT: readonly RegExp[] = [
  /^Missing closing ["']quote/,
  /^Flow (sequence|map) in block collection must be sufficiently indented/,
  /^Comments must be separated from other tokens by white space characters/,
  /^Nested mappings are not allowed in compact mappings/,
]

/** What the slow path reads: one value per document, or the errors `yaml` reports. */
function slow(text: string): { values: unknown[]; errors: string[] } {
  const docs = parseAllDocuments(text, YAML_OPTIONS)
  const all = Array.isArray(docs) ? docs : []
  // The first error of each document: `yaml` goes on to report what follows from it.
  const errors = all.flatMap((d) => d.errors.slice(0, 1).map((e) => e.message))
  const values =
    errors.length > 0
      ? []
      : all.map((d): unknown =>
          d.contents === null ? null : (d.toJS({ maxAliasCount: 1000 }) as unknown),
        )
  return { values, errors }
}

function agree(text: string): void {
  const fast = parseFast(text)
  if (fast === undefined) return // declined: the slow path reads it
  const expected = slow(text)
  if (expected.errors.length > 0) {
    for (const error of expected.errors) {
      expect(
        LENIENT.some((l) => l.test(error)),
        `accepted a text \`yaml\` refuses: ${error}`,
      ).toBe(true)
    }
    return
  }
  // Empty documents may differ in count at the ends; values must match where both have one.
  expect(fast.filter((v) => v !== null)).toEqual(expected.values.filter((v) => v !== null))
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

const FILES = [
  'samples',
  'test/golden',
  'test/fixtures',
  'test/invalid',
  'test/differential/corpus',
  'test/parity',
].flatMap((d) => yamlFiles(join(ROOT, d)))

describe('fast YAML path', () => {
  it.each(FILES.map((f) => ({ file: f.slice(ROOT.length + 1) })))('$file', ({ file }) => {
    agree(readFileSync(join(ROOT, file), 'utf8'))
  })

  it.each([
    { name: 'YAML 1.1 booleans', text: 'a: [yes, no, on, off, y, n, Y, N, YES, Off, true, False]' },
    {
      name: 'YAML 1.1 numbers',
      text: 'a: [0755, 0o17, 0x1F, 0b101, 1_000, 1e3, .5, ., .inf, -.Inf, .nan, +12, -0]',
    },
    { name: 'go-yaml strings', text: 'a: [1:30, 2024-01-01, 2024-01-01T00:00:00Z, 12:30:45]' },
    { name: 'nulls', text: 'a: ~\nb: null\nc: NULL\nd:\ne: [~, Null]' },
    {
      name: 'quoted scalars stay strings',
      text: `a: ["yes", 'on', "0755", '~', "1e3", "\\u00e9\\t\\n"]`,
    },
    {
      name: 'block scalars',
      text: 'a: |\n  one\n  two\nb: >-\n  folded\n  text\n\nc: |+\n  keep\n\n',
    },
    { name: 'keys that are not strings', text: 'on: 1\n1: 2\n~: 3\ntrue: 4\n0x10: 5' },
    { name: 'inline merge', text: 'a:\n  <<: {b: 1, c: 2}\n  c: 3' },
    { name: 'anchors go the slow way', text: 'a: &x {b: 1}\nc: *x' },
    { name: 'tags go the slow way', text: 'a: !!str 0755\nb: !custom x' },
    { name: 'directives go the slow way', text: '%YAML 1.2\n---\na: yes' },
    { name: 'several documents', text: '---\na: 1\n---\n---\nb: 2\n...\n' },
    { name: 'comments and flow', text: '# c\na: {b: [1, 2, {c: d}], e: f} # trailing\n' },
    { name: 'byte order mark', text: '\ufeffa: 1' },
    { name: 'duplicate keys', text: 'a: 1\na: 2' },
    { name: 'tab indentation', text: 'a:\n\tb: 1' },
    { name: 'unclosed flow', text: 'a: [1, 2' },
    { name: 'bad indentation', text: 'a:\n  b: 1\n c: 2' },
  ])('$name', ({ text }) => agree(text))

  it('agrees on values written by yaml.stringify, in YAML 1.1', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'yes',
        'no',
        'on',
        'Off',
        '0755',
        '1:30',
        '~',
        'null',
        '1e3',
        '.5',
        '0x1f',
        '<<',
        '-',
        '? x',
        '#',
      ),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    )
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('node'), { maxKeys: 4 }),
    })).node
    fc.assert(
      fc.property(value, fc.boolean(), (v, flow) => {
        agree(stringify({ v }, { version: '1.1', collectionStyle: flow ? 'flow' : 'any' }))
      }),
      { numRuns: 1500, seed: 20261125 },
    )
  })

  it('declines or agrees on mutated manifests', () => {
    const sample = readFileSync(join(ROOT, 'samples/web-cache.yaml'), 'utf8')
    const pieces = [
      ' ',
      '\n',
      ':',
      '-',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      ',',
      '#',
      '\t',
      'yes',
      '0755',
      '|',
      '>',
    ]
    fc.assert(
      fc.property(
        fc.nat(sample.length),
        fc.constantFrom(...pieces),
        fc.nat(3),
        (at, piece, cut) => {
          agree(sample.slice(0, at) + piece + sample.slice(at + cut))
        },
      ),
      { numRuns: 3000, seed: 20261125 },
    )
  })
})
