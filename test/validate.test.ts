/**
 * The invalid-manifest corpus (test/invalid/): every file holds its expected findings as leading
 * comment lines, one per diagnostic, in sorted order:
 *
 *   # expect: LINE:COLUMN SEVERITY ID POINTER     what validate() reports (the exact set)
 *   # convert: LINE:COLUMN SEVERITY ID POINTER    what convert() reports, when it differs
 *
 * A line `# kubernetes-version: 1.32` checks the file against that version's schemas.
 * `""` is the empty pointer (the document itself). A file that cannot carry a comment (an empty
 * file, the alias bomb) has the same lines in a sidecar `<name>.expect`. Positions are 1-based, as
 * an editor shows them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { convert, validate } from '../src/index.js'
import type { Diagnostic, KubernetesVersion } from '../src/index.js'
import { CODES } from '../src/diagnostics/codes.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = join(ROOT, 'test/invalid')
const SAMPLES = join(ROOT, 'samples')

interface CorpusCase {
  readonly name: string
  readonly text: string
  /** Exactly what validate() reports. */
  readonly validate: readonly string[]
  /** Exactly what convert() reports. */
  readonly convert: readonly string[]
  readonly kubernetesVersion?: KubernetesVersion
}

/**
 * Known bugs in src/, reported to the lead with these cases; the test asserts the right behaviour
 * and is expected to fail until the bug is fixed. Remove the entry with the fix.
 */
const KNOWN_BUGS: Readonly<
  Record<string, { readonly validate?: string; readonly convert?: string }>
> = {}

const EXPECTATION = /^#\s*(expect|convert):\s*(\S.*?)\s*$/

function readCorpus(): CorpusCase[] {
  return readdirSync(CORPUS)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(CORPUS, name), 'utf8')
      const sidecar = join(CORPUS, name.replace(/\.yaml$/, '.expect'))
      const lines = (existsSync(sidecar) ? readFileSync(sidecar, 'utf8') : text).split(/\r?\n/)
      const found = (kind: string) =>
        lines.flatMap((line) => {
          const match = EXPECTATION.exec(line)
          return match !== null && match[1] === kind ? [match[2] ?? ''] : []
        })
      const validate = found('expect')
      const converted = found('convert')
      const version = /^#\s*kubernetes-version:\s*(\S+)/m.exec(text)?.[1] as KubernetesVersion
      return {
        name,
        text,
        validate,
        convert: converted.length > 0 ? converted : validate,
        ...(version === undefined ? {} : { kubernetesVersion: version }),
      }
    })
}

/** `12:7 error PU1203 /spec/containers/0/ports/0/hostPort`, `""` for the empty pointer. */
function summary(d: Diagnostic): string {
  return `${d.line}:${d.column} ${d.severity} ${d.id} ${d.pointer === '' ? '""' : d.pointer}`
}

function hasError(expected: readonly string[]): boolean {
  return expected.some((line) => / error /.test(line))
}

const corpus = readCorpus()
const byAspect = (aspect: 'validate' | 'convert', buggy: boolean) =>
  corpus.filter((c) => (KNOWN_BUGS[c.name]?.[aspect] !== undefined) === buggy)

function checkValidate({ name, text, validate: expected, kubernetesVersion }: CorpusCase): void {
  const options = kubernetesVersion === undefined ? {} : { kubernetesVersion }
  const result = validate({ path: name, text }, options)
  expect(result.diagnostics.map(summary)).toEqual(expected)
  expect(result.ok).toBe(!hasError(expected))
  for (const d of result.diagnostics) {
    expect(d.file).toBe(name)
    expect(d.message).not.toBe('')
    expect(CODES[d.code].id).toBe(d.id)
  }
}

function checkConvert({ name, text, convert: expected, kubernetesVersion }: CorpusCase): void {
  const options = kubernetesVersion === undefined ? {} : { kubernetesVersion }
  const result = convert({ path: name, text }, options)
  expect(result.diagnostics.map(summary)).toEqual(expected)
  expect(result.ok).toBe(!hasError(expected))
  if (!result.ok) {
    expect(result.units).toEqual([])
    expect(result.dataFiles).toEqual([])
  }
}

describe('the invalid-manifest corpus', () => {
  it('has at least 50 cases, each with its expectations in sorted order', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50)
    const position = (line: string) => line.split(' ')[0]?.split(':').map(Number) ?? []
    for (const c of corpus) {
      expect(c.validate.length + c.convert.length, c.name).toBeGreaterThan(0)
      for (const list of [c.validate, c.convert]) {
        for (const line of list)
          expect(line, c.name).toMatch(/^\d+:\d+ (error|warning) PU\d{4} (""|\/\S*)$/)
        const sorted = [...list].sort((a, b) => {
          const [la = 0, ca = 0] = position(a)
          const [lb = 0, cb = 0] = position(b)
          return la - lb || ca - cb || (a < b ? -1 : a > b ? 1 : 0)
        })
        expect(list, c.name).toEqual(sorted)
      }
    }
  })

  it('is byte-exact (never reformatted: it must stay out of prettier)', () => {
    const raw = (name: string) => readFileSync(join(CORPUS, name), 'utf8')
    expect(raw('crlf-host-port.yaml')).toMatch(/^[^\n]*\r\n/)
    expect(raw('crlf-host-port.yaml').replaceAll('\r\n', '')).not.toContain('\n')
    expect(raw('too-deep.yaml')).toContain(`data: ${'['.repeat(120)}`)
    expect(raw('label-non-ascii.yaml')).toContain('labels: {café: open, tier: front end}')
    expect(raw('image-empty.yaml')).toContain('image: ""')
  })

  it('lists only known bugs of cases that exist', () => {
    for (const name of Object.keys(KNOWN_BUGS)) expect(corpus.map((c) => c.name)).toContain(name)
  })

  it('covers every diagnostic code, except those that need the CLI or cannot happen', () => {
    const notInCorpus: Readonly<Record<string, string>> = {
      PU0006: 'input too large: tested below and in cli-validate.test.ts',
      PU0007: 'too many documents: tested below',
      PU0009: 'not UTF-8: only a file read by the CLI can be; cli-validate.test.ts',
      PU1004: 'SCHEMA_ENUM: the vendored schemas have no enum that a Pod or workload can break',
      PU2201: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU2202: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU4701: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU4702: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU4703: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU4704: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU4705: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU4706: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU4707: 'rootless: only with --rootless or install --user; test/rootless.test.ts',
      PU2101:
        'convert --quadlet only: test/cli-quadlet.test.ts, test/quadlet-roundtrip.test.ts and the sample-web-cache Quadlet golden',
      PU4507: 'convert --quadlet only: test/cronjob-commands.test.ts and the Quadlet goldens',
    }
    const covered = new Set(
      corpus.flatMap((c) => [...c.validate, ...c.convert]).map((line) => line.split(' ')[2]),
    )
    for (const spec of Object.values(CODES)) {
      if (notInCorpus[spec.id] === undefined) expect(covered, spec.id).toContain(spec.id)
      else expect(covered, spec.id).not.toContain(spec.id)
    }
  })

  describe('validate() reports exactly the expected findings', () => {
    it.each(byAspect('validate', false))('$name', checkValidate)
    it.fails.each(byAspect('validate', true))('$name (known bug)', checkValidate)
  })

  describe('convert() reports the same and writes nothing when there is an error', () => {
    it.each(byAspect('convert', false))('$name', checkConvert)
    it.fails.each(byAspect('convert', true))('$name (known bug)', checkConvert)
  })

  it('rejects the alias bomb fast', () => {
    const text = readFileSync(join(CORPUS, 'alias-bomb.yaml'), 'utf8')
    const start = performance.now()
    const result = validate({ path: 'alias-bomb.yaml', text })
    expect(performance.now() - start).toBeLessThan(1000)
    expect(result.diagnostics.map((d) => d.id)).toEqual(['PU0003'])
  })
})

describe('messages', () => {
  it('a duplicate key names the key', () => {
    const text = readFileSync(join(CORPUS, 'duplicate-key.yaml'), 'utf8')
    const [d] = validate({ path: 'duplicate-key.yaml', text }).diagnostics
    expect(d?.message).toBe('duplicate key "image"')
  })

  it('a wrong type says what was expected and what was found', () => {
    const text = readFileSync(join(CORPUS, 'env-value-yes.yaml'), 'utf8')
    const [d] = validate({ path: 'env-value-yes.yaml', text }).diagnostics
    expect(d?.message).toBe('must be string, got boolean true')
  })
})

describe('input limits', () => {
  it('refuses an input larger than 10 MiB', () => {
    const text = `# ${'x'.repeat(10 * 1024 * 1024)}\n`
    const result = validate({ path: 'big.yaml', text })
    expect(result.diagnostics.map(summary)).toEqual(['1:1 error PU0006 ""'])
  })

  it('refuses more than 10000 documents', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\n'.repeat(10_001)
    const result = validate({ path: 'many.yaml', text })
    expect(result.diagnostics.map(summary)).toEqual(['1:1 error PU0007 ""'])
  })
})

/** Warnings each sample is allowed, exactly; a new sample must be listed here. */
const SAMPLE_WARNINGS: Readonly<Record<string, readonly string[]>> = {
  'cronjob.yaml': [],
  'app-db.yaml': [],
  'deployment.yaml': [],
  'seed.yaml': [],
  'web-cache.yaml': [],
}

describe('samples', () => {
  const samples = readdirSync(SAMPLES).filter((file) => /\.ya?ml$/.test(file))

  it('are all listed', () => {
    expect(samples.sort()).toEqual(Object.keys(SAMPLE_WARNINGS).sort())
  })

  it.each(samples.map((name) => ({ name })))('$name validates with no error', ({ name }) => {
    const text = readFileSync(join(SAMPLES, name), 'utf8')
    const result = validate({ path: name, text })
    expect(result.diagnostics.map(summary)).toEqual(SAMPLE_WARNINGS[name])
    expect(result.ok).toBe(true)
  })
})
