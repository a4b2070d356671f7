/**
 * What a rootless Podman cannot do, reported by `convert --rootless` (and `install --user`) at
 * its YAML position: errors where the pod cannot start, warnings where it runs differently. Each
 * case is one line per finding: `line:column severity id pointer`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { convert } from '../src/index.js'
import type { Diagnostic } from '../src/index.js'
import { ROOT } from './support/golden-cases.js'
import { runCli } from './support/run-cli.js'

const DIR = join(ROOT, 'test/fixtures/rootless')
const WARNINGS = join(DIR, 'warnings.yaml')
const ERRORS = join(DIR, 'errors.yaml')

const summary = (d: Diagnostic) => `${d.line}:${d.column} ${d.severity} ${d.id} ${d.pointer}`
const read = (path: string) => ({ path, text: readFileSync(path, 'utf8') })

describe('convert --rootless', () => {
  it('warns where the pod runs differently, at each field', () => {
    const result = convert(read(WARNINGS), { rootless: true })
    expect(result.ok).toBe(true)
    expect(result.diagnostics.map(summary)).toEqual([
      '10:15 warning PU4705 /spec/volumes/0/hostPath/path', // /etc/shadow: unreadable
      '13:15 warning PU4705 /spec/volumes/1/hostPath/path', // /root/ itself: unreadable
      '16:15 warning PU4707 /spec/volumes/2/hostPath/path', // a CharDevice
      '26:21 warning PU4701 /spec/containers/0/ports/0/hostPort', // 80 < 1024; 1024 is fine
      '31:21 warning PU4703 /spec/containers/0/securityContext/privileged',
      '33:17 warning PU4704 /spec/containers/0/securityContext/capabilities/add/0', // SYS_TIME
      '33:38 warning PU4704 /spec/containers/0/securityContext/capabilities/add/2', // CAP_SYS_MODULE
      '45:16 warning PU4702 /spec/hostNetwork',
      '46:12 warning PU4702 /spec/hostPID',
      '47:12 warning PU4702 /spec/hostIPC',
      '50:15 warning PU4706 /spec/securityContext/sysctls/0/name',
    ])
    expect(result.units.map((u) => u.fileName)).toContain('pod-rootless-warnings.service')
    const text = (id: string) => result.diagnostics.find((d) => d.id === id)?.message
    expect(text('PU4701')).toContain('sysctl net.ipv4.ip_unprivileged_port_start=80')
    expect(text('PU4704')).toContain('SYS_TIME')
  })

  it('refuses what cannot start, and writes nothing', () => {
    const result = convert(read(ERRORS), { rootless: true })
    expect(result.ok).toBe(false)
    expect(result.units).toEqual([])
    expect(result.dataFiles).toEqual([])
    expect(result.diagnostics.map(summary)).toEqual([
      '8:16 error PU2201 /spec/securityContext/runAsUser', // 70000 > 65536
      '10:31 error PU2201 /spec/securityContext/supplementalGroups/1', // 65537; 100 is fine
      '14:15 error PU2202 /spec/volumes/0/hostPath/path', // under /root
      '17:15 error PU2202 /spec/volumes/1/hostPath/path', // under /var/lib/containers
      '18:3 warning PU4002 /spec/initContainers',
      '22:21 error PU2201 /spec/initContainers/0/securityContext/runAsGroup',
    ])
    const text = (pointer: string) => result.diagnostics.find((d) => d.pointer === pointer)?.message
    expect(text('/spec/securityContext/runAsUser')).toContain('65536')
    expect(text('/spec/volumes/1/hostPath/path')).toContain('inside /var/lib/containers')
  })

  it('reports none of it for a root Podman', () => {
    expect(convert(read(WARNINGS)).diagnostics.map(summary)).toEqual([])
    expect(convert(read(ERRORS)).diagnostics.map(summary)).toEqual([
      '18:3 warning PU4002 /spec/initContainers',
    ])
  })

  it('on the command line: warnings keep exit status 0, errors are 1, install --user checks too', () => {
    const warned = runCli(['convert', '--rootless', '--stdout', WARNINGS])
    expect(warned.status).toBe(0)
    expect(warned.stderr).toContain(
      `${WARNINGS}:26:21: warning PU4701: spec.containers[0].ports[0].hostPort: hostPort 80 is below 1024`,
    )
    const refused = runCli(['convert', '--rootless', '--stdout', ERRORS])
    expect(refused.status).toBe(1)
    expect(refused.stdout).toBe('')
    const commands: string[][] = []
    const install = runCli(['install', '--user', '--dry-run', ERRORS], {
      env: { HOME: '/nonexistent' },
      isRoot: false,
      subordinateIds: () => 65536,
      runCommand: (argv) => {
        commands.push([...argv])
        return { status: 0, stderr: '' }
      },
    })
    expect(install.status).toBe(1)
    expect(install.stderr).toContain(`${ERRORS}:8:16: error PU2201:`)
    expect(commands).toEqual([])
  })
})

describe('--rootless is the same in every format and Podman version', () => {
  const formats: Record<string, object> = {
    'Podman 4.3 units': { podmanVersion: '4.3' },
    'Podman 5.4 units': { podmanVersion: '5.4' },
  }
  // The Quadlet format comes with --quadlet: the same checks, before any format is written.
  if (runCli(['convert', '--help']).stdout.includes('--quadlet'))
    formats['Quadlet files'] = { quadlet: true }

  it('reports the same findings at the same positions', () => {
    const expected = convert(read(WARNINGS), { rootless: true }).diagnostics.map(summary)
    const refused = convert(read(ERRORS), { rootless: true }).diagnostics.map(summary)
    for (const [name, options] of Object.entries(formats)) {
      const warned = convert(read(WARNINGS), { ...options, rootless: true })
      expect(warned.diagnostics.map(summary), name).toEqual(expected)
      expect(warned.ok, name).toBe(true)
      const errors = convert(read(ERRORS), { ...options, rootless: true })
      expect(errors.diagnostics.map(summary), name).toEqual(refused)
      expect(errors.ok, name).toBe(false)
    }
  })

  it('writes units that wait for the user runtime directory, in both versions', () => {
    const seed = read(join(ROOT, 'samples/seed.yaml'))
    for (const podmanVersion of ['4.3', '5.4'] as const) {
      const units = convert(seed, { rootless: true, podmanVersion }).units
      expect(units.length, podmanVersion).toBe(3)
      for (const unit of units) {
        expect(unit.content, `${podmanVersion} ${unit.fileName}`).toContain(
          'RequiresMountsFor=%t/containers\n',
        )
        expect(unit.content).not.toContain('/run/containers/storage')
      }
    }
  })
})
