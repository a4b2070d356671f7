/**
 * The Podman 5.4.2 oracle itself (test/podman5/): the versions the other suites rely on, and a
 * container with a network, run from the test image without pulling.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { suiteRequiring } from './support/podman.js'
import {
  NEEDS_PODMAN5,
  PODMAN5_VERSION,
  acquirePodman5Lock,
  bashInPodman5,
  podman5,
  runInPodman5,
} from './support/podman5.js'

const suite = suiteRequiring('podman 5 oracle', [NEEDS_PODMAN5])

suite(`the Podman ${PODMAN5_VERSION} test root`, () => {
  let release: (() => void) | undefined
  let work = ''
  beforeAll(async () => {
    release = await acquirePodman5Lock()
    work = mkdtempSync(join(tmpdir(), 'podunit-podman5-'))
  })
  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
    release?.()
  })

  it('holds Podman 5.4.2 and systemd 257', () => {
    expect(podman5(['--version']).stdout).toBe(`podman version ${PODMAN5_VERSION}\n`)
    expect(runInPodman5(['systemctl', '--version']).stdout).toMatch(/^systemd 257 /)
  })

  it('runs a container with a published port from a local tag, and writes into the work dir', () => {
    const r = bashInPodman5(
      [
        'podman run --rm --name podunit-oracle-probe -p 18080:80 docker.io/library/nginx:1.25 ' +
          'sh -c "cat /proc/self/cgroup >/dev/null; echo hi" > out.txt',
        'podman ps -a --filter name=podunit-oracle-probe --format "{{.Names}}" | wc -l >> out.txt',
      ].join('\n'),
      { work },
    )
    expect(r.status).toBe(0)
    expect(readFileSync(join(work, 'out.txt'), 'utf8')).toBe('hi\n0\n')
  })
})
