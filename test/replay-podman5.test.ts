/**
 * Replay parity on Podman 5.4.2 (the root of test/podman5/): for every golden case, the units of
 * `podunit convert <args> --podman-version 5.4` are read back into their `podman pod create` /
 * `podman create --pod` commands, replayed in the root, and `podman generate systemd --new
 * --files --name` 5.4.2 must write the same files, with the exceptions of test/replay.test.ts
 * (Podman's quoting bugs and `-e` escaping are the same in 5.4.2; the header; no private run
 * root here). Cases with `expected-5.4/` replay those golden files, the others are converted here.
 *
 * And systemd 257's `systemd-analyze verify` (in the root) loads every 5.4 unit without a word,
 * and refuses Podman 5.4.2's own output for the quoting case, which proves the check can fail.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { listGoldenCases, podmanVersionOf, ROOT, type GoldenCase } from './support/golden-cases.js'
import { suiteRequiring, type RunResult } from './support/podman.js'
import {
  NEEDS_PODMAN5,
  PODMAN5_ROOT,
  PODMAN5_VERSION,
  PODMAN5_WORK_MOUNT,
  acquirePodman5Lock,
  bashInPodman5,
  runInPodman5,
} from './support/podman5.js'
import { replayUnits, type ReplayTarget } from './support/replay-suite.js'
import { runCli } from './support/run-cli.js'
import { scratchDir } from './support/scratch.js'
import { readUnitDir } from './support/unit-parse.js'
import { addDependencyStubs } from './support/verify-stubs.js'

const ROOT_RUN_ROOT = '/run/containers/storage'

const PODMAN5: ReplayTarget = {
  release: PODMAN5_VERSION,
  runRoot: () => ROOT_RUN_ROOT,
  // The host's cgroups: pod create --memory/--cpus (pod-level resources) needs their controllers.
  runScript: (script, work) =>
    bashInPodman5(script, { work, allowFailure: true, timeoutMs: 300_000, cgroups: 'host' }),
}

/** Units whose `pod create` limits the pod's cgroup. */
function needsPodLimits(units: readonly { readonly text: string }[]): boolean {
  return units.some((u) => /pod create [^]*?\n\t--(cpus|memory) /.test(u.text))
}

let controllers: string | undefined
function hasCpuAndMemoryControllers(): boolean {
  controllers ??= bashInPodman5('cat /sys/fs/cgroup/cgroup.controllers').stdout
  const list = controllers.split(/\s+/)
  return list.includes('cpu') && list.includes('memory')
}

/** Every golden case once, for 5.4: its `@5.4` variant when it has one, else the case itself. */
function casesFor54(): GoldenCase[] {
  const all = listGoldenCases()
  const variants = new Set(all.filter((c) => podmanVersionOf(c.args) === '5.4').map((c) => c.name))
  return all.filter((c) =>
    podmanVersionOf(c.args) === '5.4' ? true : !variants.has(`${c.name}@5.4`),
  )
}

/** The 5.4 units of a case: its golden files, or what convert writes now with --podman-version 5.4. */
function unitsDir(c: GoldenCase, work: string): string {
  if (podmanVersionOf(c.args) === '5.4') return c.expectedDir
  const out = join(work, 'ours')
  mkdirSync(out, { recursive: true })
  const argv = ['convert', ...c.args, '--podman-version', '5.4', '-o', out]
  const r = runCli([...argv, relative(ROOT, c.inputPath)], { cwd: ROOT })
  expect(r.status, r.stderr).toBe(0)
  return out
}

/** systemd-analyze verify (257) inside the root, on every `*.service` of `dir` (under `work`). */
function verify54(dir: string, work: string): RunResult {
  const inside = join(PODMAN5_WORK_MOUNT, relative(work, dir))
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.service'))
    .sort()
    .map((f) => join(inside, f))
  return runInPodman5(
    [
      'env',
      'SYSTEMD_LOG_COLOR=0',
      // stdout and stderr are pipes: without this, systemd 257 logs nowhere the test can see
      'SYSTEMD_LOG_TARGET=console',
      'SYSTEMD_PAGER=',
      'systemd-analyze',
      'verify',
      '--man=no',
      ...files,
    ],
    { work, allowFailure: true },
  )
}

const suite = suiteRequiring('replay parity (Podman 5.4.2)', [NEEDS_PODMAN5])

suite(`replay parity with podman generate systemd (Podman ${PODMAN5_VERSION})`, () => {
  const scratch = scratchDir('podunit-replay5-')
  let release: (() => void) | undefined
  beforeAll(async () => {
    release = await acquirePodman5Lock()
  })
  afterAll(() => release?.())
  const cases = casesFor54().filter((c) => existsSync(c.inputPath) || existsSync(c.expectedDir))
  it('has every golden case', () => {
    expect(cases.length).toBe(
      listGoldenCases().filter((c) => podmanVersionOf(c.args) === '4.3').length,
    )
  })

  it.each(cases)('$name', (c) => {
    const work = join(scratch(), c.name)
    mkdirSync(work, { recursive: true })
    const ours = unitsDir(c, work)
    const units = readUnitDir(ours)
    if (units.length === 0) return
    // `pod create --cpus/--memory` makes the pod's cgroup at once; the root's cgroup2 view of a
    // cgroup v1/hybrid host has no cpu or memory controller (podman5.md §6).
    const replayable = !needsPodLimits(units) || hasCpuAndMemoryControllers()
    const replayed = replayable
      ? replayUnits(PODMAN5, units, c.args, join(work, 'podman'))
      : { summary: 'skipped: no cpu or memory cgroup controller in the root', podmanDirs: [] }
    process.stdout.write(`replay ${PODMAN5_VERSION} ${c.name}: ${replayed.summary}\n`)

    const verifyDir = join(work, 'verify')
    mkdirSync(verifyDir)
    for (const u of units) cpSync(join(ours, u.fileName), join(verifyDir, u.fileName))
    addDependencyStubs(verifyDir, PODMAN5_ROOT)
    const v = verify54(verifyDir, work)
    expect(`${v.stdout}${v.stderr}`, 'systemd-analyze verify (257) output').toBe('')
    expect(v.status).toBe(0)

    if (c.name === 'quoting@5.4') {
      const theirs = verify54(replayed.podmanDirs[0]!, work)
      expect(theirs.status).not.toBe(0)
      expect(`${theirs.stdout}${theirs.stderr}`).toMatch(
        /container-edge-c\.service:\d+: Unbalanced quoting, ignoring: "\/usr\/bin\/podman run .*--env QUOTE=it's/,
      )
    }
  })
})
