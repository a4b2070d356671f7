/**
 * Quadlet's encoding as a property, through the real Quadlet generator of Podman 5.4.2: pods with
 * arbitrary `command`, `args` and `env` values (the generators of the units' round-trip test) are
 * converted with `--quadlet`, all of them through one run of the generator, and the command line
 * and environment Podman gets from the generated `ExecStart=` (read as systemd reads it) must be
 * those of the same pod's units, which test/unit/escape-roundtrip.test.ts and the replay test
 * prove. Or the pod is refused with a diagnostic, PU2101 only where Quadlet 5.4 cannot carry a
 * value (an argument that is empty or exactly `;`, in a container without `command`), never
 * written broken.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert } from '../src/index.js'
import { argument, envName, unit } from './support/arbitraries.js'
import { suiteRequiring } from './support/podman.js'
import {
  NEEDS_PODMAN5,
  PODMAN5_VERSION,
  PODMAN5_WORK_MOUNT,
  bashInPodman5,
} from './support/podman5.js'
import { readGeneratedPod } from './support/quadlet-read.js'
import { readPodUnits } from './support/unit-parse.js'

const IMAGE = 'localhost/busybox:latest'
const CASES = 300

interface Case {
  readonly command?: readonly string[]
  readonly args: readonly string[]
  readonly env: readonly (readonly [string, string])[]
}

const arbitraryCase: fc.Arbitrary<Case> = fc.record(
  {
    command: fc.array(argument, { minLength: 1, maxLength: 4 }),
    args: fc.array(argument, { maxLength: 8 }),
    env: fc.array(fc.tuple(envName, fc.string({ unit, maxLength: 12 })), { maxLength: 6 }),
  },
  { requiredKeys: ['args', 'env'] },
)

function podText(name: string, c: Case): string {
  const container = {
    name: 'c',
    image: IMAGE,
    ...(c.command === undefined ? {} : { command: c.command }),
    args: c.args,
    env: c.env.map(([n, value]) => ({ name: n, value })),
  }
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [container] },
  })
}

/** What Podman is told to run and with which environment, from `podman run` arguments. */
function meaning(runArgs: readonly string[]): { argv: unknown[]; env: Record<string, string> } {
  const env: Record<string, string> = {}
  let entrypoint: unknown[] = []
  let i = 0
  for (; i < runArgs.length && runArgs[i] !== IMAGE; i++) {
    const arg = runArgs[i]!
    const value = runArgs[i + 1] ?? ''
    if (arg === '--env') {
      const at = value.indexOf('=')
      env[value.slice(0, at)] = value.slice(at + 1)
    }
    if (arg === '--entrypoint') entrypoint = JSON.parse(value) as unknown[]
  }
  return { argv: [...entrypoint, ...runArgs.slice(i + 1)], env }
}

const suite = suiteRequiring(`Quadlet round trip (Podman ${PODMAN5_VERSION})`, [NEEDS_PODMAN5])

suite(`arbitrary values through Quadlet ${PODMAN5_VERSION}`, () => {
  const cases = fc.sample(arbitraryCase, { numRuns: CASES, seed: 20261130 })
  let work = ''
  const accepted: { name: string; units: ReturnType<typeof readPodUnits> }[] = []
  const refused: string[] = []

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'podunit-quadlet-rt-'))
    mkdirSync(join(work, 'in'))
    cases.forEach((c, i) => {
      const name = `rt${i}`
      const text = podText(name, c)
      const units = convert({ path: `${name}.json`, text }, { noHeader: true })
      const quadlet = convert({ path: `${name}.json`, text }, { noHeader: true, quadlet: true })
      if (!units.ok) {
        // Both formats read the same model: what the units refuse, Quadlet refuses too.
        expect(quadlet.ok).toBe(false)
        return
      }
      if (!quadlet.ok) {
        const codes = quadlet.diagnostics.filter((d) => d.severity === 'error').map((d) => d.id)
        expect(new Set(codes), JSON.stringify(c)).toEqual(new Set(['PU2101']))
        expect(c.command, 'refused although a command could carry it').toBeUndefined()
        expect(c.args.some((a) => a === '' || a === ';')).toBe(true)
        refused.push(name)
        return
      }
      mkdirSync(join(work, 'in', name))
      for (const file of quadlet.units)
        writeFileSync(join(work, 'in', name, file.fileName), file.content)
      accepted.push({
        name,
        units: readPodUnits(units.units.map((u) => ({ fileName: u.fileName, text: u.content }))),
      })
    })
    // One run of the generator for every case: each in a directory of its own.
    bashInPodman5(
      `for d in in/*; do n=\${d#in/}; mkdir -p out/$n
  QUADLET_UNIT_DIRS=${PODMAN5_WORK_MOUNT}/$d /usr/libexec/podman/quadlet -no-kmsg-log out/$n 2>> generator.log || echo "$n failed" >> generator.log
done; touch generator.log`,
      { work },
    )
  }, 300_000)

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true })
  })

  it('converts most cases (the property is not vacuous), refuses some', () => {
    expect(accepted.length).toBeGreaterThan(CASES / 2)
    expect(refused.length).toBeGreaterThan(0)
  })

  it('the generator takes every accepted case without a word', () => {
    expect(readFileSync(join(work, 'generator.log'), 'utf8')).toBe('')
  })

  it('Podman gets the units’ command line and environment back, for every accepted case', () => {
    for (const { name, units } of accepted) {
      const generated = readGeneratedPod(join(work, 'out', name))
      const [container] = generated.containers
      const expected = units.containers[0]
      expect(container, name).toBeDefined()
      expect(meaning(container?.runArgs ?? []), name).toEqual(meaning(expected?.runArgs ?? []))
    }
  })
})
