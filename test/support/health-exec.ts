/**
 * The cases of the exec-probe proof, shared by the Podman 4.3.1 and 5.4.2 suites
 * (test/health-exec*.test.ts): one pod whose containers have exec liveness probes, what
 * `podman healthcheck run` must say of each, and an image without `/bin/sh` to run them in.
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { run } from './podman.js'

export const HEALTH_IMAGE = 'localhost/podunit-test-nosh:latest'
export const HEALTH_POD = 'podunit-health-exec'
const ODD_FILE = `/etc/a b'c "d"`

const exec = (name: string, command: readonly string[]) => ({
  name,
  image: HEALTH_IMAGE,
  command: ['/bin/sleep', '3600'],
  livenessProbe: { exec: { command }, periodSeconds: 3600 },
})

/** The pod, as JSON text (a YAML document). */
export const HEALTH_MANIFEST = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: HEALTH_POD },
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
})

/** Container → what `podman healthcheck run` must say. */
export const HEALTH_EXPECTED: Readonly<Record<string, 'healthy' | 'unhealthy'>> = {
  passes: 'healthy',
  fails: 'unhealthy',
  'one-word': 'healthy',
  'one-word-fails': 'unhealthy',
  'odd-words': 'healthy',
  'odd-words-fail': 'unhealthy',
}

/** `podman healthcheck run`'s exit status and output for each verdict. */
export const HEALTH_OUTCOME = {
  healthy: { code: 0, out: '' },
  unhealthy: { code: 1, out: 'unhealthy' },
} as const

/**
 * Writes `<dir>/rootfs.tar` for `podman import`: busybox as /bin/busybox with links for the
 * applets the probes use; no /bin/sh. Returns the tar's path.
 */
export function writeHealthRootfs(dir: string): string {
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
  const tar = join(dir, 'rootfs.tar')
  run('tar', ['--numeric-owner', '-C', root, '-cf', tar, '.'])
  return tar
}
