/**
 * The Podman suites use a private store (test/podman/store.sh, through podmanEnv()): its own
 * graph root, run root, tmp and network config directories, never the user's images, containers,
 * pods, volumes, secrets or networks.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import {
  acquirePodmanLock,
  NEEDS_PODMAN,
  NEEDS_TEST_IMAGE,
  PODMAN_STORE,
  podman,
  suiteRequiring,
} from './support/podman.js'

const suite = suiteRequiring('private Podman store', [NEEDS_PODMAN, NEEDS_TEST_IMAGE])

suite('the private Podman store of the tests', () => {
  it('keeps images, containers, state and networks below its own directory', () => {
    const format = [
      '{{.Store.GraphRoot}}',
      '{{.Store.RunRoot}}',
      '{{.Store.VolumePath}}',
      '{{.Store.ConfigFile}}',
    ].join('\n')
    const [graph, run, volumes, config] = podman(['info', '--format', format]).stdout.split('\n')
    expect({ graph, run, volumes, config }).toEqual({
      graph: `${PODMAN_STORE}/graph`,
      run: `${PODMAN_STORE}/run`,
      volumes: `${PODMAN_STORE}/graph/volumes`,
      config: `${PODMAN_STORE}/storage.conf`,
    })
  })

  it('keeps networks in its own config directory', async () => {
    const release = await acquirePodmanLock()
    const name = `podunit-store-probe-${process.pid}`
    try {
      podman(['network', 'create', name])
      expect(existsSync(join(PODMAN_STORE, 'networks', `${name}.json`))).toBe(true)
    } finally {
      podman(['network', 'rm', '-f', name], { allowFailure: true })
      release()
    }
  })

  it('holds the test image under the names the tests use', () => {
    const id = podman(['image', 'inspect', '--format', '{{.Id}}', 'localhost/busybox:latest'])
    const centos = podman(['image', 'inspect', '--format', '{{.Id}}', 'docker.io/library/centos'])
    expect(centos.stdout).toBe(id.stdout)
  })
})
