/**
 * The Podman 5.4.2 half of the exec-probe proof (the 4.3.1 half is test/health-exec.test.ts, with
 * the same cases: test/support/health-exec.ts). The pod is made twice in the 5.4.2 root, in one
 * held-open session so that its containers keep running between commands: from the
 * `--podman-version 5.4` units' own `podman pod create` / `podman run` arguments, and from what
 * the Quadlet generator writes for our `--quadlet` files. Each time, `podman healthcheck run` of
 * every container must say what the probe means: healthy when it passes, unhealthy when it fails,
 * in an image without `/bin/sh`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert, type ConvertOptions } from '../src/index.js'
import {
  HEALTH_EXPECTED,
  HEALTH_IMAGE,
  HEALTH_MANIFEST,
  HEALTH_OUTCOME,
  HEALTH_POD,
  writeHealthRootfs,
} from './support/health-exec.js'
import { suiteRequiring } from './support/podman.js'
import {
  NEEDS_PODMAN5,
  PODMAN5_VERSION,
  Podman5Session,
  acquirePodman5Lock,
} from './support/podman5.js'
import { readGeneratedPod } from './support/quadlet-read.js'
import { readPodUnits } from './support/unit-parse.js'

type Verdicts = Map<string, { code: number | null; out: string }>

function convertPod(options: ConvertOptions): { fileName: string; text: string }[] {
  const result = convert({ path: 'pod.yaml', text: HEALTH_MANIFEST }, options)
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return result.units.map((u) => ({ fileName: u.fileName, text: u.content }))
}

const suite = suiteRequiring('exec probes under Podman 5', [NEEDS_PODMAN5])

suite(`exec probes run without a shell (Podman ${PODMAN5_VERSION})`, () => {
  let release: (() => void) | undefined
  let session: Podman5Session | undefined
  let scratch = ''
  const verdicts = new Map<'units' | 'quadlet', Verdicts>()

  /** Makes the pod, runs every container's health check, removes the pod. */
  function play(createArgs: readonly string[], containers: readonly (readonly string[])[]) {
    const s = session!
    const rm = ['pod', 'rm', '-f', '-t', '0', '--ignore', HEALTH_POD]
    s.podman(rm)
    s.podman(['pod', 'create', ...createArgs])
    for (const args of containers) s.podman(['create', '--pod', HEALTH_POD, ...args])
    s.podman(['pod', 'start', HEALTH_POD])
    const got: Verdicts = new Map()
    for (const name of Object.keys(HEALTH_EXPECTED)) {
      const r = s.podman(['healthcheck', 'run', `${HEALTH_POD}-${name}`], { allowFailure: true })
      got.set(name, { code: r.status, out: (r.stdout + r.stderr).trim() })
    }
    s.podman(rm)
    return got
  }

  beforeAll(async () => {
    release = await acquirePodman5Lock()
    scratch = mkdtempSync(join(tmpdir(), 'podunit-health5-'))
    const tar = writeHealthRootfs(scratch)
    session = Podman5Session.start(scratch)
    session.podman(['import', '-q', tar, HEALTH_IMAGE])

    const units = readPodUnits(convertPod({ podmanVersion: '5.4' }))
    const unitArgs = units.containers.map((c) => c.runArgs)
    verdicts.set('units', play(['--exit-policy=stop', ...units.pod.createArgs], unitArgs))

    const quadletDir = join(scratch, 'quadlet')
    mkdirSync(quadletDir)
    for (const f of convertPod({ podmanVersion: '5.4', quadlet: true })) {
      writeFileSync(join(quadletDir, f.fileName), f.text)
    }
    const gen = join(scratch, 'gen')
    const generator = ['/usr/libexec/podman/quadlet', '-no-kmsg-log', gen]
    session.run(['env', `QUADLET_UNIT_DIRS=${quadletDir}`, ...generator])
    const quadlet = readGeneratedPod(gen)
    const quadletArgs = quadlet.containers.map((c) => c.runArgs)
    verdicts.set('quadlet', play(quadlet.createArgs, quadletArgs))
  }, 600_000)

  afterAll(() => {
    session?.podman(['pod', 'rm', '-f', '-t', '0', '--ignore', HEALTH_POD], { allowFailure: true })
    session?.podman(['rmi', '-f', '--ignore', HEALTH_IMAGE], { allowFailure: true })
    session?.stop()
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
    release?.()
  })

  const cases = (['units', 'quadlet'] as const).flatMap((side) =>
    Object.entries(HEALTH_EXPECTED).map(([name, expected]) => ({ side, name, expected })),
  )
  it.each(cases)('$side: $name is $expected', ({ side, name, expected }) => {
    expect(verdicts.get(side)?.get(name)).toEqual(HEALTH_OUTCOME[expected])
  })

  it('the image has no /bin/sh, so a shell-form check fails there', () => {
    const r = session!.podman(['run', '--rm', HEALTH_IMAGE, '/bin/test', '-e', '/bin/sh'], {
      allowFailure: true,
    })
    expect(r.status).toBe(1)
  })
})
