/**
 * Exec probes run without a shell, as the kubelet runs them: the units' `--health-cmd` is
 * Podman's exec form, proved with `podman healthcheck run` in an image that has no `/bin/sh`
 * (busybox with links for a few applets, `sh` not among them). A passing probe reports healthy
 * (exit 0), a failing one unhealthy (exit 1), and words with spaces and quotes keep their meaning.
 *
 * The pod is made from the units' own `podman pod create` / `podman run` arguments (read back as
 * the replay test reads them), with `podman create`, then started.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { convert } from '../src/index.js'
import {
  NEEDS_PODMAN,
  NEEDS_ROOT,
  acquirePodmanLock,
  podman,
  run,
  suiteRequiring,
} from './support/podman.js'
import { readPodUnits } from './support/unit-parse.js'

const IMAGE = 'localhost/podunit-test-nosh:latest'
const POD = 'podunit-health-exec'
const ODD_FILE = `/etc/a b'c "d"`

const exec = (name: string, command: readonly string[]) => ({
  name,
  image: IMAGE,
  command: ['/bin/sleep', '3600'],
  livenessProbe: { exec: { command }, periodSeconds: 3600 },
})

const MANIFEST = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: POD },
  spec: {
    restartPolicy: 'Never',
    containers: [
      exec('passes', ['/bin/cat', '/etc/ready']),
      exec('fails', ['/bin/cat', '/etc/missing']),
      exec('one-word', ['/bin/true']),
      exec('one-word-fails', ['/bin/false']),
      exec('odd-words', ['/bin/test', '-f', ODD_FILE]),
      exec('odd-words-fail', ['/bin/test', '-d', ODD_FILE]),
    ],
  },
}

/** Container → what `podman healthcheck run` must say. */
const EXPECTED: Readonly<Record<string, 'healthy' | 'unhealthy'>> = {
  passes: 'healthy',
  fails: 'unhealthy',
  'one-word': 'healthy',
  'one-word-fails': 'unhealthy',
  'odd-words': 'healthy',
  'odd-words-fail': 'unhealthy',
}

/** busybox as /bin/busybox with links for the applets the probes use; no /bin/sh. */
function buildImage(dir: string): void {
  const root = join(dir, 'rootfs')
  mkdirSync(join(root, 'bin'), { recursive: true })
  mkdirSync(join(root, 'etc'))
  mkdirSync(join(root, 'tmp'))
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'))
  for (const applet of ['cat', 'sleep', 'test', 'true', 'false']) {
    symlinkSync('busybox', join(root, 'bin', applet))
  }
  writeFileSync(join(root, 'etc/ready'), 'ok\n')
  writeFileSync(join(root, ODD_FILE), '')
  run('tar', ['--numeric-owner', '-C', root, '-cf', join(dir, 'rootfs.tar'), '.'])
  podman(['import', '-q', join(dir, 'rootfs.tar'), IMAGE])
}

const suite = suiteRequiring('exec probes under Podman', [NEEDS_PODMAN, NEEDS_ROOT])

suite('exec probes run without a shell (Podman 4.3.1)', () => {
  let release: (() => void) | undefined
  let scratch = ''
  const status = new Map<string, { code: number | null; out: string }>()

  beforeAll(async () => {
    release = await acquirePodmanLock()
    scratch = mkdtempSync(join(tmpdir(), 'podunit-health-'))
    buildImage(scratch)
    const result = convert({ path: 'pod.yaml', text: JSON.stringify(MANIFEST) }, {})
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
    expect(got).toEqual(
      expected === 'healthy' ? { code: 0, out: '' } : { code: 1, out: 'unhealthy' },
    )
  })

  it('the image has no /bin/sh, so a shell-form check fails there', () => {
    const r = podman(['run', '--rm', IMAGE, '/bin/test', '-e', '/bin/sh'], { allowFailure: true })
    expect(r.status).toBe(1)
  })
})
