/**
 * Our escaping against the strict systemd reader: whatever the arguments, systemd must give them
 * back unchanged; and where Podman 4.3.1 writes a correct value, our bytes are Podman's
 * (research/podman-generate.md §6, and the real units in test/podman/fixtures/).
 */
import fc from 'fast-check'
import { convert } from '../../src/index.js'
import { describe, expect, it } from 'vitest'
import { escapeEnvAssignment, escapeExecArg } from '../../src/unit/escape.js'
import {
  NO_SPECIFIERS,
  UnitSyntaxError,
  entriesOf,
  parseUnitFile,
  splitEnvironment,
  splitExecLine,
} from '../support/systemd-unquote.js'
import { formatPodmanCommand } from '../support/unit-parse.js'
import { argument, envName, unit } from '../support/arbitraries.js'

const PREFIX = ['/usr/bin/podman', 'run']

/** Writes argv the two ways a unit may hold it, reads it back as systemd would. */
function roundTripExec(args: readonly string[], continuation: boolean): string[][] {
  const tokens = [...PREFIX, ...args.map(escapeExecArg)]
  const line = continuation ? formatPodmanCommand(tokens) : tokens.join(' ')
  const file = parseUnitFile(`[Service]\nExecStart=${line}\nType=notify\n`)
  const entries = entriesOf(file, 'Service', 'ExecStart')
  expect(entries).toHaveLength(1)
  return splitExecLine(entries[0]!.value, NO_SPECIFIERS)
}

/** What systemd makes of an ExecStart= line, or the error. */
function readBack(line: string): string[][] | UnitSyntaxError {
  try {
    const file = parseUnitFile(`[Service]\nExecStart=${line}\n`)
    return splitExecLine(entriesOf(file, 'Service', 'ExecStart')[0]!.value, NO_SPECIFIERS)
  } catch (error) {
    if (error instanceof UnitSyntaxError) return error
    throw error
  }
}

function roundTripEnv(assignments: readonly string[]): string[] {
  const lines = assignments.map((a) => `Environment=${escapeEnvAssignment(a)}`)
  const file = parseUnitFile(`[Service]\n${lines.join('\n')}\n`)
  return entriesOf(file, 'Service', 'Environment').flatMap((e) =>
    splitEnvironment(e.value, NO_SPECIFIERS),
  )
}

const RUNS = { numRuns: 2000 }

describe('escapeExecArg round trip through systemd (systemd.service(5))', () => {
  it('gives back every argv, arguments joined by single spaces', () => {
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 8 }), (args) => {
        expect(roundTripExec(args, false)).toEqual([[...PREFIX, ...args]])
      }),
      RUNS,
    )
  })

  it("gives back every argv with Podman's line continuation before '-' tokens", () => {
    fc.assert(
      fc.property(fc.array(argument, { maxLength: 8 }), (args) => {
        expect(roundTripExec(args, true)).toEqual([[...PREFIX, ...args]])
      }),
      RUNS,
    )
  })

  it.each([
    { name: 'empty arguments', args: ['', '', 'x', ''] },
    { name: 'lone semicolons', args: [';', 'a', ';', ';;', '\\;'] },
    { name: 'backslashes at the end, before a continuation', args: ['a\\', '-b\\', 'c\\\\'] },
    { name: 'specifier look-alikes', args: ['%n', '%%t', '100%', '%'] },
    { name: 'variable look-alikes', args: ['$HOME', '${HOME}', '$$', '$', 'a$'] },
    { name: 'newlines and carriage returns', args: ['a\nb', '\r\n', '\n'] },
    { name: 'quotes everywhere', args: [`it's`, `"`, `'"'`, `a"b`, `"quoted"`] },
    { name: 'comment look-alikes after a continuation', args: ['-#x', '-;y', '#', ';x'] },
    { name: 'astral and invisible characters', args: ['😀', '\u200b', '\u00ad', 'e\u0301'] },
  ])('gives back $name', ({ args }) => {
    expect(roundTripExec(args, true)).toEqual([[...PREFIX, ...args]])
    expect(roundTripExec(args, false)).toEqual([[...PREFIX, ...args]])
  })
})

describe('escapeEnvAssignment round trip through systemd (systemd.exec(5) Environment=)', () => {
  it('gives back every NAME=value, one assignment a line', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(envName, fc.string({ unit, maxLength: 12 })), { maxLength: 6 }),
        (pairs) => {
          const assignments = pairs.map(([name, value]) => `${name}=${value}`)
          expect(roundTripEnv(assignments)).toEqual(assignments)
        },
      ),
      RUNS,
    )
  })

  it('gives back several assignments on one line (Podman joins ExtraEnvs with spaces)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(envName, fc.string({ unit, maxLength: 8 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (pairs) => {
          const assignments = pairs.map(([name, value]) => `${name}=${value}`)
          const file = parseUnitFile(
            `[Service]\nEnvironment=${assignments.map(escapeEnvAssignment).join(' ')}\n`,
          )
          const [entry] = entriesOf(file, 'Service', 'Environment')
          expect(splitEnvironment(entry!.value, NO_SPECIFIERS)).toEqual(assignments)
        },
      ),
      RUNS,
    )
  })
})

describe('Podman 4.3.1 compatibility: same bytes where Podman is correct', () => {
  // research/podman-generate.md §6 ("Verified 4.3.1 renderings") and the real units in
  // test/podman/fixtures/ (copied from ../shared/podman-4.3.1/).
  it.each([
    { input: 'SPACED=a b', podman: '"SPACED=a b"' },
    {
      input: 'echo "hi $HOME" 100% && sleep 1000',
      podman: '"echo \\"hi $$HOME\\" 100%% && sleep 1000"',
    },
    { input: 'kill $$ && echo %\\', podman: '"kill $$$$ && echo %%\\\\"' },
    { input: 'T=tab\there', podman: '"T=tab\\there"' },
    { input: 'B=back\\slash', podman: 'B=back\\\\slash' },
    { input: 'a;b', podman: 'a;b' },
    { input: '$(x)', podman: '$$(x)' },
    { input: 'a=50%', podman: 'a=50%%' },
    { input: 'U=ünï', podman: 'U=ünï' },
    { input: 'tpl={{.Name}}', podman: 'tpl={{.Name}}' },
    { input: 'daemon off;', podman: '"daemon off;"' },
    { input: 'k=v w', podman: '"k=v w"' },
    { input: 'FOO=bar baz', podman: '"FOO=bar baz"' },
    { input: 'PCT=100%', podman: 'PCT=100%%' },
    { input: '["sh","-c"]', podman: '"[\\"sh\\",\\"-c\\"]"' },
    { input: 'echo "hello world" && sleep 1000', podman: '"echo \\"hello world\\" && sleep 1000"' },
    { input: 'DOLLAR=$HOME', podman: 'DOLLAR=$$HOME' },
    { input: 'echo $PATH; exit 0', podman: '"echo $$PATH; exit 0"' },
    { input: 'B=a\\b', podman: 'B=a\\\\b' },
    { input: '/tmp/kdata:/data:ro,Z', podman: '/tmp/kdata:/data:ro,Z' },
    { input: '--exit-policy=stop', podman: '--exit-policy=stop' },
  ])('escapeExecArg($input) is $podman', ({ input, podman }) => {
    expect(escapeExecArg(input)).toBe(podman)
    expect(roundTripExec([input], true)).toEqual([[...PREFIX, input]])
  })

  it.each([
    { input: 'FOO=1', podman: 'FOO=1' },
    { input: 'BAR=x y', podman: '"BAR=x y"' },
    { input: 'Y=has space', podman: '"Y=has space"' },
    { input: 'Z=100%', podman: 'Z=100%%' },
    { input: 'HOSTONLY=from host', podman: '"HOSTONLY=from host"' },
    { input: 'T=tab\there', podman: '"T=tab\\there"' },
  ])('escapeEnvAssignment($input) is $podman', ({ input, podman }) => {
    expect(escapeEnvAssignment(input)).toBe(podman)
    expect(roundTripEnv([input])).toEqual([input])
  })
})

describe('departures from Podman 4.3.1, where its output is wrong', () => {
  it.each([
    {
      input: "Q=it's",
      podman: "Q=it's",
      ours: `"Q=it's"`,
      why: 'systemd opens a quote at the apostrophe',
    },
    { input: 'NL=a\nb', podman: 'NL=a\nb', ours: '"NL=a\\nb"', why: 'a raw newline ends the line' },
    { input: '', podman: '', ours: '""', why: 'an empty word disappears' },
    { input: ';', podman: ';', ours: '\\;', why: 'a lone ";" separates commands' },
  ])('escapeExecArg($input): $why', ({ input, podman, ours }) => {
    expect(escapeExecArg(input)).toBe(ours)
    expect(roundTripExec([input, 'x'], true)).toEqual([[...PREFIX, input, 'x']])
    // Podman's bytes: systemd refuses the line or reads other arguments.
    expect(readBack(`${PREFIX.join(' ')} ${podman} x`)).not.toEqual([[...PREFIX, input, 'x']])
  })

  it('keeps "$" literal in Environment= (Podman doubles it, which changes the value)', () => {
    expect(escapeEnvAssignment('D=$HOME')).toBe('D=$HOME')
    expect(roundTripEnv(['D=$HOME'])).toEqual(['D=$HOME'])
    expect(splitEnvironment('D=$$HOME', NO_SPECIFIERS)).toEqual(['D=$$HOME'])
  })
})

/**
 * Characters systemd cannot carry. Checked against systemd 252 in the e2e sandbox: a raw
 * noncharacter makes systemd drop the whole line ("String is not UTF-8 clean"), `"\ufdd0"` is read
 * back correctly in Exec lines, `"\U0001fffe"` is kept as literal text, and no form is accepted in
 * Environment=. So BMP noncharacters are quoted in Exec lines, and validation refuses the rest.
 */
describe('characters systemd cannot carry', () => {
  it('escapeExecArg quotes a BMP noncharacter, which systemd reads back', () => {
    expect(roundTripExec(['a\uFDD0b', 'x\uFFFF'], true)).toEqual([
      [...PREFIX, 'a\uFDD0b', 'x\uFFFF'],
    ])
  })

  it.each([
    {
      name: 'an astral noncharacter in args',
      field: 'args',
      value: 'a \u{1FFFE}',
      character: 'U+1FFFE',
    },
    { name: 'a noncharacter in an env value', field: 'env', value: 'A\uFDD0', character: 'U+FDD0' },
    { name: 'a lone surrogate', field: 'args', value: 'a \ud800', character: 'U+D800' },
    { name: 'NUL', field: 'args', value: 'a\u0000b', character: 'U+0000' },
  ])('convert refuses $name', ({ field, value, character }) => {
    const container =
      field === 'args'
        ? { name: 'c', image: 'busybox', args: [value] }
        : { name: 'c', image: 'busybox', env: [{ name: 'A', value }] }
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [container] },
    }
    const result = convert({ path: 'p.yaml', text: JSON.stringify(pod) })
    expect(result.ok).toBe(false)
    expect(result.units).toEqual([])
    expect(result.diagnostics.map((d) => [d.id, d.pointer, d.message])).toEqual([
      [
        'PU1240',
        field === 'args' ? '/spec/containers/0/args/0' : '/spec/containers/0/env/0/value',
        `holds ${character}, a character that systemd cannot read from a unit file`,
      ],
    ])
  })
})
