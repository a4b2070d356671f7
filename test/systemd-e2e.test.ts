/**
 * The seed sample under a real systemd 252 (PID 1 of private namespaces, see
 * test/podman/systemd-e2e.sh): `systemctl start pod-my-pod.service` brings up the pod and both
 * containers, `systemctl stop` removes them all. In the same sandbox, a oneshot unit whose
 * ExecStart= and Environment= lines hold hostile values escaped by `escapeExecArg` /
 * `escapeEnvAssignment` dumps the argv and environment that systemd really gives it: they must be
 * the values we escaped.
 *
 * PODUNIT_E2E_UNITS=DIR runs the units of DIR instead of test/golden/sample-seed/expected.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { escapeEnvAssignment, escapeExecArg } from '../src/unit/escape.js'
import { REPO_ROOT, suiteRequiring } from './support/podman.js'
import { isNoncharacter } from './support/systemd-unquote.js'
import { HOSTILE_ARGS, formatPodmanCommand } from './support/unit-parse.js'
import { scratchDir } from './support/scratch.js'
import { NEEDS_SYSTEMD_E2E, passLine, runSystemdE2e } from './support/systemd-e2e.js'

const UNITS = process.env.PODUNIT_E2E_UNITS ?? join(REPO_ROOT, 'test/golden/sample-seed/expected')
const POD_UNIT = 'pod-my-pod.service'
const POD_NAME = 'my-pod'
const PROBE = 'podunit-argv-probe.service'

/** Random but reproducible values on top of the hand-picked ones (no NUL, no noncharacter). */
const SAMPLED: readonly string[] = fc.sample(
  fc.string({
    unit: fc.oneof(
      fc.constantFrom('"', "'", '%', '$', '\\', '\n', '\t', ';', ' ', '-', '{', '\r', '\u001b'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => {
        const code = c.codePointAt(0) ?? 0
        return code !== 0 && !isNoncharacter(code)
      }),
    ),
    maxLength: 10,
  }),
  { seed: 4242, numRuns: 40 },
)
const VALUES: readonly string[] = [...HOSTILE_ARGS, ...SAMPLED]

/** A oneshot unit that writes its argv and its PROBE_* environment, NUL-separated, to /run. */
function probeUnit(): string {
  const script =
    'for a in "$@"; do printf \'%s\\0\' "$a"; done > /run/podunit-argv; env -0 > /run/podunit-env'
  const exec = formatPodmanCommand(
    ['/bin/sh', '-c', script, 'probe', ...VALUES].map((a, i) => (i === 0 ? a : escapeExecArg(a))),
  )
  const env = VALUES.map((v, i) => `Environment=${escapeEnvAssignment(`PROBE_${i}=${v}`)}\n`)
  return `[Unit]\nDescription=podunit argv probe\n\n[Service]\nType=oneshot\n${env.join('')}ExecStart=${exec}\n`
}

const CHECK = [
  `systemctl start ${PROBE}`,
  'base64 -w0 /run/podunit-argv; echo',
  'base64 -w0 /run/podunit-env; echo',
  `podman exec ${POD_NAME}-container-a cat /etc/hostname`,
].join(' && ')

const suite = suiteRequiring('systemd e2e', NEEDS_SYSTEMD_E2E)

suite('systemd e2e: the seed pod under systemd 252', () => {
  const scratch = scratchDir('podunit-e2e-test-')

  it('starts and stops the pod, and systemd hands the escaped values over unchanged', () => {
    const units = join(scratch(), 'units')
    cpSync(UNITS, units, { recursive: true })
    writeFileSync(join(units, PROBE), probeUnit())
    const checkOutput = join(scratch(), 'check.out')
    const started = Date.now()
    const log = runSystemdE2e([
      ...['--units', units, '--pod-unit', POD_UNIT, '--pod-name', POD_NAME],
      ...['--check', CHECK, '--check-output', checkOutput],
    ])
    expect(log).toMatch(/^== PASS in \d+ ms/m)
    process.stdout.write(`systemd e2e: ${passLine(log)}; test ${Date.now() - started} ms\n`)

    const [argv = '', env = '', hostname = ''] = readFileSync(checkOutput, 'utf8').split('\n')
    const args = Buffer.from(argv, 'base64').toString('utf8').split('\0').slice(0, -1)
    expect(args).toEqual(VALUES)
    const probeEnv = Buffer.from(env, 'base64')
      .toString('utf8')
      .split('\0')
      .filter((a) => a.startsWith('PROBE_'))
      .sort()
    expect(probeEnv).toEqual(VALUES.map((v, i) => `PROBE_${i}=${v}`).sort())
    expect(hostname).toBe(POD_NAME)
  }, 180_000)
})
