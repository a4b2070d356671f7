/**
 * Quoting end to end. Arbitrary strings (all of Unicode but what validation refuses: NUL, lone
 * surrogates, noncharacters; plus control characters, both quotes, `%`, `$`, `$(X)`, backslashes,
 * newlines, `;`, the empty string) go into a Pod, written as JSON text (JSON is YAML), as container
 * command, args, env values and annotation values; the Pod is converted by the CLI, and the
 * container unit's ExecStart, read back with the strict systemd reader (specifiers: `%%` is `%`,
 * `%t`/`%n` are Podman's own and may appear only in Podman's fixed prefix), must give exactly the
 * container's argv (`--entrypoint` JSON array, the args after the image), every `--env` value and
 * every `--annotation` value. Kubernetes' `$(VAR)` expansion applies to command, args and env
 * values, so the expected values are computed with a model of it (k8s.io/kubernetes
 * third_party/forked/golang/expansion: `$$` is `$`, `$(NAME)` of a defined variable is its value,
 * anything else stays).
 *
 * Then, with real Podman (skip-or-fail, holding the Podman lock): a sample of those strings through
 * `podman pod create` / `podman create` with the arguments read back from our unit, and `podman
 * inspect` shows exactly the values; and `systemd-analyze verify` loads those units silently.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  NEEDS_PODMAN,
  NEEDS_SYSTEMD_ANALYZE,
  NEEDS_TEST_IMAGE,
  acquirePodmanLock,
  podman,
  removePods,
  run,
  suiteRequiring,
} from './support/podman.js'
import { runCli } from './support/run-cli.js'
import { HOSTILE_ARGS, readPods } from './support/unit-parse.js'
import type { PodUnits } from './support/unit-parse.js'
import { CsvError, expandModel, podmanValues, readCsvRecord } from './hostile/models.js'
import { scratchDir } from './support/scratch.js'

const SEED = 20261125
const IMAGE = 'localhost/busybox:latest'

// ---------------------------------------------------------------------------------------------
// Strings

/** What validation refuses (src/validate/representable.ts), so never generated. */
function refused(code: number): boolean {
  return (
    code === 0 ||
    (code >= 0xd800 && code <= 0xdfff) ||
    (code >= 0xfdd0 && code <= 0xfdef) ||
    (code & 0xfffe) === 0xfffe
  )
}

const SPECIAL = [
  '"',
  "'",
  '%',
  '%n',
  '%t',
  '%%',
  '$',
  '$$',
  '$HOME',
  '${HOME}',
  '\\',
  '\\n',
  '\n',
  '\r',
  '\t',
  ';',
  ' ',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u2028',
  '\u202e',
  '\ufeff',
  '\u{1f600}',
  '#',
  '=',
]

const character = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .string({ unit: 'binary', minLength: 1, maxLength: 1 })
      .filter((c) => !refused(c.codePointAt(0) ?? 0)),
  },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
)

/** Any value systemd can carry; for annotations (no `$(VAR)` expansion there). */
const anyText = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: character, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_ARGS, ';', '') },
)

/** Values for command, args and env: also `$(` references, defined or not. */
const expandedText = fc.oneof(
  { weight: 4, arbitrary: anyText },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(anyText, fc.constantFrom('$(V0)', '$(V1)', '$(X)', '$(', '$$(V0)', ')')), {
        maxLength: 4,
      })
      .map((parts) => parts.join('')),
  },
)

// ---------------------------------------------------------------------------------------------
// Pods and what must come back

interface Values {
  readonly command: readonly string[]
  readonly args: readonly string[]
  /** Values of V0, V1, ... in order. */
  readonly env: readonly string[]
  /** Values of example.com/a0, a1, ... */
  readonly annotations: readonly string[]
}

/**
 * A word that starts with U+FEFF comes back without it from test/support/systemd-unquote.ts (its
 * TextDecoder once stripped a leading BOM; systemd does not). Only arguments
 * after the image are whole words, so only they avoid it.
 */
const argText = expandedText.filter((t) => !expandModel(t, () => undefined).startsWith('\ufeff'))

/** Annotation values without CR and LF; those are checked on their own below. */
const annotationText = anyText.filter((t) => !/[\r\n]/.test(t))

const valuesArb: fc.Arbitrary<Values> = fc.record({
  command: fc.array(expandedText, { maxLength: 3 }),
  args: fc.array(argText, { maxLength: 4 }),
  env: fc.array(expandedText, { maxLength: 3 }),
  annotations: fc.array(annotationText, { maxLength: 3 }),
})

function podJson(name: string, values: Values): string {
  const annotations = Object.fromEntries(values.annotations.map((v, i) => [`example.com/a${i}`, v]))
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(values.annotations.length > 0 ? { annotations } : {}) },
    spec: {
      containers: [
        {
          name: 'c',
          image: IMAGE,
          ...(values.command.length > 0 ? { command: values.command } : {}),
          ...(values.args.length > 0 ? { args: values.args } : {}),
          env: values.env.map((value, i) => ({ name: `V${i}`, value })),
        },
      ],
    },
  })
}

const NONE: Values = { command: [], args: [], env: [], annotations: [] }

interface Expected {
  readonly entrypoint: readonly string[] | undefined
  readonly args: readonly string[]
  readonly env: readonly string[]
  readonly annotations: readonly string[]
}

/** What Kubernetes would run: env values expanded in order, then command and args with them. */
function expected(values: Values): Expected {
  const defined = new Map<string, string>()
  const env = values.env.map((raw, i) => {
    const value = expandModel(raw, (n) => defined.get(n))
    defined.set(`V${i}`, value)
    return `V${i}=${value}`
  })
  const expand = (s: string) => expandModel(s, (n) => defined.get(n))
  return {
    entrypoint: values.command.length > 0 ? values.command.map(expand) : undefined,
    args: values.args.map(expand),
    env,
    annotations: values.annotations.map((v, i) => `example.com/a${i}=${v}`),
  }
}

/** `podunit convert --stdout --format json` of the JSON text on standard input. */
function convertText(text: string): Record<string, string> {
  const result = runCli(['convert', '--stdout', '--format', 'json', '--no-header', '-'], {
    readStdin: () => text,
  })
  if (result.status !== 0) {
    throw new Error(`convert exited ${result.status}:\n${result.stderr}\ninput: ${text}`)
  }
  return JSON.parse(result.stdout) as Record<string, string>
}

function unitsOf(map: Record<string, string>) {
  return Object.entries(map).map(([name, text]) => ({ fileName: `${name}.service`, text }))
}

const VALUE_OPTIONS = new Set(['--name', '--annotation', '--env', '--entrypoint'])

interface ReadBack extends Expected {
  readonly name: string
  readonly image: string
}

/** The container's `podman run` arguments, split into options, image and args. */
function readBack(pod: PodUnits): ReadBack {
  const container = pod.containers[0]
  if (container === undefined || pod.containers.length !== 1) throw new Error('one container')
  const argv = container.runArgs
  const env: string[] = []
  const annotations: string[] = []
  let entrypoint: string[] | undefined
  let i = 0
  for (; i < argv.length && argv[i]!.startsWith('-'); i += 2) {
    const option = argv[i]!
    const value = argv[i + 1]
    if (!VALUE_OPTIONS.has(option) || value === undefined)
      throw new Error(`unexpected option ${option} in ${JSON.stringify(argv)}`)
    if (option === '--env') env.push(value)
    // What Podman makes of it: one annotation per CSV field, or an error.
    if (option === '--annotation') {
      const fields = podmanValues(option, value)
      annotations.push(...(fields instanceof CsvError ? [`<podman: ${fields.message}>`] : fields))
    }
    if (option === '--entrypoint') entrypoint = JSON.parse(value) as string[]
  }
  const image = argv[i] ?? ''
  return {
    name: container.containerName,
    image,
    entrypoint,
    args: argv.slice(i + 1),
    env,
    annotations,
  }
}

function roundTrip(values: Values, podName = 'q'): ReadBack {
  const [pod] = readPods(unitsOf(convertText(podJson(podName, values))))
  return readBack(pod!)
}

// ---------------------------------------------------------------------------------------------

describe('quoting end to end (no Podman needed)', () => {
  it('the expansion model is Kubernetes’', () => {
    const lookup = (n: string) => ({ A: 'x' })[n]
    expect(expandModel('$(A)$$(A)$(B)$$$(A)$', lookup)).toBe('x$(A)$(B)$x$')
    expect(expandModel('$(A', lookup)).toBe('$(A')
    expect(expandModel('$x$(', lookup)).toBe('$x$(')
    expect(expandModel('a$$', lookup)).toBe('a$')
  })

  it('args, command, env and annotation values come back exactly (fast-check, seeded)', () => {
    fc.assert(
      fc.property(valuesArb, (values) => {
        const got = roundTrip(values)
        const want = expected(values)
        expect(got.name).toBe('q-c')
        expect(got.image).toBe(IMAGE)
        expect(got.entrypoint).toEqual(want.entrypoint)
        expect(got.args).toEqual(want.args)
        expect(got.env).toEqual(want.env)
        expect(got.annotations).toEqual(want.annotations)
      }),
      { seed: SEED, numRuns: 300 },
    )
  })

  it.each(HOSTILE_ARGS.map((value, i) => ({ value, i })))(
    'hostile value $i comes back in every position: $value',
    ({ value }) => {
      const values: Values = {
        command: [value, 'x'],
        args: ['before', value, 'after'],
        env: [value],
        annotations: /[\r\n]/.test(value) ? [] : [value],
      }
      const got = roundTrip(values)
      const want = expected(values)
      expect(got).toEqual({ ...want, name: 'q-c', image: IMAGE })
    },
  )

  it('the CSV model reads what Podman 4.3 reads (checked against Podman below)', () => {
    expect(readCsvRecord('k=a,b')).toEqual(['k=a', 'b'])
    expect(readCsvRecord('"k=a,b"')).toEqual(['k=a,b'])
    expect(readCsvRecord('"k=say ""hi"""')).toEqual(['k=say "hi"'])
    expect(readCsvRecord('k=a\nb')).toEqual(['k=a'])
    expect(readCsvRecord('"k=a\nb"')).toEqual(['k=a\nb'])
    expect(readCsvRecord('"k=a\r\nb"')).toEqual(['k=a\nb'])
    expect(readCsvRecord('k=a\r')).toEqual(['k=a'])
    expect(readCsvRecord('k=c\rd')).toEqual(['k=c\rd'])
    expect(readCsvRecord('k="a')).toBeInstanceOf(CsvError)
    expect(readCsvRecord('"k=a')).toBeInstanceOf(CsvError)
  })

  // A newline ends an unquoted CSV record, so podunit quotes values that hold one.
  it('annotation values with LF reach Podman exactly', () => {
    fc.assert(
      fc.property(
        fc.array(
          anyText.filter((t) => t.includes('\n') && !t.includes('\r')),
          { minLength: 1, maxLength: 2 },
        ),
        (annotations) => {
          const got = roundTrip({ ...NONE, annotations })
          expect(got.annotations).toEqual(expected({ ...NONE, annotations }).annotations)
        },
      ),
      { seed: SEED, numRuns: 50 },
    )
  })

  // Go's CSV reader turns CRLF into LF even inside quotes, and drops a trailing CR: no quoting
  // keeps a CR, so podunit refuses such a value (exit 1) rather than write a unit that changes it.
  it('an annotation value with CR is refused, or reaches Podman exactly', () => {
    const annotations = ['a\r\nb']
    const result = runCli(['convert', '--stdout', '--format', 'json', '-'], {
      readStdin: () => podJson('q', { ...NONE, annotations }),
    })
    if (result.status === 1) return
    expect(roundTrip({ ...NONE, annotations }).annotations).toEqual(['example.com/a0=a\r\nb'])
  })

  // The test reader once dropped a leading U+FEFF of every word (its TextDecoder lacked ignoreBOM).
  it('an argument that starts with U+FEFF comes back', () => {
    const got = roundTrip({ command: [], args: ['\ufeffx'], env: [], annotations: [] })
    expect(got.args).toEqual(['\ufeffx'])
  })

  it('a lone ";" argument and an empty one are separate words, not a command separator', () => {
    const got = roundTrip({ command: ['sh'], args: [';', '', ';'], env: [], annotations: [] })
    expect(got.args).toEqual([';', '', ';'])
  })
})

// ---------------------------------------------------------------------------------------------
// Real Podman

/** About 20 strings: the nastiest fixed ones and a seeded random sample. */
const PODMAN_SAMPLE: readonly string[] = [
  '',
  "it's",
  '"quoted" and \'single\'',
  'a\nb',
  'tab\there',
  'cr\rlf',
  'esc\u001b[0m',
  '100%',
  '%n%t',
  '$HOME ${HOME} $$',
  'a,b',
  '"a,b"',
  ' lead,trail ',
  ';',
  'trailing\\',
  'ünï ☃ 😀 \u00ad\u200b',
  'kill $$ && echo %\\',
  ...fc.sample(fc.string({ unit: character, minLength: 1, maxLength: 10 }), {
    seed: SEED,
    numRuns: 6,
  }),
]

const suite = suiteRequiring('quoting through real Podman', [NEEDS_PODMAN, NEEDS_TEST_IMAGE])

interface Inspected {
  readonly Path: string
  readonly Args: readonly string[]
  readonly Config: {
    readonly Cmd: readonly string[] | null
    readonly Env: readonly string[]
    readonly Annotations: Readonly<Record<string, string>>
  }
}

suite('quoting through real Podman', () => {
  /** One pod, made from our pod unit's arguments; each test's container joins it. */
  const POD = 'podunit-quoting'
  let release: (() => void) | undefined
  beforeAll(async () => {
    release = await acquirePodmanLock()
    removePods([POD])
    const [pod] = readPods(unitsOf(convertText(podJson(POD, NONE))))
    podman(['pod', 'create', ...pod!.pod.createArgs])
  })
  afterAll(() => {
    try {
      removePods([POD])
    } finally {
      release?.()
    }
  })

  /** `podman create` with the arguments read back from our container unit; `podman inspect`. */
  function create(name: string, values: Values): Inspected {
    const [pod] = readPods(unitsOf(convertText(podJson(name, values))))
    const container = pod!.containers[0]!
    podman(['create', '--pod', POD, ...container.runArgs])
    const [inspected] = JSON.parse(
      podman(['container', 'inspect', container.containerName]).stdout,
    ) as Inspected[]
    return inspected!
  }

  it.each(PODMAN_SAMPLE.map((value, i) => ({ value, i })))(
    'podman inspect shows sample value $i exactly as argv and env: $value',
    ({ value, i }) => {
      const values: Values = {
        command: ['/bin/echo', value],
        args: [value, 'end'],
        env: [value],
        annotations: [],
      }
      const inspected = create(`podunit-quoting-${i}`, values)
      const want = expected(values) // `$$` is `$` after Kubernetes' expansion
      expect([inspected.Path, ...inspected.Args]).toEqual([...want.entrypoint!, ...want.args])
      expect(inspected.Config.Cmd).toEqual(want.args)
      expect(inspected.Config.Env).toContain(want.env[0])
    },
  )

  /**
   * Podman reads `--annotation` as CSV (test/hostile/podman-csv.ts). Each sample value goes
   * through the real Podman; where our model of Podman says the value does not arrive intact
   * the test is expected to fail, so this also proves the model right either way.
   */
  // A value with a carriage return is refused by validation (see above), so it is not sampled here.
  for (const [i, value] of PODMAN_SAMPLE.entries()) {
    if (value.includes('\r')) continue
    const values: Values = { ...NONE, command: ['/bin/echo'], annotations: [value] }
    const modelSaysIntact =
      JSON.stringify(roundTrip(values).annotations) === JSON.stringify([`example.com/a0=${value}`])
    const test = modelSaysIntact ? it : it.fails
    test(`podman inspect shows annotation value ${i} as the model says: ${JSON.stringify(value)}`, () => {
      const inspected = create(`podunit-quoting-a${i}`, values)
      expect(inspected.Config.Annotations['example.com/a0']).toBe(value)
    })
  }

  it('the last-applied-configuration annotation of an applied manifest survives Podman', () => {
    const json = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"}}\n'
    const inspected = create('podunit-quoting-lac', {
      command: ['/bin/echo'],
      args: [],
      env: [],
      annotations: [json],
    })
    expect(inspected.Config.Annotations['example.com/a0']).toBe(json)
  })
})

const verifySuite = suiteRequiring('systemd-analyze verify of hostile units', [
  NEEDS_SYSTEMD_ANALYZE,
  NEEDS_PODMAN,
])

verifySuite('systemd-analyze verify of hostile units', () => {
  const scratch = scratchDir('podunit-quoting-verify-')

  // As test/verify.test.ts does it: verify the files of a directory; silence means accepted.
  it.each([0, 1, 2, 3])('accepts the units of hostile pod %i', (n) => {
    const chunk = PODMAN_SAMPLE.slice(n * 5, n * 5 + 5)
    const values: Values = {
      command: ['/bin/echo', ...chunk],
      args: chunk,
      env: chunk,
      annotations: chunk.filter((v) => !v.includes('\r')), // refused there: see above
    }
    const units = convertText(podJson(`hostile-${n}`, values))
    const unitDir = join(scratch(), String(n))
    mkdirSync(unitDir)
    for (const [name, text] of Object.entries(units))
      writeFileSync(join(unitDir, `${name}.service`), text)
    const files = readdirSync(unitDir)
      .filter((f) => f.endsWith('.service'))
      .sort()
      .map((f) => join(unitDir, f))
    const result = run('systemd-analyze', ['verify', '--man=no', ...files], {
      allowFailure: true,
      cwd: unitDir,
      env: { SYSTEMD_LOG_COLOR: '0', SYSTEMD_PAGER: '' },
    })
    expect(`${result.stdout}${result.stderr}`).toBe('')
    expect(result.status).toBe(0)
  })
})
