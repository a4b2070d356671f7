/**
 * Exec probes run without a shell, as the kubelet runs them: the units' `--health-cmd` is
 * Podman's exec form, proved with `podman healthcheck run` in an image that has no `/bin/sh`
 * (busybox with links for a few applets, `sh` not among them). A passing probe reports healthy
 * (exit 0), a failing one unhealthy (exit 1), and words with spaces and quotes keep their meaning.
 *
 * The pod is made from the units' own `podman pod create` / `podman run` arguments (read back as
 * the replay test reads them), with `podman create`, then started.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert } from '../src/index.js'
import {
  HEALTH_EXPECTED as EXPECTED,
  HEALTH_IMAGE as IMAGE,
  HEALTH_MANIFEST,
  HEALTH_OUTCOME,
  HEALTH_POD as POD,
  writeHealthRootfs,
} from './support/health-exec.js'
import {
  NEEDS_PODMAN,
  NEEDS_ROOT,
  acquirePodmanLock,
  podman,
  suiteRequiring,
} from './support/podman.js'
import { readPodUnits } from './support/unit-parse.js'

const suite = suiteRequiring('exec probes under Podman', [NEEDS_PODMAN, NEEDS_ROOT])

suite('exec probes run without a shell (Podman 4.3.1)', () => {
  let release: (() => void) | undefined
  let scratch = ''
  const status = new Map<string, { code: number | null; out: string }>()

  beforeAll(async () => {
    release = await acquirePodmanLock()
    scratch = mkdtempSync(join(tmpdir(), 'podunit-health-'))
    podman(['import', '-q', writeHealthRootfs(scratch), IMAGE])
    const result = convert({ path: 'pod.yaml', text: HEALTH_MANIFEST }, {})
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
    const units = result.units.map((u) => ({ fileName: u.fileName, text: u.content }))
    const read = readPodUnits(units)
    podman(['pod', 'rm', '-f', '-t', '0', '--ignore', POD])
    podman(['pod', 'create', '--exit-policy=stop', ...read.pod.createArgs])
    for (const c of read.containers) podman(['create', '--pod', POD, ...c.runArgs])
    podman(['pod', 'start', POD])
    for (const name of Object.keys(EXPECTED)) {
      const r = podman(['healthcheck', 'run', `${POD}-${name}`], { allowFailure: true })
      status.set(name, { code: r.status, out: (r.stdout + r.stderr).trim() })
    }
  }, 600_000)

  afterAll(() => {
    podman(['pod', 'rm', '-f', '-t', '0', '--ignore', POD], { allowFailure: true })
    podman(['rmi', '-f', '--ignore', IMAGE], { allowFailure: true })
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
    release?.()
  })

  it.each(Object.entries(EXPECTED))('%s is %s', (name, expected) => {
    const got = status.get(name)
    expect(got).toEqual(HEALTH_OUTCOME[expected])
  })

  it('the image has no /bin/sh, so a shell-form check fails there', () => {
    const r = podman(['run', '--rm', IMAGE, '/bin/test', '-e', '/bin/sh'], { allowFailure: true })
    expect(r.status).toBe(1)
  })
})
