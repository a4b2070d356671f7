#!/usr/bin/env node
// Fuzzing podunit with hostile and broken input, in-process and at scale:
//
//   node scripts/fuzz.mjs [--runs 100000] [--seed N] [--cli dist|src-built-path]
//
// Every case is a manifest (a mutation of a file in samples/, test/invalid/, test/fixtures/ and
// test/differential/corpus/, or a random one) fed to `convert` and `validate` through the built
// CLI's `cli(argv, io)` (dist/cli/main.js). The properties, the same ones test/fuzz.test.ts checks
// on a bounded, seeded sample against src/:
//   - cli() never throws, and the exit status is 0, 1 or 2;
//   - nothing on stdout or stderr looks like a stack trace or an internal error;
//   - when convert's status is not 0, its -o directory is as it was: empty, or a pre-existing unit
//     and data file byte for byte (and mode) the same; when it is 0, the directory holds exactly
//     the units that --stdout --format json prints, and no temporary file;
//   - the same input gives the same status and output (run twice; two -o directories);
//   - validate --output json|sarif prints JSON whose diagnostics have codes and 1-based positions.
// The random seed is printed first; a failure prints the counterexample, writes its bytes to a
// file, and says how to replay it (--seed N, and fast-check's path).
//
// The mutation engine and the property are exported for test/fuzz.test.ts.
import { Buffer } from 'node:buffer'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, pathToFileURL } from 'node:url'
import fc from 'fast-check'
import { stringify as yamlStringify } from 'yaml'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

// -------------------------------------------------------------------------------------------
// Seeds

/**
 * The YAML files of `dirs` (relative to the repository), sorted by path.
 * @param {readonly string[]} dirs
 * @returns {{ name: string, bytes: Buffer }[]}
 */
export function seedFiles(dirs) {
  return dirs.flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => ({ name: `${dir}/${f}`, bytes: readFileSync(join(ROOT, dir, f)) })),
  )
}

// -------------------------------------------------------------------------------------------
// Mutations

/** YAML punctuation and tokens that change a document's structure. */
const PUNCTUATION = [
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '*a ',
  '!',
  '!!str ',
  '!!binary ',
  '!!map ',
  '!<tag:yaml.org,2002:int> ',
  '|',
  '|-',
  '>',
  '>+2',
  "'",
  '"',
  '#',
  ' #',
  '%',
  '%YAML 1.2\n',
  '%TAG ! tag:x,2000:\n',
  '@',
  '`',
  '?',
  '? ',
  '\n',
  '\n\n',
  '\t',
  ' ',
  '    ',
  '<<: ',
  '<<: *a\n',
  '---\n',
  '--- ',
  '...\n',
  '\\',
  '\\U0010FFFF',
  '\\x00',
  '\r',
  '\r\n',
  '\uFEFF',
  '~',
  'null',
  'yes',
  'no',
  'on',
  '0x',
  '0o',
  '0b',
  '.inf',
  '.nan',
  '=',
  '__proto__: ',
  'constructor: ',
  'kind: List\nitems: ',
]

/** Numbers that overflow, lose precision or are not numbers at all. */
const HUGE_NUMBERS = [
  '9'.repeat(400),
  '-' + '9'.repeat(40),
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '18446744073709551616',
  '2147483648',
  '-2147483649',
  '4294967296',
  '0x' + 'f'.repeat(40),
  '0777777777777777777777777',
  '0b' + '1'.repeat(80),
  '1_000_000_000_000_000_000',
  '-0',
  '+0',
  '.5',
  '1.',
  '.nan',
  '-.inf',
  '1e+',
  '65536',
  '65535',
  '0',
  '-1',
]

/** Byte sequences that are not UTF-8: overlong, surrogate, truncated, out of range. */
const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xe2, 0x82],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0x00],
]

/** Code points that are trouble somewhere: controls, noncharacters, separators, the BOM. */
const NASTY_CODE_POINTS = [
  0x00, 0x01, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0xa0,
  0xad, 0x2028, 0x2029, 0x200b, 0x200e, 0x202e, 0xfeff, 0xfdd0, 0xfdef, 0xfffe, 0xffff, 0xfffd,
  0x1fffe, 0x1ffff, 0x10fffe, 0x10ffff, 0xe000, 0xf8ff, 0x1f600, 0x10000,
]

/** Values that mean something to systemd, a shell, Podman or YAML. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\n[Service]\nExecStartPre=/bin/sh -c "rm -rf /"',
  '%n',
  '%h',
  '%%',
  '%',
  '$(HOME)',
  '$$(HOME)',
  '${HOME}',
  '$HOME',
  '$',
  ';',
  '\\;',
  "'",
  '"',
  '\\',
  '\\\n',
  'a\rb',
  '\u0000',
  '\ud800',
  '\ufffe',
  '__proto__',
  'constructor',
  'x'.repeat(300),
]

const anyCharacter = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...NASTY_CODE_POINTS.map((c) => String.fromCodePoint(c))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...PUNCTUATION) },
)

/** Any text, unrepresentable characters included (lone surrogates only through JSON escapes). */
export const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: anyCharacter, maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
)

/** A YAML scalar or small structure to put where a value was. */
const scalarText = fc.oneof(
  hostileText.map((t) => JSON.stringify(t)),
  hostileText.map((t) => `'${t.replaceAll("'", "''")}'`),
  hostileText.filter((t) => !t.includes('\n')),
  hostileText.map((t) => `|\n  ${t.replaceAll('\n', '\n  ')}`),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.constantFrom('[]', '{}', '~', '[a, b]', '{a: 1}', '*a', '&a x', '!!binary aGk=', '? x'),
)

const position = fc.nat({ max: 1 << 20 })

/**
 * One mutation. Nesting is at most `maxNesting` levels per mutation: deeper nesting makes the
 * `yaml` parser overflow the stack, which (see the report) can abort the whole Node process.
 * @returns {fc.Arbitrary<Record<string, unknown>>}
 */
export const mutationArb = (maxNesting) =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip'), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('insert'), at: position, text: fc.constantFrom(...PUNCTUATION) }),
    fc.record({ kind: fc.constant('insert'), at: position, text: hostileText }),
    fc.record({
      kind: fc.constant('bytes'),
      at: position,
      bytes: fc.constantFrom(...INVALID_UTF8),
    }),
    fc.record({
      kind: fc.constant('delete'),
      at: position,
      length: fc.integer({ min: 1, max: 80 }),
    }),
    fc.record({ kind: fc.constant('truncate'), at: position }),
    fc.record({
      kind: fc.constant('duplicate-line'),
      line: position,
      times: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({
      kind: fc.constant('indent'),
      line: position,
      delta: fc.integer({ min: -4, max: 4 }),
    }),
    fc.record({ kind: fc.constant('scalar'), at: position, text: scalarText }),
    fc.record({
      kind: fc.constant('number'),
      at: position,
      text: fc.constantFrom(...HUGE_NUMBERS),
    }),
    fc.record({
      kind: fc.constant('nest'),
      at: position,
      depth: fc.oneof(
        fc.integer({ min: 1, max: Math.min(120, maxNesting) }),
        fc.integer({ min: Math.min(90, maxNesting), max: maxNesting }),
      ),
      style: fc.constantFrom('flow-seq', 'flow-map', 'block', 'unbalanced'),
    }),
    fc.record({
      kind: fc.constant('alias'),
      at: position,
      at2: position,
      form: fc.constantFrom('anchor+alias', 'alias-only', 'merge', 'bomb', 'self'),
    }),
    fc.record({
      kind: fc.constant('splice'),
      at: position,
      seed: fc.nat(),
      from: position,
      length: fc.integer({ min: 1, max: 400 }),
    }),
  )

/** Offsets of the starts of lines. */
function lineStarts(bytes) {
  const starts = [0]
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1)
  return starts
}

function splice(bytes, at, remove, insert) {
  const i = Math.min(at, bytes.length)
  return Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i + remove)])
}

const text = (t) => Buffer.from(t, 'utf8')

/** A nesting `depth` levels deep in one of several styles. */
function nesting(depth, style) {
  switch (style) {
    case 'flow-seq':
      return '['.repeat(depth) + ']'.repeat(depth)
    case 'flow-map':
      return '{a: '.repeat(depth) + '1' + '}'.repeat(depth)
    case 'unbalanced':
      return '['.repeat(depth)
    default: {
      let out = '\n'
      for (let i = 1; i <= depth; i++) out += `${' '.repeat(i)}k${i}:\n`
      return out
    }
  }
}

function aliases(form) {
  switch (form) {
    case 'anchor+alias':
      return ['&a ', '*a']
    case 'alias-only':
      return ['', '*nowhere']
    case 'merge':
      return ['&a ', '\n<<: *a\n']
    case 'self':
      return ['&a [*a]', '']
    default: {
      let bomb = '\nb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n'
      for (let i = 1; i < 8; i++)
        bomb += `b${i}: &b${i} [${Array(9)
          .fill(`*b${i - 1}`)
          .join(', ')}]\n`
      return ['', bomb]
    }
  }
}

/**
 * One mutation applied to `bytes`; positions wrap around the length.
 * @param {Buffer} bytes
 * @param {Record<string, any>} m
 * @param {readonly { bytes: Buffer }[]} seeds for `splice`
 * @returns {Buffer}
 */
export function applyMutation(bytes, m, seeds) {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1)
  switch (m.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes
      const out = Buffer.from(bytes)
      out[m.at % bytes.length] ^= m.mask
      return out
    }
    case 'insert':
      return splice(bytes, at, 0, text(m.text))
    case 'bytes':
      return splice(bytes, at, 0, Buffer.from(m.bytes))
    case 'delete':
      return splice(bytes, at, m.length, Buffer.alloc(0))
    case 'truncate':
      return bytes.subarray(0, at)
    case 'duplicate-line':
    case 'indent': {
      const starts = lineStarts(bytes)
      const index = m.line % starts.length
      const start = starts[index]
      const end = starts[index + 1] ?? bytes.length
      if (m.kind === 'duplicate-line') {
        const line = bytes.subarray(start, end)
        const copies = Array(m.times).fill(
          line.at(-1) === 0x0a ? line : Buffer.concat([line, text('\n')]),
        )
        return splice(bytes, end, 0, Buffer.concat(copies))
      }
      if (m.delta >= 0) return splice(bytes, start, 0, text(' '.repeat(m.delta)))
      let spaces = 0
      while (spaces < -m.delta && bytes[start + spaces] === 0x20) spaces++
      return splice(bytes, start, spaces, Buffer.alloc(0))
    }
    case 'scalar':
    case 'number': {
      // The value after a `: ` at or after `at` (or the first one), to the end of its line.
      const colon = Buffer.from(': ')
      let i = bytes.indexOf(colon, at)
      if (i < 0) i = bytes.indexOf(colon)
      if (i < 0) return splice(bytes, at, 0, text(`x: ${m.text}\n`))
      const start = i + 2
      let end = bytes.indexOf(0x0a, start)
      if (end < 0) end = bytes.length
      return splice(bytes, start, end - start, text(m.text))
    }
    case 'nest':
      return splice(bytes, at, 0, text(nesting(m.depth, m.style)))
    case 'alias': {
      const [first, second] = aliases(m.form)
      const at2 = bytes.length === 0 ? 0 : m.at2 % (bytes.length + 1)
      const [lo, hi] = at <= at2 ? [at, at2] : [at2, at]
      const [a, b] = at <= at2 ? [first, second] : [second, first]
      return splice(splice(bytes, hi, 0, text(b)), lo, 0, text(a))
    }
    case 'splice': {
      const donor = seeds.length === 0 ? bytes : seeds[m.seed % seeds.length].bytes
      const from = donor.length === 0 ? 0 : m.from % donor.length
      return splice(bytes, at, 0, donor.subarray(from, from + m.length))
    }
    default:
      throw new Error(`unknown mutation ${m.kind}`)
  }
}

/**
 * Seed files with 1 to `max` mutations each.
 * @param {readonly { name: string, bytes: Buffer }[]} seeds
 */
export function mutatedSeedArb(seeds, { maxMutations = 4, maxNesting = 150, donors = seeds } = {}) {
  return fc
    .record({
      seed: fc.constantFrom(...seeds),
      mutations: fc.array(mutationArb(maxNesting), { minLength: 1, maxLength: maxMutations }),
    })
    .map(({ seed, mutations }) => ({
      name: `${seed.name} + ${mutations.length} mutation(s)`,
      mutations,
      bytes: mutations.reduce((b, m) => applyMutation(b, m, donors), seed.bytes),
    }))
}

// -------------------------------------------------------------------------------------------
// Random manifests

const dnsName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('web', 'a', 'my-pod', 'db-1', 'x.y', 'cache') },
  { weight: 1, arbitrary: fc.constantFrom('Web', '-a', 'a_b', '', 'a'.repeat(64), '1') },
  { weight: 1, arbitrary: hostileText },
)
const anyValue = fc.oneof(
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
)
const strings = fc.array(hostileText, { maxLength: 4 })
const keyed = fc.dictionary(
  fc.oneof(hostileText, fc.constantFrom('app', 'a.b/c', '__proto__', 'constructor')),
  anyValue,
  { maxKeys: 3 },
)

const containerArb = fc
  .record(
    {
      name: dnsName,
      image: fc.oneof(fc.constantFrom('nginx', 'docker.io/library/busybox:1.36'), hostileText),
      command: strings,
      args: strings,
      workingDir: fc.oneof(fc.constantFrom('/srv', 'rel'), hostileText),
      env: fc.array(
        fc.oneof(
          fc.record({ name: fc.oneof(fc.constantFrom('A', 'B_1'), hostileText), value: anyValue }),
          fc.record({
            name: fc.constantFrom('S', 'T'),
            valueFrom: fc.record({
              secretKeyRef: fc.record({
                name: fc.constantFrom('s', 'x'),
                key: fc.constantFrom('k', 'p'),
              }),
            }),
          }),
          fc.record({
            name: fc.constantFrom('C'),
            valueFrom: fc.record({
              configMapKeyRef: fc.record({
                name: fc.constantFrom('c'),
                key: fc.constantFrom('k', 'q'),
              }),
            }),
          }),
        ),
        { maxLength: 3 },
      ),
      ports: fc.array(
        fc.record(
          {
            containerPort: fc.oneof(fc.integer({ min: -1, max: 70000 }), anyValue),
            hostPort: fc.oneof(fc.integer({ min: -1, max: 70000 }), anyValue),
            protocol: fc.constantFrom('TCP', 'UDP', 'SCTP', 'HTTP'),
            hostIP: fc.constantFrom('127.0.0.1', '::1', 'x'),
          },
          { requiredKeys: ['containerPort'] },
        ),
        { maxLength: 2 },
      ),
      volumeMounts: fc.array(
        fc.record({ name: fc.constantFrom('v', 'c', 's', 'nope'), mountPath: hostileText }),
        { maxLength: 2 },
      ),
      tty: fc.boolean(),
      stdin: anyValue,
      securityContext: fc.record(
        { runAsUser: fc.oneof(fc.integer(), anyValue), privileged: fc.boolean() },
        { requiredKeys: [] },
      ),
      resources: fc.record(
        {
          limits: fc.record({ cpu: anyValue, memory: fc.constantFrom('64Mi', '1e400', '-1', 'x') }),
        },
        { requiredKeys: [] },
      ),
      extra: anyValue,
    },
    { requiredKeys: ['name', 'image'] },
  )
  .map(({ extra, ...c }) => (extra === undefined ? c : { ...c, [String(extra).slice(0, 8)]: 1 }))

const podArb = fc.record(
  {
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'v2', ''),
    kind: fc.constantFrom('Pod', 'Pod', 'Pod', 'Deployment', 'Job', 'List', 'Secret', 'Foo'),
    metadata: fc.record(
      { name: dnsName, labels: keyed, annotations: keyed, namespace: dnsName },
      { requiredKeys: ['name'] },
    ),
    spec: fc.record(
      {
        containers: fc.array(containerArb, { maxLength: 3 }),
        initContainers: fc.array(containerArb, { maxLength: 1 }),
        hostname: dnsName,
        hostAliases: fc.array(fc.record({ ip: hostileText, hostnames: strings }), { maxLength: 2 }),
        dnsConfig: fc.record(
          {
            nameservers: strings,
            searches: strings,
            options: fc.array(fc.record({ name: hostileText, value: hostileText }), {
              maxLength: 2,
            }),
          },
          { requiredKeys: [] },
        ),
        volumes: fc.array(
          fc.oneof(
            fc.record({ name: fc.constant('v'), hostPath: fc.record({ path: hostileText }) }),
            fc.record({ name: fc.constant('c'), configMap: fc.record({ name: fc.constant('c') }) }),
            fc.record({
              name: fc.constant('s'),
              secret: fc.record({ secretName: fc.constant('s') }),
            }),
            fc.record({ name: fc.constant('e'), emptyDir: fc.constant({}) }),
          ),
          { maxLength: 3 },
        ),
        restartPolicy: fc.constantFrom('Always', 'OnFailure', 'Never', 'Sometimes'),
        terminationGracePeriodSeconds: fc.oneof(fc.integer(), anyValue),
        hostNetwork: anyValue,
      },
      { requiredKeys: ['containers'] },
    ),
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
)

const dataArb = fc.record({
  apiVersion: fc.constant('v1'),
  kind: fc.constantFrom('ConfigMap', 'Secret'),
  metadata: fc.record({ name: fc.constantFrom('c', 's') }),
  data: fc.dictionary(fc.constantFrom('k', 'p', 'q', '..x', 'a/b'), anyValue, { maxKeys: 3 }),
})

/** A random multi-document manifest, written as YAML or JSON text. */
export const randomManifestArb = fc
  .record({
    documents: fc.array(
      fc.oneof({ weight: 3, arbitrary: podArb }, { weight: 1, arbitrary: dataArb }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    style: fc.constantFrom('yaml', 'json', 'json-indented'),
  })
  .map(({ documents, style }) => {
    const write = (doc) => {
      if (style === 'json') return JSON.stringify(doc)
      if (style === 'json-indented') return JSON.stringify(doc, null, 2)
      try {
        return yamlStringify(doc)
      } catch {
        return JSON.stringify(doc)
      }
    }
    return {
      name: `random ${style} manifest`,
      bytes: Buffer.from(documents.map(write).join('\n---\n'), 'utf8'),
    }
  })

/** Extra convert options, some of them odd. */
export const convertArgsArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant([]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ['--no-header'],
      ['--rootless'],
      ['--data-dir', '/srv/podunit data'],
      ['--separator', '_', '--pod-prefix', ''],
      ['--kubernetes-version', '1.32'],
      ['--max-file-size', '1k'],
      ['--stop-timeout', '0', '--restart-policy', 'always'],
      ['-e', 'A=%n $x "q"'],
    ),
  },
)

/**
 * A whole case: the input (a mutated seed, or with `randomWeight` > 0 sometimes a random
 * manifest; without seeds always a random one), convert options, validate's output format, and
 * whether the input comes on standard input.
 */
export const caseArb = (seeds, { randomWeight = 1, ...limits } = {}) =>
  fc.record({
    input:
      seeds.length === 0
        ? randomManifestArb
        : randomWeight === 0
          ? mutatedSeedArb(seeds, limits)
          : fc.oneof(
              { weight: 4, arbitrary: mutatedSeedArb(seeds, limits) },
              { weight: randomWeight, arbitrary: randomManifestArb },
            ),
    args: convertArgsArb,
    output: fc.constantFrom('text', 'json', 'junit', 'sarif'),
    stdin: fc.boolean().map((b) => b),
  })

// -------------------------------------------------------------------------------------------
// The property

export class FuzzFailure extends Error {}

/**
 * Bugs already found and reported, each with its own `it.fails` regression test; a failure whose
 * message matches one is counted, not fatal (unless --strict), so that the run looks for others.
 * Remove an entry when its bug is fixed.
 */
export const KNOWN_BUGS = []

/** The known bug a failure is, if any. */
export function knownBug(error) {
  if (!(error instanceof FuzzFailure)) return undefined
  return KNOWN_BUGS.find((bug) => bug.test(error.message))
}

/** Counts of exit statuses and known bugs over a run. */
export function newTally() {
  return {
    cases: 0,
    convert: { 0: 0, 1: 0, 2: 0 },
    validate: { 0: 0, 1: 0, 2: 0 },
    known: Object.fromEntries(KNOWN_BUGS.map((bug) => [bug.id, 0])),
  }
}

/**
 * The fuzz property over `arbitrary` (from caseArb): checkCase for each case, counted in
 * `tally`; a known bug is counted instead of failing unless `strict`.
 */
export function fuzzProperty(cli, arbitrary, scratch, tally, { strict = false } = {}) {
  return fc.property(arbitrary, (testCase) => {
    let statuses
    try {
      statuses = checkCase(cli, testCase, scratch)
    } catch (error) {
      const bug = strict ? undefined : knownBug(error)
      if (bug === undefined) throw error
      tally.known[bug.id]++
      tally.cases++
      return
    }
    tally.cases++
    tally.convert[statuses.convert]++
    tally.validate[statuses.validate]++
  })
}

export { fc }

/**
 * Runs `cli` as the process entry would, capturing what it prints.
 * @param {(argv: readonly string[], io: object) => number} cli
 */
export function runWith(cli, argv, stdinText = '') {
  let stdout = ''
  let stderr = ''
  let status
  try {
    status = cli(argv, {
      stdout: (t) => {
        stdout += t
      },
      stderr: (t) => {
        stderr += t
      },
      readStdin: () => stdinText,
      env: {},
      cwd: ROOT,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      isRoot: true,
      runCommand: () => ({ status: 0, stderr: '' }),
    })
  } catch (error) {
    throw new FuzzFailure(
      `cli(${JSON.stringify(argv)}) threw: ${error instanceof Error ? error.stack : String(error)}`,
    )
  }
  return { status, stdout, stderr }
}

const STACK_TRACE = /^ {4}at |internal error|\bat .*\((?:node:|file:|\/).*:\d+:\d+\)/m

function check(condition, message) {
  if (!condition) throw new FuzzFailure(message)
}

/** Every file under `dir` (relative path → { mode, bytes }), directories as `dir/`. */
export function snapshot(dir) {
  const out = {}
  if (!existsSync(dir)) return out
  const walk = (d, prefix) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name)
      const st = lstatSync(path)
      if (st.isDirectory()) {
        out[`${prefix}${name}/`] = { mode: st.mode & 0o7777, bytes: '' }
        walk(path, `${prefix}${name}/`)
      } else {
        out[`${prefix}${name}`] = {
          mode: st.mode & 0o7777,
          bytes: readFileSync(path).toString('base64'),
        }
      }
    }
  }
  walk(dir, '')
  return out
}

const PRESET_UNIT = '# pod-my-pod.service\n# written before the fuzz case\n[Unit]\n'
const PRESET_DATA = 'PRESET=1\n'

function presetDirectory(dir) {
  mkdirSync(join(dir, 'podunit-data/app'), { recursive: true })
  writeFileSync(join(dir, 'pod-my-pod.service'), PRESET_UNIT, { mode: 0o644 })
  writeFileSync(join(dir, 'podunit-data/app/web.env'), PRESET_DATA, { mode: 0o600 })
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
const show = (run) =>
  `status ${run.status}\n--- stdout\n${run.stdout.slice(0, 2000)}\n--- stderr\n${run.stderr.slice(0, 2000)}`

function checkRun(label, run) {
  check([0, 1, 2].includes(run.status), `${label}: exit status ${run.status}\n${show(run)}`)
  check(
    !STACK_TRACE.test(run.stderr),
    `${label}: stack trace or internal error on stderr\n${show(run)}`,
  )
  check(
    !STACK_TRACE.test(run.stdout),
    `${label}: stack trace or internal error on stdout\n${show(run)}`,
  )
}

function checkReport(label, run, output, inputPath) {
  if (output !== 'json' && output !== 'sarif') return
  let report
  try {
    report = JSON.parse(run.stdout)
  } catch {
    throw new FuzzFailure(`${label}: --output ${output} is not JSON\n${show(run)}`)
  }
  const diagnostics =
    output === 'json'
      ? report.diagnostics
      : report.runs[0].results.map((r) => ({
          code: r.ruleId,
          file: r.locations[0].physicalLocation.artifactLocation.uri,
          line: r.locations[0].physicalLocation.region.startLine,
          column: r.locations[0].physicalLocation.region.startColumn,
        }))
  check(Array.isArray(diagnostics), `${label}: no diagnostics array\n${show(run)}`)
  check(
    (run.status === 1) === diagnostics.some((d) => (d.severity ?? 'error') === 'error') ||
      output === 'sarif',
    `${label}: exit status ${run.status} does not match the errors reported\n${show(run)}`,
  )
  for (const d of diagnostics) {
    check(/^PU\d{4}$/.test(d.code), `${label}: diagnostic without a code: ${JSON.stringify(d)}`)
    check(d.file === inputPath, `${label}: diagnostic for another file: ${JSON.stringify(d)}`)
    check(
      Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.column) && d.column >= 1,
      `${label}: diagnostic position not 1-based: ${JSON.stringify(d)}`,
    )
  }
}

/**
 * Checks every property for one case; throws a FuzzFailure naming the broken one. Returns the
 * exit statuses of convert and validate.
 * @param {(argv: readonly string[], io: object) => number} cli
 * @param {{ input: { name: string, bytes: Buffer }, args: readonly string[], output: string, stdin: boolean }} testCase
 * @param {string} scratch a directory the case may fill; it is emptied afterwards
 */
export function checkCase(cli, testCase, scratch) {
  const { input, args, output } = testCase
  const dir = mkdtempSync(join(scratch, 'case-'))
  try {
    const file = join(dir, 'input.yaml')
    writeFileSync(file, input.bytes)
    // Standard input is text: the CLI reads it as a string, so only valid UTF-16 gets there.
    const stdinText = testCase.stdin ? input.bytes.toString('utf8') : ''
    const inputArg = testCase.stdin ? '-' : file
    const inputPath = testCase.stdin ? '-' : file
    const fresh = join(dir, 'out-fresh') // does not exist yet: convert makes it
    const empty = join(dir, 'out-empty')
    const preset = join(dir, 'out-preset')
    mkdirSync(empty)
    presetDirectory(preset)
    const presetBefore = snapshot(preset)

    const convertTo = (out) => runWith(cli, ['convert', ...args, '-o', out, inputArg], stdinText)
    const a = convertTo(fresh)
    const b = convertTo(empty)
    const c = convertTo(preset)
    const json = ['convert', ...args, '--stdout', '--format', 'json', inputArg]
    const d = runWith(cli, json, stdinText)
    const e = runWith(cli, json, stdinText)
    for (const [label, run] of [
      ['convert -o (new dir)', a],
      ['convert -o (empty dir)', b],
      ['convert -o (dir with files)', c],
      ['convert --stdout', d],
    ])
      checkRun(label, run)

    check(
      a.status === b.status && b.status === c.status && c.status === d.status,
      `convert: exit status differs between runs: ${a.status} ${b.status} ${c.status} ${d.status}\n${show(a)}\n${show(d)}`,
    )
    check(
      same(d, e),
      `convert --stdout: a second run gives other output\n${show(d)}\n=== second run\n${show(e)}`,
    )
    const normal = (run, out) => ({ ...run, stdout: run.stdout.replaceAll(out, '<DIR>') })
    check(
      same(normal(a, fresh), normal(b, empty)) && same(normal(b, empty), normal(c, preset)),
      `convert -o: output differs between directories\n${show(a)}\n${show(c)}`,
    )

    if (a.status !== 0) {
      check(!existsSync(fresh), `convert exited ${a.status} but made ${fresh}\n${show(a)}`)
      check(
        readdirSync(empty).length === 0,
        `convert exited ${b.status} but wrote into an empty dir: ${readdirSync(empty).join(', ')}\n${show(b)}`,
      )
      const after = snapshot(preset)
      check(
        same(after, presetBefore),
        `convert exited ${c.status} but changed the output dir:\n${JSON.stringify(Object.keys(after))}\n${show(c)}`,
      )
    } else {
      let units
      try {
        units = JSON.parse(d.stdout)
      } catch {
        throw new FuzzFailure(`convert --stdout --format json: not JSON\n${show(d)}`)
      }
      const written = snapshot(fresh)
      const names = Object.keys(written)
      check(
        !names.some((n) => /(^|\/)\.[^/]*\.(tmp|old)$/.test(n)),
        `temporary files left behind: ${names.join(', ')}`,
      )
      // JSON keys: a service's name without `.service`; a CronJob's timer with its `.timer`.
      const isUnit = (n) => n.endsWith('.service') || n.endsWith('.timer')
      const keyOf = (n) => n.replace(/\.service$/, '')
      const services = names.filter(isUnit).sort()
      const expected = Object.keys(units)
        .map((u) => (u.endsWith('.timer') ? u : `${u}.service`))
        .sort()
      check(same(services, expected), `-o wrote ${services} but --stdout printed ${expected}`)
      for (const name of services) {
        const content = Buffer.from(written[name].bytes, 'base64').toString('utf8')
        check(content === units[keyOf(name)], `${name}: -o and --stdout differ`)
      }
      check(
        names.every((n) => isUnit(n) || n.startsWith('podunit-data/')),
        `unexpected files: ${names.join(', ')}`,
      )
    }

    const validateArgs = ['validate', '--output', output, inputArg]
    const v = runWith(cli, validateArgs, stdinText)
    const w = runWith(cli, validateArgs, stdinText)
    checkRun(`validate --output ${output}`, v)
    check(same(v, w), `validate: a second run gives other output\n${show(v)}\n${show(w)}`)
    checkReport(`validate --output ${output}`, v, output, inputPath)
    // What validate calls an error, convert must refuse too (its checks are a superset).
    if (
      v.status === 1 &&
      !args.includes('--max-file-size') &&
      !args.includes('--kubernetes-version')
    )
      check(
        d.status !== 0,
        `validate found an error but convert wrote units\n${show(v)}\n${show(d)}`,
      )
    return { convert: a.status, validate: v.status }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A scratch directory on tmpfs when there is one: the CLI fsyncs every file it writes. */
export function makeScratch() {
  const base = process.env.PODUNIT_FUZZ_TMP ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir())
  return mkdtempSync(join(base, 'podunit-fuzz-'))
}

// -------------------------------------------------------------------------------------------
// The command

function parseCommandLine(argv) {
  const options = {
    runs: 100_000,
    seed: Date.now() ^ (Math.random() * 0x7fffffff),
    path: undefined,
    maxNesting: 150,
    strict: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value`)
      return v
    }
    if (arg === '--runs') options.runs = Number(value())
    else if (arg === '--seed') options.seed = Number(value())
    else if (arg === '--path') options.path = value()
    else if (arg === '--max-nesting') options.maxNesting = Number(value())
    else if (arg === '--strict') options.strict = true
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node scripts/fuzz.mjs [--runs N] [--seed N] [--path P] [--max-nesting N] [--strict]',
      )
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}`)
  }
  if (!Number.isSafeInteger(options.runs) || options.runs < 1) throw new Error('--runs N, N >= 1')
  if (!Number.isSafeInteger(options.seed)) throw new Error('--seed takes an integer')
  options.seed |= 0
  return options
}

async function main() {
  const options = parseCommandLine(process.argv.slice(2))
  const mainJs = join(ROOT, 'dist/cli/main.js')
  if (!existsSync(mainJs)) {
    console.error('dist/cli/main.js is missing: run npm run build first')
    process.exit(2)
  }
  const { cli } = await import(pathToFileURL(mainJs).href)
  const seeds = seedFiles(['samples', 'test/invalid', 'test/fixtures', 'test/differential/corpus'])
  const scratch = makeScratch()
  const tally = newTally()
  const started = performance.now()
  let lastReport = started
  console.log(
    `podunit fuzz: ${options.runs} cases, seed ${options.seed}, ${seeds.length} seed files, scratch ${scratch}`,
  )
  const arbitrary = caseArb(seeds, { maxNesting: options.maxNesting }).map((testCase) => {
    const now = performance.now()
    if (now - lastReport > 30_000) {
      lastReport = now
      const rate = Math.round(tally.cases / ((now - started) / 1000))
      console.log(`  ${tally.cases} cases, ${rate} cases/s`)
    }
    return testCase
  })
  const property = fuzzProperty(cli, arbitrary, scratch, tally, { strict: options.strict })
  let details
  try {
    details = fc.check(property, {
      numRuns: options.runs,
      seed: options.seed,
      ...(options.path === undefined ? {} : { path: options.path }),
    })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const seconds = (performance.now() - started) / 1000
  const rate = Math.round(tally.cases / seconds)
  const summary = (c) => `exit 0: ${c[0]}, exit 1: ${c[1]}, exit 2: ${c[2]}`
  const knownLine = Object.entries(tally.known)
    .map(([id, n]) => `${id} ${n}`)
    .join(', ')
  if (!details.failed) {
    console.log(
      `OK ${details.numRuns} cases in ${seconds.toFixed(1)} s (${rate} cases/s), seed ${options.seed}; convert ${summary(tally.convert)}; validate ${summary(tally.validate)}; known bugs: ${knownLine}`,
    )
    return
  }
  const [counterexample] = details.counterexample ?? []
  const file = join(tmpdir(), `podunit-fuzz-counterexample-${options.seed}.yaml`)
  if (counterexample !== undefined) writeFileSync(file, counterexample.input.bytes)
  console.log(
    `FAILED after ${details.numRuns} cases (${details.numShrinks} shrinks), seed ${options.seed}`,
  )
  if (counterexample !== undefined) {
    console.log(
      `input: ${counterexample.input.name}, options ${JSON.stringify(counterexample.args)}, validate --output ${counterexample.output}${counterexample.stdin ? ', on standard input' : ''}`,
    )
    console.log(
      `input bytes (JSON): ${JSON.stringify(counterexample.input.bytes.toString('latin1')).slice(0, 4000)}`,
    )
    console.log(`input written to ${file}`)
  }
  console.log(String(details.errorInstance?.message ?? details.error))
  console.log(
    `replay: node scripts/fuzz.mjs --seed ${options.seed} --path ${details.counterexamplePath} --runs 1`,
  )
  process.exitCode = 1
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main()
}
