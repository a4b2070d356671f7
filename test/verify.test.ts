/**
 * `systemd-analyze verify` (systemd 252) on our units: every golden case, and units full of hostile
 * arguments escaped by `escapeExecArg` / `escapeEnvAssignment`. It must load them without a word
 * about them. And it must reject Podman 4.3.1's own broken output (test/podman/fixtures/), which
 * proves the check can fail.
 */
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { escapeEnvAssignment, escapeExecArg } from '../src/unit/escape.js'
import { listGoldenCases } from './support/golden-cases.js'
import {
  NEEDS_PODMAN,
  NEEDS_SYSTEMD_ANALYZE,
  PODMAN_TEST_DIR,
  run,
  suiteRequiring,
  type RunResult,
} from './support/podman.js'
import { HOSTILE_ARGS, formatPodmanCommand, readUnitDir } from './support/unit-parse.js'
import { addDependencyStubs } from './support/verify-stubs.js'
import { scratchDir } from './support/scratch.js'

/** Verifies the `*.service` and `*.timer` files of `dir`; Documentation= man pages are not our business. */
function verify(dir: string): RunResult {
  const files = readdirSync(dir)
    .filter((f) => /\.(service|target|timer)$/.test(f))
    .sort()
    .map((f) => join(dir, f))
  return run('systemd-analyze', ['verify', '--man=no', ...files], {
    allowFailure: true,
    cwd: dir,
    env: { SYSTEMD_LOG_COLOR: '0', SYSTEMD_PAGER: '' },
  })
}

/** verify printed nothing at all and exited 0 (checked: that is what it does for good units). */
function expectSilentSuccess(result: RunResult, dir: string): void {
  expect(linesAbout(result, dir), 'lines about our units').toEqual([])
  expect(`${result.stdout}${result.stderr}`, 'other output').toBe('')
  expect(result.status).toBe(0)
}

/** The lines of verify's output that name one of the files of `dir`. */
function linesAbout(result: RunResult, dir: string): string[] {
  const names = readdirSync(dir).filter((f) => f.endsWith('.service'))
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line !== '' && names.some((n) => line.includes(n)))
}

function hostileUnit(name: string, args: readonly string[]): string {
  const exec = formatPodmanCommand(['/bin/echo', ...args.map(escapeExecArg)])
  const env = args
    .filter((a) => a !== '')
    .map((a, i) => `Environment=${escapeEnvAssignment(`HOSTILE_${i}=${a}`)}\n`)
    .join('')
  return [
    `# ${name}`,
    '',
    '[Unit]',
    `Description=Hostile arguments for ${name}`,
    '',
    '[Service]',
    'Environment=PODMAN_SYSTEMD_UNIT=%n',
    `${env}ExecStart=${exec}`,
    'Type=oneshot',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n')
}

const suite = suiteRequiring('systemd-analyze verify', [NEEDS_SYSTEMD_ANALYZE, NEEDS_PODMAN])

suite('systemd-analyze verify', () => {
  const scratch = scratchDir('podunit-verify-')
  let serial = 0
  const freshDir = (): string => {
    const dir = join(scratch(), String(serial++))
    mkdirSync(dir)
    return dir
  }

  const cases = listGoldenCases().filter((c) => {
    try {
      return readUnitDir(c.expectedDir).length > 0
    } catch {
      return false
    }
  })
  it('has golden cases with units', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

  it.each(cases)('accepts the units of golden case $name', ({ expectedDir }) => {
    const dir = freshDir()
    cpSync(expectedDir, dir, { recursive: true })
    addDependencyStubs(dir)
    const result = verify(dir)
    expectSilentSuccess(result, dir)
  })

  it('accepts one unit holding every hostile argument', () => {
    const dir = freshDir()
    writeFileSync(
      join(dir, 'hostile-all.service'),
      hostileUnit('hostile-all.service', HOSTILE_ARGS),
    )
    const result = verify(dir)
    expectSilentSuccess(result, dir)
  })

  it.each(HOSTILE_ARGS.map((arg, i) => ({ arg, i })))(
    'accepts hostile argument $i: $arg',
    ({ arg, i }) => {
      const dir = freshDir()
      const name = `hostile-${i}.service`
      writeFileSync(join(dir, name), hostileUnit(name, ['before', arg, 'after']))
      const result = verify(dir)
      expectSilentSuccess(result, dir)
    },
  )

  it("accepts Podman 4.3.1's correct output (fixtures/web)", () => {
    const dir = freshDir()
    cpSync(join(PODMAN_TEST_DIR, 'fixtures/web'), dir, { recursive: true })
    const result = verify(dir)
    expectSilentSuccess(result, dir)
  })

  it("rejects Podman 4.3.1's broken output (fixtures/podman-quoting-bugs): the check can fail", () => {
    const dir = freshDir()
    cpSync(join(PODMAN_TEST_DIR, 'fixtures/podman-quoting-bugs'), dir, { recursive: true })
    const result = verify(dir)
    const lines = linesAbout(result, dir)
    expect(lines[0]).toMatch(
      /container-edge-c\.service:28: Unbalanced quoting, ignoring: "\/usr\/bin\/podman run .*-e QUOTE=it's {2}\t-e NL=a"$/,
    )
    expect(lines).toContain(
      'container-edge-c.service: Unit configuration has fatal error, unit will not be started.',
    )
    expect(result.status).not.toBe(0)
  })
})
