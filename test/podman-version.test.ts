/**
 * `--podman-version 4.3|5.4` (`podmanVersion` in the library): whose `generate systemd` output is
 * written, by every command that writes units. What each version writes is proved byte for byte
 * by the replay tests (Podman 4.3.1: replay.test.ts, 5.4.2: replay-podman5.test.ts); here, that
 * the choice reaches the output everywhere and that an unknown version is refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { convert, DEFAULT_PODMAN_VERSION, PODMAN_VERSIONS } from '../src/index.js'
import type { ConvertOptions } from '../src/index.js'
import { ROOT } from './support/golden-cases.js'
import { runCli } from './support/run-cli.js'

const SEED = join(ROOT, 'samples/seed.yaml')
const yaml = readFileSync(SEED, 'utf8')
let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podunit-podman-version-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function unitsOf(options: ConvertOptions): Record<string, string> {
  const result = convert({ path: 'seed.yaml', text: yaml }, options)
  expect(result.ok).toBe(true)
  return Object.fromEntries(result.units.map((u) => [u.fileName, u.content]))
}

describe('the library', () => {
  it('supports 4.3 and 5.4, 4.3 by default', () => {
    expect(PODMAN_VERSIONS).toEqual(['4.3', '5.4'])
    expect(DEFAULT_PODMAN_VERSION).toBe('4.3')
    expect(unitsOf({})).toEqual(unitsOf({ podmanVersion: '4.3' }))
  })

  it('5.4: no ExecStartPre=/bin/rm, RestartSec= in container units too; nothing else moves', () => {
    const old = unitsOf({ restartSec: 5, podmanVersion: '4.3' })
    const now = unitsOf({ restartSec: 5, podmanVersion: '5.4' })
    expect(Object.keys(now)).toEqual(Object.keys(old))
    const pod = 'pod-my-pod.service'
    const ctr = 'container-my-pod-container-a.service'
    expect(old[pod]).toContain(
      'ExecStartPre=/bin/rm \\\n\t-f %t/pod-my-pod.pid %t/pod-my-pod.pod-id\n',
    )
    expect(now[pod]).toBe(
      old[pod]!.replace(
        'ExecStartPre=/bin/rm \\\n\t-f %t/pod-my-pod.pid %t/pod-my-pod.pod-id\n',
        '',
      ),
    )
    expect(old[ctr]).not.toContain('RestartSec=')
    expect(now[ctr]).toBe(
      old[ctr]!.replace('ExecStartPre=/bin/rm \\\n\t-f %t/%n.ctr-id\n', '').replace(
        /^(Restart=.*\n)/m,
        '$1RestartSec=5\n',
      ),
    )
  })

  it('CSV-quotes the values of --annotation for 4.3 only (a string array since Podman 5)', () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p, annotations: {a: "x, y"}}',
      'spec: {containers: [{name: c, image: busybox}]}',
    ].join('\n')
    const unit = (podmanVersion: '4.3' | '5.4') =>
      convert(pod, { podmanVersion }).units.find((u) => u.fileName === 'container-p-c.service')!
        .content
    expect(unit('4.3')).toContain('\t--annotation "\\"a=x, y\\"" ')
    expect(unit('5.4')).toContain('\t--annotation "a=x, y" ')
  })

  it('refuses a version it cannot vouch for, naming the supported ones', () => {
    const options = { podmanVersion: '5.2' } as unknown as ConvertOptions
    expect(() => convert(yaml, options)).toThrow(
      new RangeError('podmanVersion "5.2" is not supported (4.3, 5.4)'),
    )
  })
})

describe('the command line', () => {
  it('convert --podman-version 5.4 writes the 5.4 units', () => {
    const run = runCli(['convert', '--podman-version', '5.4', '--stdout', SEED])
    expect(run.status).toBe(0)
    expect(run.stdout).not.toContain('/bin/rm')
    expect(run.stdout).toContain('ExecStart=/usr/bin/podman run')
  })

  it.each(['5.2', '4', '5.4.2', 'latest', ''])('refuses --podman-version %j (exit 2)', (v) => {
    const run = runCli(['convert', '--podman-version', v, '--stdout', SEED])
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(
      `--podman-version ${v} is not supported: podunit writes what 4.3 (Podman 4.3.1) and 5.4 (Podman 5.4.2) write; give 4.3 or 5.4`,
    )
  })

  it('check compares with the units of the version given', () => {
    expect(runCli(['convert', '--podman-version', '5.4', '-o', dir, SEED]).status).toBe(0)
    expect(runCli(['check', '--podman-version', '5.4', '-o', dir, SEED]).status).toBe(0)
    const stale = runCli(['check', '-o', dir, SEED])
    expect(stale.status).toBe(1)
    expect(stale.stdout + stale.stderr).toContain('pod-my-pod.service')
  })

  it('install writes the units of the version given', () => {
    const units = join(dir, 'units')
    const args = ['install', '--system', '--unit-dir', units, '--data-dir', join(dir, 'data')]
    expect(runCli([...args, '--podman-version', '5.4', SEED]).status).toBe(0)
    expect(readFileSync(join(units, 'pod-my-pod.service'), 'utf8')).not.toContain('/bin/rm')
  })

  it('is in the help and the completion of convert, check and install', () => {
    for (const command of ['convert', 'check', 'install']) {
      expect(runCli([command, '--help']).stdout).toMatch(/--podman-version VERSION +Write what/)
    }
    const bash = runCli(['completion', 'bash']).stdout
    for (const command of ['convert', 'check', 'install']) {
      expect(bash).toMatch(new RegExp(`    ${command}\\) opts="[^"]*--podman-version`))
    }
    expect(runCli(['completion', 'zsh']).stdout).toContain("'--podman-version[Write what")
  })
})
