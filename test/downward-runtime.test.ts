/**
 * The downward API in a running container (real Podman 4.3.1): `podunit convert -o DIR` writes the
 * units and the data files (`DIR/podunit-data`, given as `--data-dir`), the pod and container
 * are made from the units' own `podman pod create` / `podman run` arguments, and the container,
 * which runs as user 1000, lists and reads its downwardAPI, projected and Secret-projected
 * volumes: names, modes, owners and contents as Kubernetes would show them, without the
 * `..data` links of Kubernetes' atomic writer (README: "ConfigMaps and Secrets").
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  acquirePodmanLock,
  NEEDS_PODMAN,
  NEEDS_ROOT,
  NEEDS_TEST_IMAGE,
  podman,
  removePods,
  suiteRequiring,
} from './support/podman.js'
import { runCli } from './support/run-cli.js'
import { scratchDir } from './support/scratch.js'
import { readPodUnits, readUnitDir } from './support/unit-parse.js'

const POD = 'podunit-downward-rt'
const GROUPS_POD = 'podunit-groups-rt'

const YAML = `apiVersion: v1
kind: Secret
metadata:
  name: token
stringData:
  token: s3cret
---
apiVersion: v1
kind: Pod
metadata:
  name: ${POD}
  namespace: shop
  labels:
    app: shop
  annotations:
    note: 'say "hi"'
spec:
  securityContext:
    runAsUser: 1000
  volumes:
    - name: info
      downwardAPI:
        items:
          - path: name
            fieldRef:
              fieldPath: metadata.name
          - path: labels
            fieldRef:
              fieldPath: metadata.labels
          - path: annotations
            fieldRef:
              fieldPath: metadata.annotations
          - path: limits/memory
            mode: 0440
            resourceFieldRef:
              containerName: app
              resource: limits.memory
              divisor: 1Mi
    - name: creds
      projected:
        sources:
          - secret:
              name: token
          - downwardAPI:
              items:
                - path: namespace
                  fieldRef:
                    fieldPath: metadata.namespace
  containers:
    - name: app
      image: localhost/busybox:latest
      command: [/bin/sleep, '1000']
      resources:
        limits:
          memory: 64Mi
      volumeMounts:
        - name: info
          mountPath: /etc/podinfo
        - name: creds
          mountPath: /etc/creds
`

/** `mode owner name` of every entry below the mounts, then the files' contents. */
const LIST = [
  'cd /etc/podinfo && find . -mindepth 1 | sort | while read -r f; do stat -c "%a %u %n" "$f"; done',
  'cd /etc/creds && find . -mindepth 1 | sort | while read -r f; do stat -c "%a %u %n" "$f"; done',
  'for f in /etc/podinfo/name /etc/podinfo/labels /etc/podinfo/annotations /etc/podinfo/limits/memory /etc/creds/token /etc/creds/namespace; do printf "%s=[%s]\\n" "$f" "$(cat "$f")"; done',
  'id -u',
].join('; ')

const suite = suiteRequiring('downward API at run time', [
  NEEDS_ROOT,
  NEEDS_PODMAN,
  NEEDS_TEST_IMAGE,
])

suite('downward API files in a running container', () => {
  const scratch = scratchDir('podunit-downward-')
  let release: () => void = () => undefined
  beforeAll(async () => {
    release = await acquirePodmanLock()
    removePods([POD, GROUPS_POD])
  }, 620_000)
  afterAll(() => {
    removePods([POD, GROUPS_POD])
    release()
  })

  it('shows the container its files with Kubernetes names, modes and contents', () => {
    const out = join(scratch(), 'out')
    mkdirSync(out)
    const dataDir = join(out, 'podunit-data')
    const converted = runCli(['convert', '-o', out, '--data-dir', dataDir, '-'], {
      readStdin: () => YAML,
    })
    expect(converted.stderr).toBe('')
    expect(converted.status).toBe(0)
    const { pod, containers } = readPodUnits(readUnitDir(out))
    podman(['pod', 'create', ...pod.createArgs])
    for (const container of containers) podman(['run', '-d', '--pod', POD, ...container.runArgs])
    const shown = podman(['exec', `${POD}-app`, '/bin/sh', '-c', LIST]).stdout
    expect(shown.split('\n')).toEqual([
      '644 0 ./annotations',
      '644 0 ./labels',
      '755 0 ./limits',
      '440 0 ./limits/memory',
      '644 0 ./name',
      // Secret data: 0600 in a 0700 directory, chowned to the container's user (the U option).
      '600 1000 ./namespace',
      '600 1000 ./token',
      `/etc/podinfo/name=[${POD}]`,
      '/etc/podinfo/labels=[app="shop"]',
      '/etc/podinfo/annotations=[note="say \\"hi\\""]',
      '/etc/podinfo/limits/memory=[64]',
      '/etc/creds/token=[s3cret]',
      '/etc/creds/namespace=[shop]',
      '1000',
      '',
    ])
    const mounts = podman([
      'exec',
      `${POD}-app`,
      '/bin/sh',
      '-c',
      'grep -E " /etc/(podinfo|creds) " /proc/self/mountinfo | cut -d" " -f5,6',
    ])
    expect(
      mounts.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['/etc/creds ro', '/etc/podinfo ro'])
  }, 120_000)

  // supplementalGroupsPolicy: Podman adds the groups the image's /etc/group gives the user for
  // `--user <uid>` (Merge), none for `--user <uid>:<gid>` (Strict): a container with runAsGroup
  // cannot have Merge (warning PU4454), one without cannot have Strict (PU4451).
  it('merges the image groups for --user <uid> only, as the warnings say', () => {
    const dir = scratch()
    writeFileSync(join(dir, 'group'), 'root:x:0:\nstaff:x:50:nobody\nnogroup:x:65534:\n')
    const container = (name: string, group: string) => `    - name: ${name}
      image: localhost/busybox:latest
      command: [/bin/sleep, '1000']
      securityContext: {runAsUser: 65534${group}}
      volumeMounts: [{name: group, mountPath: /etc/group, readOnly: true}]
`
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: ${GROUPS_POD}
spec:
  securityContext:
    supplementalGroups: [2000]
    supplementalGroupsPolicy: Merge
  volumes:
    - name: group
      hostPath: {path: ${join(dir, 'group')}, type: File}
  containers:
${container('merged', '')}${container('strict', ', runAsGroup: 65534')}`
    const out = join(dir, 'groups')
    mkdirSync(out)
    const converted = runCli(['convert', '-o', out, '-'], { readStdin: () => yaml })
    expect(converted.stderr).toMatch(/^-:8:31: warning PU4454: /)
    const { pod, containers } = readPodUnits(readUnitDir(out))
    podman(['pod', 'create', ...pod.createArgs])
    for (const c of containers) podman(['run', '-d', '--pod', GROUPS_POD, ...c.runArgs])
    const groups = (name: string) => podman(['exec', `${GROUPS_POD}-${name}`, 'id', '-G']).stdout
    expect(groups('merged')).toBe('65534 50 2000\n')
    expect(groups('strict')).toBe('65534 2000\n')
  }, 120_000)
})
